// @vitest-environment happy-dom
/**
 * The sync indicator and panel with a package that names its district server: the station syncs
 * there without anything entered; the clerk can override it for this election and go back; an
 * address entered for an earlier election does not override the package's.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { syncSigningBridge } from '../../../../main/services/syncSigning';
import { signElectionPackage, type UnsignedElectionPackage } from '../../../../shared/crypto/signed';
import type { ElectionPackage } from '../../../../shared/election/schemas';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import { openElection } from '../../../../renderer/db/importPackage';
import { SyncIndicator } from '../../../../renderer/features/sync/SyncIndicator';
import { currentSyncServer, SERVER_URL_ELECTION_KEY, SERVER_URL_KEY, stopSync } from '../../../../renderer/features/sync/syncSession';
import { initI18n } from '../../../../renderer/i18n';
import { StationContext } from '../../../../renderer/station/StationContext';
import type { OpenStation } from '../../../../renderer/station/openStation';
import { ROOT } from '../../../e2e/harness';
import { smallDemoPackage } from '../../../e2e/smallPackage';
import { directBridge, openTestStation, stationContextValue } from '../../../helpers/station';
import { startFakeDistrict, type FakeDistrict } from '../../sync/fakeDistrict';

const by = { clerk: '冯静', desk: '1号台' };
const closers: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  cleanup();
  await stopSync();
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  localStorage.clear();
});

/** The small demo package naming `districtServer`, signed with the DEMO district key. */
function packageWithServer(districtServer: string): ElectionPackage {
  const { signature: _signature, districtKey: _districtKey, ...unsigned } = smallDemoPackage(10);
  const key = JSON.parse(readFileSync(join(ROOT, 'build', 'demo', 'demo-district-key.json'), 'utf8')) as { secretKey: string };
  return signElectionPackage({ ...(unsigned as UnsignedElectionPackage), districtServer }, key.secretKey);
}

const contextValue = (s: OpenStation, bridge: StationBridge, stationId: string) => stationContextValue(s, bridge, stationId, by);

async function setUp(): Promise<{ station: OpenStation; bridge: StationBridge; pkg: ElectionPackage; main: FakeDistrict; other: FakeDistrict }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sync-panel-'));
  const bridge: StationBridge = { ...directBridge(dataDir), ...syncSigningBridge(dataDir) };
  const station = await openTestStation(bridge);
  closers.push(() => station.close());
  const { publicKey } = await bridge.stationKey();
  const main = await startFakeDistrict({ stationId: smallDemoPackage(1).station.id, publicKey, cors: true });
  closers.push(() => main.close());
  const other = await startFakeDistrict({ stationId: smallDemoPackage(1).station.id, publicKey, cors: true });
  closers.push(() => other.close());
  const pkg = packageWithServer(`${main.url}/`);
  const imported = await station.actions.importPackage(JSON.stringify(pkg), false, by);
  expect(imported.ok).toBe(true);
  return { station, bridge, pkg, main, other };
}

describe('SyncIndicator with a package that names its district server', () => {
  it('syncs to the package\'s server; the clerk overrides it and goes back', async () => {
    initI18n('en');
    const { station, bridge, pkg, main, other } = await setUp();
    // Main verified the package; the station stored its districtServer as signed.
    expect((await openElection(station.db))?.districtServer).toBe(`${main.url}/`);

    render(
      <StationContext.Provider value={contextValue(station, bridge, pkg.station.id)}>
        <SyncIndicator />
      </StationContext.Provider>,
    );
    await waitFor(() => expect(screen.getByTestId('sync-indicator').dataset.status).toBe('upToDate'), { timeout: 15_000 });
    expect(currentSyncServer()).toBe(main.url);
    expect(main.documents('audit').length).toBeGreaterThan(0);
    expect(other.requests).toHaveLength(0);

    fireEvent.click(screen.getByTestId('sync-toggle'));
    expect(screen.getByTestId('sync-server').textContent).toBe(main.url);
    expect(screen.getByText('(set by the election package)')).toBeTruthy();
    expect(screen.queryByTestId('sync-package-server')).toBeNull();

    // The clerk enters another address: it wins, for this election.
    fireEvent.change(screen.getByTestId('sync-server-input'), { target: { value: other.url } });
    fireEvent.click(screen.getByText('Save'));
    expect(localStorage.getItem(SERVER_URL_KEY)).toBe(other.url);
    expect(localStorage.getItem(SERVER_URL_ELECTION_KEY)).toBe((await openElection(station.db))?.electionHash);
    await waitFor(() => expect(currentSyncServer()).toBe(other.url));
    await waitFor(() => expect(other.documents('audit').length).toBeGreaterThan(0), { timeout: 15_000 });
    expect(screen.getByTestId('sync-server').textContent).toBe(other.url);
    expect(screen.getByText('(entered here instead of the package’s)')).toBeTruthy();
    expect(screen.getByTestId('sync-package-server').textContent).toContain(main.url);

    // …and goes back to the package's.
    fireEvent.click(screen.getByTestId('sync-use-package-server'));
    await waitFor(() => expect(currentSyncServer()).toBe(main.url));
    expect(localStorage.getItem(SERVER_URL_KEY)).toBeNull();
    expect(screen.getByTestId('sync-server').textContent).toBe(main.url);
  });

  it('an address entered for an earlier election does not override the new package\'s', async () => {
    initI18n('en');
    localStorage.setItem(SERVER_URL_KEY, 'http://127.0.0.1:9');
    localStorage.setItem(SERVER_URL_ELECTION_KEY, 'c'.repeat(64));
    const { station, bridge, pkg, main } = await setUp();
    render(
      <StationContext.Provider value={contextValue(station, bridge, pkg.station.id)}>
        <SyncIndicator />
      </StationContext.Provider>,
    );
    await waitFor(() => expect(screen.getByTestId('sync-indicator').dataset.status).toBe('upToDate'), { timeout: 15_000 });
    expect(currentSyncServer()).toBe(main.url);
  });
  it('shows the station\'s full public key and exports it as a .pub file for the district\'s station enrol', async () => {
    initI18n('en');
    const { station, bridge, pkg } = await setUp();
    const { publicKey, fingerprint } = await bridge.stationKey();
    const saved: { name: string; text: Promise<string> }[] = [];
    const createObjectURL = URL.createObjectURL;
    const blobs = new Map<string, Blob>();
    URL.createObjectURL = (blob: Blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, blob);
      return url;
    };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, text: blobs.get(this.href)!.text() });
    };
    try {
      render(
        <StationContext.Provider value={contextValue(station, bridge, pkg.station.id)}>
          <SyncIndicator />
        </StationContext.Provider>,
      );
      fireEvent.click(screen.getByTestId('sync-toggle'));
      await waitFor(() => expect(screen.getByTestId('station-public-key').textContent).toBe(publicKey));
      fireEvent.click(screen.getByTestId('station-key-export'));
      expect(saved).toHaveLength(1);
      expect(saved[0]!.name).toBe(`station-key-${fingerprint.replace(/[^0-9A-Za-z]+/g, '')}.pub`);
      expect(await saved[0]!.text).toBe(`${publicKey}\n`);
      expect(screen.getByText(`Public key saved as ${saved[0]!.name}; hand this file to the district`)).toBeTruthy();
    } finally {
      URL.createObjectURL = createObjectURL;
      HTMLAnchorElement.prototype.click = click;
    }
  });
});
