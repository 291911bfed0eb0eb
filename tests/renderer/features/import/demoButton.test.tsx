// @vitest-environment happy-dom
/**
 * Demo is demo (issue 12, item 6): the import screen offers the demo package only while no real
 * district key is pinned — main knows the pin and tells the screen through the bridge.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoPackage, buildUnsignedDemoPackage } from '../../../../main/services/demo';
import { importPackageText } from '../../../../main/services/packageImport';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import { generateKeyPair } from '../../../../shared/crypto/ed25519';
import { signElectionPackage } from '../../../../shared/crypto/signed';
import { ImportScreen } from '../../../../renderer/features/import/ImportScreen';
import { initI18n } from '../../../../renderer/i18n';
import type { OpenStation } from '../../../../renderer/station/openStation';
import { StationContext } from '../../../../renderer/station/StationContext';
import { directBridge, openTestStation, stationContextValue } from '../../../helpers/station';

configure({ asyncUtilTimeout: 5000 });

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

async function showImportScreen(bridge: StationBridge): Promise<void> {
  station = await openTestStation(bridge);
  render(
    <StationContext.Provider value={stationContextValue(station, bridge, 'x', { clerk: '冯静', desk: '1号台' })}>
      <ImportScreen />
    </StationContext.Provider>,
  );
  await waitFor(() => expect(screen.getByTestId('station-key').textContent).not.toMatch(/：$|: $/));
}

function dataDirPinnedWith(secretKey: string | null): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-data-'));
  const pkg = secretKey === null ? buildDemoPackage() : signElectionPackage(buildUnsignedDemoPackage(), secretKey);
  if (!importPackageText(JSON.stringify(pkg), { dataDir }).ok) throw new Error('fixture import failed');
  return dataDir;
}

describe('the demo button', () => {
  it('is offered on a new station, and on a station running the demo', async () => {
    initI18n('zh-CN');
    await showImportScreen(directBridge());
    await waitFor(() => expect(screen.getByTestId('use-demo').textContent).toBe('完整演示（约 3000 名选民）'));
    expect(screen.getByTestId('use-demo-small').textContent).toBe('小型演示（30 名选民，建议先试）');
    cleanup();
    await station?.close();
    await showImportScreen(directBridge(dataDirPinnedWith(null)));
    await waitFor(() => expect(screen.queryByTestId('use-demo')).not.toBeNull());
  });

  it('is not offered once a real district key is pinned', async () => {
    initI18n('zh-CN');
    const bridge = directBridge(dataDirPinnedWith(generateKeyPair().secretKey));
    expect(await bridge.demoAvailable!()).toBe(false);
    await showImportScreen(bridge);
    await waitFor(() => expect(screen.getByTestId('package-file')).not.toBeNull());
    // Give main's answer time to arrive, then check the button never showed.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(screen.queryByTestId('use-demo')).toBeNull();
    expect(screen.queryByTestId('use-demo-small')).toBeNull();
  });

  it('is offered by a bridge without a main process (no demoAvailable)', async () => {
    initI18n('en');
    const { demoAvailable: _none, ...bridge } = directBridge();
    await showImportScreen(bridge);
    await waitFor(() => expect(screen.getByTestId('use-demo').textContent).toBe('Full demo (about 3,000 voters)'));
    expect(screen.getByTestId('use-demo-small').textContent).toBe('Small demo (30 voters — try this first)');
  });
});
