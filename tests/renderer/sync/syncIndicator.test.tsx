// @vitest-environment happy-dom
/** The sync indicator and panel in a DOM: not set up → server entered → up to date; export. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { syncSigningBridge } from '../../../main/services/syncSigning';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { SyncIndicator } from '../../../renderer/features/sync/SyncIndicator';
import { SERVER_URL_KEY, stopSync } from '../../../renderer/features/sync/syncSession';
import { initI18n } from '../../../renderer/i18n';
import { StationContext } from '../../../renderer/station/StationContext';
import type { OpenStation } from '../../../renderer/station/openStation';
import { smallDemoPackage } from '../../e2e/smallPackage';
import { directBridge, openTestStation, stationContextValue } from '../../helpers/station';
import { startFakeDistrict, type FakeDistrict } from './fakeDistrict';

const by = { clerk: '冯静', desk: '1号台' };
let station: OpenStation | null = null;
let district: FakeDistrict | null = null;

afterEach(async () => {
  cleanup();
  await stopSync();
  await station?.close();
  await district?.close();
  station = null;
  district = null;
  localStorage.clear();
});

const contextValue = (s: OpenStation, bridge: StationBridge, stationId: string) => stationContextValue(s, bridge, stationId, by);

describe('SyncIndicator', () => {
  it('asks for a server, then syncs to it and shows when it was up to date; exports the bundle', async () => {
    initI18n('en');
    const dataDir = mkdtempSync(join(tmpdir(), 'sync-ui-'));
    const bridge: StationBridge = { ...directBridge(dataDir), ...syncSigningBridge(dataDir) };
    station = await openTestStation(bridge);
    const pkg = smallDemoPackage(10);
    expect((await station.actions.importPackage(JSON.stringify(pkg), false, by)).ok).toBe(true);
    district = await startFakeDistrict({ stationId: pkg.station.id, publicKey: (await bridge.stationKey()).publicKey, cors: true });

    render(
      <StationContext.Provider value={contextValue(station, bridge, pkg.station.id)}>
        <SyncIndicator />
      </StationContext.Provider>,
    );
    const indicator = screen.getByTestId('sync-indicator');
    expect(indicator.dataset.status).toBe('notConfigured');
    expect(indicator.textContent).toContain('Sync not set up');

    fireEvent.click(screen.getByTestId('sync-toggle'));
    expect(screen.getByText('Enter the district server address first')).toBeTruthy();
    const input = screen.getByTestId<HTMLInputElement>('sync-server-input');
    fireEvent.change(input, { target: { value: 'ftp://district' } });
    fireEvent.click(screen.getByText('Save'));
    expect(screen.getByText(/The district server address "ftp:\/\/district" is invalid/)).toBeTruthy();
    expect(localStorage.getItem(SERVER_URL_KEY)).toBeNull();

    fireEvent.change(input, { target: { value: `${district.url}/` } });
    fireEvent.click(screen.getByText('Save'));
    expect(localStorage.getItem(SERVER_URL_KEY)).toBe(district.url);
    await waitFor(() => expect(screen.getByTestId('sync-indicator').dataset.status).toBe('upToDate'), { timeout: 15_000 });
    expect(screen.getByTestId('sync-state').textContent).toMatch(/Last synced: /);
    expect(district.documents('audit').length).toBeGreaterThan(0);
    expect(district.requests.every((r) => r.verified)).toBe(true);

    fireEvent.click(screen.getByTestId('sync-now'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('sync-export'));
    });
    await waitFor(() => expect(screen.getByTestId('sync-exported').textContent).toMatch(/Exported: station-.+\.bundle\.json/), { timeout: 15_000 });
  });
});
