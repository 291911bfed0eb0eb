/**
 * A slow hub is not an offline one (issue 16): a desk's link (main/services/hub/desk.ts) to a
 * real TLS server, pinned, that delays its answers. An answer slower than the connection's bound
 * is waited for; past the answer's bound it is `slow` and the desk stays online; slow again in a
 * row, it counts as offline (离线); answering again, online. A hub that is gone is offline at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeskConnection } from '../../../main/services/hub/desk';
import { DESK_FORMAT } from '../../../main/services/hub/files';
import { HUB_TIMING } from '../../../shared/hub/timing';
import { startSlowHub, type SlowHub } from '../../helpers/slowHub';

const dir = mkdtempSync(join(tmpdir(), 'hub-slow-'));
const servers: SlowHub[] = [];
afterAll(async () => {
  for (const hub of servers) await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a desk and a slow hub', () => {
  it('waits for a slow answer, stays online after one answer too slow, is offline when it stays slow, online when it answers', async () => {
    const hub = await startSlowHub();
    servers.push(hub);
    const bounds = { connectMs: 500, answerMs: 1500 };
    const desk = new DeskConnection(
      dir,
      { format: DESK_FORMAT, hub: hub.url, fingerprint: hub.fingerprint, deskId: 'desk-1', deskName: '发票台 1', role: 'checkin', stationId: 'S', electionHash: 'h', pairedAt: new Date().toISOString() },
      { softwareVersion: 'test', bounds, now: () => new Date() },
    );
    try {
      hub.delayMs = 900; // slower than connecting may take, within the answer's bound
      expect(await desk.request('POST', '/hub/v1/checkin', '{}')).toMatchObject({ kind: 'answer', status: 200 });
      expect(desk.status()).toMatchObject({ online: true });

      hub.delayMs = 4000; // too slow: `slow`, and one slow answer leaves the desk online
      const started = Date.now();
      expect(await desk.request('GET', '/hub/v1/checkins/pull')).toMatchObject({ kind: 'offline', slow: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(bounds.answerMs - 50);
      expect(desk.status()).toMatchObject({ online: true });
      // Slow again in a row (HUB_TIMING.slowAnswersOffline = 2): offline now, said as offline.
      expect(HUB_TIMING.slowAnswersOffline).toBe(2);
      const second = await desk.request('GET', '/hub/v1/checkins/pull');
      expect(second.kind === 'offline' && second.slow).toBeFalsy();
      expect(second).toMatchObject({ kind: 'offline' });
      expect(desk.status()).toMatchObject({ online: false });

      hub.delayMs = 0; // answering again: online
      expect(await desk.request('GET', '/hub/v1/hello')).toMatchObject({ kind: 'answer', status: 200 });
      expect(desk.status()).toMatchObject({ online: true });

      // Gone (nothing listens): offline at once, not after the answer's bound.
      await hub.close();
      const gone = Date.now();
      // (the kept connection reset, or a new one refused)
      const goneOutcome = await desk.request('GET', '/hub/v1/hello');
      expect(goneOutcome).toMatchObject({ kind: 'offline', reason: expect.stringMatching(/^(ECONNRESET|ECONNREFUSED)$/) as unknown });
      expect(goneOutcome.kind === 'offline' && goneOutcome.slow).toBeFalsy();
      expect(Date.now() - gone).toBeLessThan(bounds.connectMs);
      expect(desk.status()).toMatchObject({ online: false });
    } finally {
      desk.close();
    }
  }, 30_000);
});
