/**
 * A slow hub as the renderer sees it (issue 16): a desk's real link (main/services/hub/desk.ts
 * DeskConnection, pinned TLS) to a real TLS server that delays its answers, as the bridge's
 * hubRequest. A check-in claim that waits past HUB_TIMING.slowNoticeMs shows 主机响应慢… (the
 * link's `slow`) and is claimed when the answer comes; one unanswered past the answer's bound is
 * issued locally (as offline) without turning the desk 离线; the replication's slow answer is
 * `hub.slow`, not `hub.offline`, and leaves the desk online.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeskConnection } from '../../../main/services/hub/desk';
import { DESK_FORMAT } from '../../../main/services/hub/files';
import { hubSend } from '../../../renderer/db/replication/hubClient';
import { SyncRequestError } from '../../../renderer/db/replication/client';
import { claimCheckin } from '../../../renderer/station/actions/hubClaim';
import { hubLinkFor } from '../../../renderer/station/hubLink';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { HUB_TIMING } from '../../../shared/hub/timing';
import type { CheckinRecord } from '../../../shared/station/records';
import { startSlowHub, type SlowHub } from '../../helpers/slowHub';

const dir = mkdtempSync(join(tmpdir(), 'hub-slow-renderer-'));
const servers: SlowHub[] = [];
afterAll(async () => {
  for (const hub of servers) await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const record: CheckinRecord = { id: '1:v-000001', round: 1, voterId: 'v-000001', kind: 'inPerson', status: 'issued', issuedAt: new Date().toISOString(), clerk: '李娜', desk: '发票台 2' };

describe('a desk whose hub is slow', () => {
  it('shows 主机响应慢… while a claim waits, issues locally past the bound without going 离线, and a slow pull is not 离线', async () => {
    const hub = await startSlowHub();
    servers.push(hub);
    const desk = new DeskConnection(
      dir,
      { format: DESK_FORMAT, hub: hub.url, fingerprint: hub.fingerprint, deskId: 'desk-2', deskName: '发票台 2', role: 'checkin', stationId: 'S', electionHash: 'h', pairedAt: new Date().toISOString() },
      { softwareVersion: 'test', bounds: { connectMs: 800, answerMs: 3000 }, now: () => new Date() },
    );
    const bridge = { hubStatus: () => Promise.resolve(desk.status()), hubRequest: (method, path, body) => desk.request(method, path, body) } as Pick<StationBridge, 'hubStatus' | 'hubRequest'> as StationBridge;
    const link = hubLinkFor(bridge);
    const seen: boolean[] = [];
    const watching = link.slow$.subscribe((slow) => seen.push(slow));
    try {
      expect(await desk.request('GET', '/hub/v1/hello')).toMatchObject({ kind: 'answer' });
      expect((await link.refresh()).role).toBe('desk');
      expect(link.isOnline()).toBe(true);

      // Answered after 2.2 s: past the notice (1.5 s), within the answer's bound — claimed.
      hub.delayMs = HUB_TIMING.slowNoticeMs + 700;
      const claiming = claimCheckin({ bridge }, record);
      await new Promise((resolve) => setTimeout(resolve, HUB_TIMING.slowNoticeMs + 300));
      const slowWhileWaiting = seen.at(-1);
      expect(await claiming).toEqual({ kind: 'claimed' });
      expect(slowWhileWaiting).toBe(true);
      expect(seen.at(-1)).toBe(false);
      expect(link.isOnline()).toBe(true);

      // Not answered within the answer's bound: issued here as offline would be — the desk stays online.
      hub.delayMs = 6000;
      const late = await claimCheckin({ bridge }, record);
      expect(late.kind).toBe('offline');
      expect(late.kind === 'offline' && late.reason).toMatch(/^slow/);
      expect(link.isOnline()).toBe(true);
      expect(desk.status()).toMatchObject({ online: true });
      expect(seen.at(-1)).toBe(false);

      // The replication's slow pull: `hub.slow`, told as slow — and the desk is still online.
      const contacts: boolean[] = [];
      const slows: boolean[] = [];
      const send = hubSend(bridge, (reached) => contacts.push(reached), (slow) => slows.push(slow));
      hub.delayMs = 0;
      await send('GET', '/hub/v1/checkins/pull', undefined);
      expect([contacts, slows]).toEqual([[true], [false]]);
      hub.delayMs = 6000;
      const error = await send('GET', '/hub/v1/checkins/pull', undefined).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(SyncRequestError);
      expect((error as SyncRequestError).issue.code).toBe('hub.slow');
      expect([contacts, slows]).toEqual([[true], [false, true]]);
      expect(desk.status()).toMatchObject({ online: true });
    } finally {
      watching.unsubscribe();
      desk.close();
    }
  }, 60_000);
});
