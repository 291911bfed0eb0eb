/**
 * One station, two machines (issue 16), with the real parts: the lead's main services (its hub on
 * PGlite, HTTPS on loopback) and a desk's (paired through the hub client, the certificate pinned),
 * each machine's station database and the renderer's replication with the hub. The desk follows
 * the lead's day, a check-in at the desk is refused at the lead naming the desk, the lead's close
 * stops the desk, the desks' audit chains meet at the lead without colliding, and a desk that
 * cannot reach the hub issues offline.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { documentsFromJournal, journalPath, readJournalFile } from '../../../main/services/journal';
import { closeHubService } from '../../../main/services/hub/service';
import { verifyAuditChains } from '../../../renderer/db/audit';
import { startHubSync } from '../../../renderer/db/replication/hubSync';
import type { StationSync } from '../../../renderer/db/replication/startStationSync';
import { CHECKIN_CLAIM_PATH } from '../../../renderer/station/actions/hubClaim';
import { hubLinkFor } from '../../../renderer/station/hubLink';
import type { CheckinRecord } from '../../../shared/station/records';
import { atDesk, atLead, auditOf, pairedStation, removeMachines, session, stepAt, until } from './machines';

afterAll(removeMachines);

describe('a lead and a desk of one station', () => {
  it('pair, replicate, claim check-ins at the hub, follow the lead, keep their own audit chains', async () => {
    const { lead, desk, pkg, stationId } = await pairedStation(10);
    const [first, second, third] = pkg.roll;

    const deskChain = await session(desk, stationId, async (station) => {
      await until('the desk to follow the lead to open', () => stepAt(station) === 'open');
      // Only the lead changes the day.
      const pause = await station.actions.pausePolls(atDesk);
      expect(pause.ok).toBe(false);
      if (!pause.ok) expect(pause.issues[0]?.code).toBe('hub.deskFollowsLead');
      expect(stepAt(station)).toBe('open');
      // A check-in at the desk is claimed at the hub.
      expect((await station.actions.checkIn(first!.id, atDesk)).ok).toBe(true);
      const events = await auditOf(station);
      expect(verifyAuditChains(events)).toBe(-1);
      return events.filter((event) => event.id.startsWith('audit-d'));
    });
    expect(deskChain.map((event) => event.type)).toEqual(['package.imported', 'checkin.issued']);

    await session(lead, stationId, async (station) => {
      // The same voter at the lead is refused, naming the desk, the clerk; nothing stored.
      const twice = await station.actions.checkIn(first!.id, atLead);
      expect(twice.ok).toBe(false);
      if (!twice.ok) {
        expect(twice.issues[0]?.code).toBe('hub.alreadyIssued');
        expect(twice.issues[0]?.params).toMatchObject({ desk: atDesk.desk, clerk: atDesk.clerk });
      }
      // The desk's check-in and audit chain reach the lead by replication, beside the lead's own chain.
      const arrived = await until('the desk check-in at the lead', async () => (await station.db.checkins.findOne(`1:${first!.id}`).exec())?.toJSON());
      expect(arrived).toMatchObject({ desk: atDesk.desk, clerk: atDesk.clerk, status: 'issued' });
      await until('the desk audit events at the lead', async () => {
        const ids = new Set((await auditOf(station)).map((event) => event.id));
        return deskChain.every((event) => ids.has(event.id));
      });
      const events = await auditOf(station);
      expect(verifyAuditChains(events)).toBe(-1);
      const own = events.filter((event) => !event.id.startsWith('audit-d'));
      expect(own.map((event) => event.seq)).toEqual(own.map((_, index) => index + 1));
      // The lead issues another voter (its next audit event chains onto its own head, not the desk's).
      expect((await station.actions.checkIn(second!.id, atLead)).ok).toBe(true);
      const after = await auditOf(station);
      expect(verifyAuditChains(after)).toBe(-1);
      expect(after.filter((event) => !event.id.startsWith('audit-d')).at(-1)?.seq).toBe(own.length + 1);
    });

    await session(desk, stationId, async (station) => {
      // The lead's check-in came to the desk too: the desk cannot issue that voter again.
      await until('the lead check-in at the desk', async () => (await station.db.checkins.findOne(`1:${second!.id}`).exec()) !== null);
      const again = await station.actions.checkIn(second!.id, atDesk);
      expect(again.ok).toBe(false);
    });

    await session(lead, stationId, async (station) => {
      expect((await station.actions.closePolls(atLead)).ok).toBe(true);
    });

    await session(desk, stationId, async (station) => {
      // The lead closed the polls: the desk follows and refuses check-ins.
      await until('the desk to follow the close', () => stepAt(station) === 'closed', 3000);
      const late = await station.actions.checkIn(third!.id, atDesk);
      expect(late.ok).toBe(false);
      expect(await station.db.checkins.findOne(`1:${third!.id}`).exec()).toBeNull();
    });
  }, 180_000);

  it('a claimed check-in whose hub copy comes back by replication before it is stored is issued, not refused', async () => {
    const { desk, pkg, stationId, deskDir } = await pairedStation(10);
    const voter = pkg.roll[2]!;
    await session(
      desk,
      stationId,
      async (station) => {
        await until('the desk to follow the lead to open', () => stepAt(station) === 'open');
        const issued = await station.actions.checkIn(voter.id, atDesk);
        expect(issued.ok).toBe(true);
        expect((await station.db.checkins.findOne(`1:${voter.id}`).exec())?.toJSON()).toMatchObject({ desk: atDesk.desk, clerk: atDesk.clerk, status: 'issued' });
        // The journal keeps the ballot (no 'rejected' line took it back).
        expect(documentsFromJournal(readJournalFile(journalPath(deskDir)).lines).checkins.map((c) => c.voterId)).toEqual([voter.id]);
      },
      {
        bridge: (station) => ({
          ...desk.bridge,
          // The replication's pull of the hub's copy lands between the claim's answer and the desk's own insert.
          async hubRequest(method, path, body) {
            const answer = await desk.bridge.hubRequest!(method, path, body);
            if (path === CHECKIN_CLAIM_PATH && answer.kind === 'answer' && answer.status === 200) {
              await station().db.checkins.insert((JSON.parse(body ?? '{}') as { record: CheckinRecord }).record);
            }
            return answer;
          },
        }),
      },
    );
  }, 120_000);

  it('the lead’s claim waits for its own polls-open state to reach its hub instead of refusing it', async () => {
    const { lead, pkg, stationId } = await pairedStation(10);
    const voter = pkg.roll[5]!;
    await session(lead, stationId, async (station) => {
      expect((await station.actions.pausePolls(atLead)).ok).toBe(true);
    });
    // The lead resumes while its replication is not running: its hub still has the polls paused.
    await session(
      lead,
      stationId,
      async (station) => {
        expect((await station.actions.resumePolls(atLead)).ok).toBe(true);
        let sync: StationSync | null = null;
        const late = setTimeout(() => {
          sync = startHubSync({ db: station.db, stationId, bridge: lead.bridge, role: 'lead', options: { lock: null, storage: null } });
        }, 1000);
        try {
          const issued = await station.actions.checkIn(voter.id, atLead);
          expect(issued.ok).toBe(true);
        } finally {
          clearTimeout(late);
          await (sync as StationSync | null)?.stop();
        }
      },
      { sync: false },
    );
  }, 120_000);

  it('a desk whose hub is gone issues offline and says so', async () => {
    const { desk, pkg, stationId, leadDir } = await pairedStation(10, 1000);
    await session(desk, stationId, async (station) => {
      await until('the desk to follow the lead to open', () => stepAt(station) === 'open');
      expect(hubLinkFor(desk.bridge).isOnline()).toBe(true);
      // The lead's hub goes away: the desk's next check-in is issued locally and the link says 离线.
      await closeHubService(leadDir);
      const voter = pkg.roll[4]!;
      expect((await station.actions.checkIn(voter.id, atDesk)).ok).toBe(true);
      expect(hubLinkFor(desk.bridge).isOnline()).toBe(false);
      expect((await station.db.checkins.findOne(`1:${voter.id}`).exec())?.toJSON()).toMatchObject({ desk: atDesk.desk, status: 'issued' });
    });
  }, 120_000);
});
