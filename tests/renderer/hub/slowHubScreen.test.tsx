// @vitest-environment happy-dom
/**
 * A slow hub in the desk's top bar (issue 16): the desk's real main services (its link to the hub
 * from `<data>/hub/desk.json`, pinned TLS) to a real TLS server that delays its answers. While a
 * request waits past HUB_TIMING.slowNoticeMs the bar says 主机响应慢… — not 离线 — and the notice
 * goes when the answer comes.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DESK_FORMAT, writeDeskLink } from '../../../main/services/hub/files';
import { hubService } from '../../../main/services/hub/service';
import { nodeBridge } from '../../../main/services/nodeBridge';
import { HubIndicator } from '../../../renderer/features/hub/HubIndicator';
import { stopHubSync } from '../../../renderer/features/hub/hubSyncSession';
import { initI18n } from '../../../renderer/i18n';
import { hubLinkFor, withSlowNotice } from '../../../renderer/station/hubLink';
import { HUB_TIMING } from '../../../shared/hub/timing';
import { LiveStation } from '../../helpers/liveStation';
import { startSlowHub, type SlowHub } from '../../helpers/slowHub';
import { openTestStation, testDatabase } from '../../helpers/station';
import { atDesk, dataDir, removeMachines } from './machines';

const servers: SlowHub[] = [];
afterEach(async () => {
  cleanup();
  await stopHubSync();
});
afterAll(async () => {
  for (const hub of servers) await hub.close();
  await removeMachines();
});

describe('a desk’s top bar while the hub is slow', () => {
  it('says 主机响应慢… while a request waits, not 离线, and clears it when the answer comes', async () => {
    initI18n('zh-CN');
    const hub = await startSlowHub();
    servers.push(hub);
    const dir = dataDir('hub-slow-screen-');
    writeDeskLink(dir, { format: DESK_FORMAT, hub: hub.url, fingerprint: hub.fingerprint, deskId: 'desk-2', deskName: atDesk.desk, role: 'checkin', stationId: 'S', electionHash: 'h', pairedAt: new Date().toISOString() });
    hubService(dir, { offlineAfterMs: 800, slowAfterMs: 4000 });
    const bridge = nodeBridge(dir);
    expect(await bridge.hubRequest('GET', '/hub/v1/hello')).toMatchObject({ kind: 'answer' });
    const station = await openTestStation(bridge, await testDatabase(`hub-slow-screen-${process.pid}-${Date.now()}`));
    try {
      render(
        <LiveStation s={station} bridge={bridge} by={atDesk}>
          <HubIndicator />
        </LiveStation>,
      );
      expect((await screen.findByTestId('hub-desk')).textContent).toContain(atDesk.desk);
      expect(screen.queryByTestId('hub-slow')).toBeNull();

      hub.delayMs = HUB_TIMING.slowNoticeMs + 1200;
      const waiting = withSlowNotice(hubLinkFor(bridge), bridge.hubRequest('POST', '/hub/v1/checkin', '{}'));
      const slow = await screen.findByTestId('hub-slow', {}, { timeout: HUB_TIMING.slowNoticeMs + 1000 });
      expect(slow.textContent).toBe('主机响应慢…');
      expect(screen.queryByTestId('hub-offline')).toBeNull();
      expect(await waiting).toMatchObject({ kind: 'answer', status: 200 });
      await waitFor(() => expect(screen.queryByTestId('hub-slow')).toBeNull());
      expect(screen.queryByTestId('hub-offline')).toBeNull();
    } finally {
      cleanup();
      await station.close();
    }
  }, 60_000);
});
