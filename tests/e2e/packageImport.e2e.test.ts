/** Refusals at import, in the real UI: a tampered package, a package signed by another key. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildUnsignedDemoPackage, demoPackageText } from '../../main/services/demo';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { signElectionPackage } from '../../shared/crypto/signed';
import type { ElectionPackage } from '../../shared/election/schemas';
import { screenshot, startStationUnderTest, type StationUnderTest } from './harness';

let station: StationUnderTest;
let page: Page;
beforeAll(async () => {
  station = await startStationUnderTest();
  page = station.page;
}, 60_000);
afterAll(async () => station?.close());

const WAIT = { timeout: 15_000 };
const step = () => page.getByTestId('step').getAttribute('data-step');

async function importFile(name: string, text: string) {
  await page.getByTestId('package-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
}

describe('package import in the browser', () => {
  it('refuses a tampered package and one signed by another district key, with the right messages', async () => {
    await page.goto(station.host.launchUrl);
    await expect.poll(step, WAIT).toBe('unconfigured');

    const genuine = JSON.parse(demoPackageText()) as ElectionPackage;
    const tampered = { ...genuine, ballotStock: genuine.ballotStock + 100 };
    await importFile('tampered.election.json', JSON.stringify(tampered));
    await expect.poll(() => page.locator('[data-code="signature.invalid"]').textContent(), WAIT).toContain('签名验证失败');
    expect(await step()).toBe('unconfigured');
    await screenshot(page, '10-import-tampered');

    await importFile('demo.election.json', demoPackageText());
    await expect.poll(step, WAIT).toBe('setup');
    await page.getByRole('button', { name: '重新导入选举包' }).click();
    await expect.poll(step, WAIT).toBe('unconfigured');

    const foreign = signElectionPackage(buildUnsignedDemoPackage(), generateKeyPair().secretKey);
    await importFile('foreign.election.json', JSON.stringify(foreign));
    await expect.poll(() => page.locator('[data-code="package.reprovisionRequired"]').textContent(), WAIT).toContain('另一个区级密钥');
    expect(await step()).toBe('unconfigured');
    await screenshot(page, '11-import-foreign-key');

    // Only an explicit re-provisioning accepts the new key.
    await page.getByTestId('reprovision').check();
    await importFile('foreign.election.json', JSON.stringify(foreign));
    await expect.poll(step, WAIT).toBe('setup');
  }, 120_000);

  it('shows the refusal in English when the clerk switches language', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Import another package' }).click();
    await expect.poll(step, WAIT).toBe('unconfigured');
    await importFile('broken.json', '{"format": ');
    await expect.poll(() => page.locator('[data-code="json.malformed"]').textContent(), WAIT).toContain('not valid JSON');
  }, 60_000);
});
