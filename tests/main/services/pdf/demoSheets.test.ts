/**
 * A demo station's printed documents, read back from the PDF (issue 12, item 6): every page of
 * the sheet, the announcement and the certificates carries the 演示 DEMO watermark and says 演示;
 * a real result's pages never do.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderSheet, type SheetKind } from '../../../../main/services/pdf/sheets';
import { signResult } from '../../../../shared/crypto/signed';
import { sheetInputOf, signedScenarios, SIGNED_AT, STATION, STATION_SECRET } from '../../../shared/sheets/fixtures';
import { npmRun, run, scratch } from './support';

/** The text of each page in content-stream order (`-raw`): the rotated watermark reads 演 示 D E M O. */
async function pdftextPages(file: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { maxBuffer: 8 * 1024 * 1024 });
  return stdout.split('\f').filter((page) => page.trim() !== '');
}

const space = scratch('demo-sheet-');
afterAll(() => space.cleanup());

const scenario = signedScenarios().find((s) => s.name.startsWith('01'))!;
const demoSigned = signResult({
  station: STATION.id,
  election: scenario.input.election,
  result: scenario.result,
  ballots: scenario.input.ballots,
  signedAt: SIGNED_AT,
  stationSecretKey: STATION_SECRET,
  demo: true,
});
const demoInput = sheetInputOf(scenario.input, demoSigned);

async function pages(kind: SheetKind, input: typeof demoInput, name: string): Promise<string[]> {
  const pdf = (await renderSheet(kind, input))!;
  const file = join(space.dir, `${name}-${kind}.pdf`);
  writeFileSync(file, pdf);
  return pdftextPages(file);
}

describe('the printed documents of a demo result', () => {
  it('the sheet and the announcement say 演示 under their title', async () => {
    expect((await pages('result', demoInput, 'title'))[0]).toContain('选举结果报告单（演示）');
    expect((await pages('announcement', demoInput, 'title'))[0]).toContain('（演示：不具法律效力）');
    const certificates = await pages('certificates', demoInput, 'title');
    for (const page of certificates) expect(page).toContain('（演示：不具法律效力）');
  }, 60_000);

  it.each(['result', 'announcement', 'certificates'] as const)('%s: every page shows the 演示 DEMO watermark', async (kind) => {
    const printed = await pages(kind, demoInput, 'demo');
    expect(printed.length).toBeGreaterThan(0);
    for (const [i, page] of printed.entries()) {
      expect(page, `page ${i + 1}: the watermark`).toMatch(/演\s*示\s*D\s*E\s*M\s*O/);
      expect(page, `page ${i + 1}: the footer`).toMatch(/演示 · /);
    }
  }, 60_000);

  it('verify-sheet reads the demo marker back from the QR codes and says it is a demo result', async () => {
    const file = join(space.dir, 'verify-demo.pdf');
    writeFileSync(file, (await renderSheet('result', demoInput))!);
    const outcome = await npmRun('verify-sheet', [file]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('"demo": true');
    expect(outcome.stdout).toMatch(/演示结果.*DEMO result/);
  }, 90_000);

  it.each(['result', 'announcement', 'certificates'] as const)('%s of a real result: no 演示 on any page', async (kind) => {
    const printed = await pages(kind, scenario.sheetInput, 'real');
    for (const page of printed) expect(page).not.toMatch(/演\s*示|DEMO/);
  }, 60_000);
});
