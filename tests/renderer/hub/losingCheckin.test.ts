/**
 * A desk's offline check-in that lost at the hub (issue 16): the lead issued the voter first, the
 * desk — cut off from the hub when it claimed — issued the same voter offline. When its records
 * merge the hub refuses the desk's copy and keeps it in a duplicate anomaly; the desk keeps the
 * hub's copy (and stops pushing its own) instead of winning by its later issuedAt and pushing it
 * again forever. Real parts: the lead's hub on PGlite over HTTPS on loopback, the paired desk.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startHubSync } from '../../../renderer/db/replication/hubSync';
import { CHECKIN_CLAIM_PATH } from '../../../renderer/station/actions/hubClaim';
import { atDesk, atLead, pairedStation, removeMachines, session, stepAt, until } from './machines';

afterAll(removeMachines);

describe('a desk whose offline check-in lost at the hub', () => {
  it('keeps the hub’s check-in, its own lives in the anomaly, and stops pushing it', async () => {
    const { lead, desk, pkg, stationId } = await pairedStation(10);
    const voter = pkg.roll[3]!;
    const id = `1:${voter.id}`;

    await session(desk, stationId, async (station) => {
      await until('the desk to follow the lead to open', () => stepAt(station) === 'open');
    });
    await session(lead, stationId, async (station) => {
      expect((await station.actions.checkIn(voter.id, atLead)).ok).toBe(true);
    });

    let checkinPushes = 0;
    const cutOff: typeof desk.bridge = {
      ...desk.bridge,
      async hubRequest(method, path, body) {
        if (path === CHECKIN_CLAIM_PATH) return { kind: 'offline', reason: 'partition (test)' };
        if (method === 'POST' && path.endsWith('/checkins/push')) checkinPushes += 1;
        return desk.bridge.hubRequest!(method, path, body);
      },
    };
    await session(
      desk,
      stationId,
      async (station) => {
        expect(stepAt(station)).toBe('open');
        // Cut off when it claims: the desk issues offline (it never pulled the lead's check-in).
        expect((await station.actions.checkIn(voter.id, atDesk)).ok).toBe(true);
        expect((await station.db.checkins.findOne(id).exec())?.toJSON()).toMatchObject({ desk: atDesk.desk, status: 'issued' });

        // The hub is reached again: the desk's records merge.
        const sync = startHubSync({ db: station.db, stationId, bridge: cutOff, role: 'checkin', options: { lock: null, storage: null } });
        try {
          const anomaly = await until('the duplicate anomaly at the hub', async () => (await lead.bridge.hubAnomalies!()).find((a) => a.kind === 'duplicateCheckin'));
          expect(anomaly.records.map((record) => record['desk'])).toEqual([atLead.desk, atDesk.desk]);
          // The desk keeps the hub's copy: the lead's check-in.
          const kept = await until('the hub copy at the desk', async () => {
            const doc = (await station.db.checkins.findOne(id).exec())?.toJSON();
            return doc?.desk === atLead.desk ? doc : undefined;
          });
          expect(kept).toMatchObject({ clerk: atLead.clerk, status: 'issued' });
          await sync.awaitInSync();
          // Nothing more is pushed: the losing copy is not sent again and again.
          const settled = checkinPushes;
          await new Promise((resolve) => setTimeout(resolve, 2500));
          expect(checkinPushes).toBe(settled);
          expect((await station.db.checkins.findOne(id).exec())?.toJSON()).toMatchObject({ desk: atLead.desk });
          expect((await lead.bridge.hubAnomalies!()).filter((a) => a.kind === 'duplicateCheckin')).toHaveLength(1);
        } finally {
          await sync.stop();
        }
      },
      {
        sync: false,
        bridge: () => cutOff,
      },
    );
  }, 180_000);
});
