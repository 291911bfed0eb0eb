/**
 * Counting at several tables (分组计票, issue 16) with the real parts: the lead's main services
 * (its hub on PGlite over HTTPS on loopback) and two count desks paired with it, each machine's
 * station database and its replication with the hub. Each table enters its own pile in its own
 * places (shared/station/countTables.ts); double entry runs with entry A on one machine and entry
 * B on the other; the lead's count merges every pile into one running tally, shows the one
 * disagreement, decides with shared/rules, and main's recount of its journal (with the hub's
 * records written into it, journalHub.ts) signs a sheet that covers every table.
 */
import { join } from 'node:path';
import { firstValueFrom, filter, map } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeHubService, hubService } from '../../../main/services/hub/service';
import { nodeBridge } from '../../../main/services/nodeBridge';
import { verifySheetFile } from '../../../main/services/signing';
import { countView$, type CountView } from '../../../renderer/station/countView';
import { hubLinkFor } from '../../../renderer/station/hubLink';
import type { OpenStation } from '../../../renderer/station/openStation';
import type { Operator } from '../../../renderer/station/types';
import { FORMAT, type Ballot, type CountInput, type ElectionDefinition } from '../../../shared/election/schemas';
import { ballotsHash } from '../../../shared/crypto';
import { tally } from '../../../shared/rules/count';
import type { Entry } from '../../../shared/station/countInput';
import { countBallotId } from '../../../shared/station/recordIds';
import { smallDemoPackage } from '../../e2e/smallPackage';
import { testSetup as setup } from '../../helpers/setup';
import { pgliteTemplate } from '../../server/helpers/backends';
import { atLead, dataDir, removeMachines, session, stepAt, until, type Machine } from './machines';

afterAll(removeMachines);

const atTable1: Operator = { clerk: '王芳', desk: '录入台 1' };
const atTable2: Operator = { clerk: '赵强', desk: '录入台 2' };

type Reading = Pick<Ballot, 'status' | 'marks'>;

const CHECK_INS = 60;
const RECOVERED = 12;

function countMachine(dir: string, name: string): Machine {
  hubService(dir, { offlineAfterMs: 1500 });
  return { bridge: nodeBridge(dir), dbName: `hub-count-${name}-${process.pid}-${Date.now()}`, role: 'count' };
}

const election$Of = (station: OpenStation) => station.db.election.findOne().$.pipe(map((doc) => (doc ? (doc.toJSON().election as ElectionDefinition) : null)));

async function ballotsAt(station: OpenStation): Promise<number> {
  return (await station.db.ballots.find().exec()).length;
}

/** Enters the readings at the window's table, in order, and returns the places they took. */
async function enter(station: OpenStation, entry: Entry, readings: readonly Reading[], by: Operator): Promise<number[]> {
  const places: number[] = [];
  for (const reading of readings) {
    const outcome = await station.countActions.enterBallot(entry, reading.status === 'valid' ? { status: 'valid', marks: reading.marks ?? {} } : { status: reading.status }, by);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    places.push(outcome.value.seq);
  }
  return places;
}

async function pairCountDesk(lead: Machine, desk: Machine, stationId: string, by: Operator): Promise<void> {
  const offer = await lead.bridge.hubOffer!();
  if (!offer.ok) throw new Error(JSON.stringify(offer.issues));
  await session(desk, stationId, async (station) => {
    const paired = await desk.bridge.hubPair!({ offerText: offer.value.offerText, deskName: by.desk, role: 'count' });
    if (!paired.ok) throw new Error(JSON.stringify(paired.issues));
    expect((await hubLinkFor(desk.bridge).refresh()).role).toBe('desk');
    expect((await station.actions.importPackage(paired.value.packageText, false, by)).ok).toBe(true);
  });
}

/** Waits until the desk follows the lead into the entry of ballots, with the boxes as the lead opened them. */
async function followToEntering(station: OpenStation): Promise<void> {
  await until('the desk to follow the lead to the entry of ballots', () => stepAt(station) === 'entering', 15_000);
  await until('the boxes record at the desk', async () => (await station.db.countRecords.findOne('boxes-1').exec()) !== null);
}

/** The lead runs the polling day to the count (CHECK_INS voters) and opens the boxes (RECOVERED papers) for a double entry. */
async function countAtLead(lead: Machine, stationId: string, pkg: ReturnType<typeof smallDemoPackage>): Promise<void> {
  await session(lead, stationId, async (station) => {
    expect((await station.actions.importPackage(JSON.stringify(pkg), false, atLead)).ok).toBe(true);
    expect((await lead.bridge.hubEnableLead!({ lan: false })).ok).toBe(true);
    expect((await hubLinkFor(lead.bridge).refresh()).role).toBe('lead');
    expect((await station.actions.confirmSetup(setup, atLead)).ok).toBe(true);
    const opened = await station.actions.openPolls(atLead);
    expect(opened.ok ? null : opened.issues).toBeNull();
  });
  // (The hub has the open polls once the lead's day is pushed: its check-ins are claimed there.)
  await session(lead, stationId, async (station) => {
    for (const voter of pkg.roll.slice(0, CHECK_INS)) {
      const issued = await station.actions.checkIn(voter.id, atLead);
      expect(issued.ok ? null : issued.issues).toBeNull();
    }
    expect((await station.actions.closePolls(atLead)).ok).toBe(true);
    expect((await station.actions.reconcile({ unused: 100 - CHECK_INS, explanation: '', signedOffBy: '' }, atLead)).ok).toBe(true);
    expect((await station.countActions.startCount(atLead)).ok).toBe(true);
    expect((await station.countActions.openBoxes({ mainBox: RECOVERED, mobileBoxes: {}, doubleEntry: true }, atLead)).ok).toBe(true);
    expect(stepAt(station)).toBe('entering');
  });
}

/** The lead (its hub on PGlite) and two count desks, each with its own data folder. */
async function machines(): Promise<{ lead: Machine; leadDir: string; desk1: Machine; desk2: Machine }> {
  const leadDir = dataDir('hub-lead-');
  hubService(leadDir, { dbTemplate: await pgliteTemplate() });
  const lead: Machine = { bridge: nodeBridge(leadDir), dbName: `hub-count-lead-${process.pid}-${Date.now()}`, role: 'lead' };
  return { lead, leadDir, desk1: countMachine(dataDir('hub-count1-'), 'one'), desk2: countMachine(dataDir('hub-count2-'), 'two') };
}

describe('counting at several tables', () => {
  it('two count desks and the lead each enter their own pile, double entry on two machines: one count equal to tally, one signed sheet', async () => {
    const { lead, leadDir, desk1, desk2 } = await machines();
    const pkg = smallDemoPackage(100);
    const stationId = pkg.station.id;
    const ids = Object.fromEntries(pkg.election.positions.flatMap((p) => p.candidates.map((c) => [c.name, c.id]))) as Record<string, string>;
    const chair = (name: string): Reading => ({ status: 'valid', marks: { chair: { for: [ids[name] as string], against: [], writeIns: [] } } });
    const blank: Reading = { status: 'blank', marks: null };

    await countAtLead(lead, stationId, pkg);
    await pairCountDesk(lead, desk1, stationId, atTable1);
    await pairCountDesk(lead, desk2, stationId, atTable2);

    // The papers of each table as read out; table 1's third paper is read differently at entry B.
    const table0 = [chair('林秀梅'), blank];
    const table1 = [chair('林秀梅'), chair('周建华'), chair('林秀梅'), { status: 'unreadable', marks: null } as Reading, chair('周建华'), chair('林秀梅')];
    const table1AsB = table1.map((reading, index) => (index === 2 ? chair('周建华') : reading));
    const table2 = [chair('周建华'), chair('周建华'), blank, chair('林秀梅')];

    // Table 1, entry A on desk 1 — places 100001…; the ids keep their format.
    await session(desk1, stationId, async (station) => {
      await followToEntering(station);
      expect(station.countActions.useTable(1)).toBe(true);
      expect(station.countActions.useTable(10)).toBe(false); // not a table: the window keeps table 1
      expect(await enter(station, 'A', table1, atTable1)).toEqual([100_001, 100_002, 100_003, 100_004, 100_005, 100_006]);
      expect((await station.db.ballots.findOne('R1-A-100001-1').exec())?.toJSON()).toMatchObject({ entry: 'A', seq: 100_001, desk: atTable1.desk });
    });

    // Desk 2: entry B of table 1 (the double entry's second machine), then entry A of its own table 2.
    await session(desk2, stationId, async (station) => {
      await followToEntering(station);
      await until('desk 1 ballots at desk 2', async () => (await ballotsAt(station)) === 6);
      expect(station.countActions.useTable(1)).toBe(true);
      // Entry A of table 1 is desk 1's: the hub refuses it here, naming desk 1 and its recorder.
      const taken = await station.countActions.enterBallot('A', blank, atTable2);
      expect(taken.ok ? null : taken.issues[0]).toMatchObject({ code: 'hub.tableClaimed', params: { round: 1, table: 1, entry: 'A', desk: atTable1.desk, clerk: atTable1.clerk } });
      expect(await enter(station, 'B', table1AsB, atTable2)).toEqual([100_001, 100_002, 100_003, 100_004, 100_005, 100_006]);
      expect(station.countActions.useTable(2)).toBe(true);
      expect(await enter(station, 'A', table2, atTable2)).toEqual([200_001, 200_002, 200_003, 200_004]);
      const resumed = await station.countActions.resumePoint('A');
      expect(resumed.ok && resumed.value).toEqual({ saved: 4, next: 200_005, reenterTo: null });
    });

    // Desk 1: entry B of table 2.
    await session(desk1, stationId, async (station) => {
      await until('desk 2 ballots at desk 1', async () => (await ballotsAt(station)) === 16);
      expect(station.countActions.useTable(2)).toBe(true);
      // Desk 2's ballots at table 2 are not desk 1's to withdraw.
      const withdrawn = await station.countActions.withdrawLast('A', '按错了', atTable1);
      expect(withdrawn.ok ? null : withdrawn.issues[0]).toMatchObject({ code: 'count.tableTaken', params: { table: 2, entry: 'A', desk: atTable2.desk } });
      expect(await enter(station, 'B', table2, atTable1)).toEqual([200_001, 200_002, 200_003, 200_004]);
    });

    // The lead enters its own table (0, places 1…), sees every pile merged, settles the one disagreement and decides.
    const expected: { seq: number; reading: Reading }[] = [
      ...table0.map((reading, index) => ({ seq: index + 1, reading })),
      ...table1AsB.map((reading, index) => ({ seq: 100_001 + index, reading })),
      ...table2.map((reading, index) => ({ seq: 200_001 + index, reading })),
    ];
    const counted = await session(lead, stationId, async (station) => {
      expect(station.countActions.table()).toBe(0);
      expect(await enter(station, 'A', table0, atLead)).toEqual([1, 2]);
      expect(await enter(station, 'B', table0, atLead)).toEqual([1, 2]);
      await until('every table ballots at the lead', async () => (await ballotsAt(station)) === 2 * RECOVERED, 15_000);
      const election = (await station.db.election.findOne().exec())?.toJSON().election as ElectionDefinition;
      const inputOf = (ballots: readonly { seq: number; reading: Reading }[]): CountInput => ({
        format: FORMAT.countInput,
        election,
        round: 1,
        registeredVoters: pkg.roll.length,
        participants: CHECK_INS,
        ballotsIssued: CHECK_INS,
        ballotsRecovered: RECOVERED,
        ballots: ballots.map(({ seq, reading }) => ({ id: countBallotId(1, seq), status: reading.status, marks: reading.marks ?? null })),
        runoffOf: null,
      });
      // The running tally (what the projector shows) is entry A of every table.
      const entryA = expected.map(({ seq, reading }) => ({ seq, reading: seq === 100_003 ? (table1[2] as Reading) : reading }));
      const view: CountView = await firstValueFrom(
        countView$(station.db, station.actor, election$Of(station)).pipe(filter((c) => c.pile === 'loaded' && c.entered.A === RECOVERED && c.entered.B === RECOVERED)),
      );
      const tallyA = tally(inputOf(entryA));
      if (!tallyA.ok) throw new Error(JSON.stringify(tallyA.issues));
      expect(view.live).toEqual(tallyA.value);
      expect(view.disagreements.map((d) => d.seq)).toEqual([100_003]);
      const open = await station.countActions.finishCount(atLead);
      expect(open.ok ? null : open.issues[0]?.code).toBe('count.disagreementsOpen');
      expect((await station.countActions.resolveDisagreement(100_003, 'B', atLead)).ok).toBe(true);
      const decided = await station.countActions.finishCount(atLead);
      if (!decided.ok) throw new Error(JSON.stringify(decided.issues));
      const all = tally(inputOf(expected));
      if (!all.ok) throw new Error(JSON.stringify(all.issues));
      expect(decided.value).toEqual(all.value);
      expect(decided.value.stats).toMatchObject({ ballotsRecovered: RECOVERED, validBallots: 9, invalidBallots: 3 });

      // Main signs what it recounts from its journal, with the desks' ballots and the resolution the hub holds.
      const produced = await station.countActions.produceSheets(atLead);
      if (!produced.ok) throw new Error(JSON.stringify(produced.issues));
      const signed = produced.value.signedResults[0];
      expect(signed?.result).toEqual(decided.value);
      // Its ballots are every table's, as resolved: the signed hash is that of the count's own input.
      expect(signed?.ballotsHash).toBe(ballotsHash(inputOf(expected).ballots));
      const verified = await verifySheetFile(join(leadDir, 'sheets', produced.value.files.sheet), { stationKey: signed?.stationKey });
      expect(verified.ok).toBe(true);
      return decided.value;
    });
    expect(counted.valid).toBe(true);
  }, 420_000);

  it('the same table and entry on two machines: the hub gives it to the first and names it to the second; offline a desk starts no table but goes on with its own', async () => {
    const { lead, leadDir, desk1, desk2 } = await machines();
    const pkg = smallDemoPackage(100);
    const stationId = pkg.station.id;
    const blank: Reading = { status: 'blank', marks: null };
    await countAtLead(lead, stationId, pkg);
    await pairCountDesk(lead, desk1, stationId, atTable1);
    await pairCountDesk(lead, desk2, stationId, atTable2);
    await session(desk1, stationId, followToEntering);

    // Desk 2 starts table 3, entry A; opened again (a reload), the table is still its own.
    await session(desk2, stationId, async (station) => {
      await followToEntering(station);
      expect(station.countActions.useTable(3)).toBe(true);
      expect(await station.countActions.tableStanding('A', atTable2)).toEqual([]);
      expect(await enter(station, 'A', [blank], atTable2)).toEqual([300_001]);
    });
    await session(desk2, stationId, async (station) => {
      expect(station.countActions.useTable(3)).toBe(true);
      expect(await station.countActions.tableStanding('A', atTable2)).toEqual([]);
      expect(await enter(station, 'A', [blank], atTable2)).toEqual([300_002]);
    });

    // Desk 1 chose table 3, entry A too, and none of desk 2's ballots reached it (no replication):
    // its own pile says nothing, the hub refuses — naming desk 2, its recorder and when.
    await session(
      desk1,
      stationId,
      async (station) => {
        expect(station.countActions.useTable(3)).toBe(true);
        const standing = await station.countActions.tableStanding('A', atTable1);
        expect(standing[0]).toMatchObject({ code: 'hub.tableClaimed', params: { round: 1, table: 3, entry: 'A', desk: atTable2.desk, clerk: atTable2.clerk } });
        expect(Number.isFinite(Date.parse(String(standing[0]?.params?.['at'])))).toBe(true);
        const refusedEntry = await station.countActions.enterBallot('A', blank, atTable1);
        expect(refusedEntry.ok ? null : refusedEntry.issues[0]?.code).toBe('hub.tableClaimed');
        expect(await ballotsAt(station)).toBe(0);
        // Entry B of that table is the double entry's other machine: desk 1 takes it.
        expect(await enter(station, 'B', [blank], atTable1)).toEqual([300_001]);
      },
      { sync: false },
    );

    // The lead's hub is gone: desk 1 cannot start a table no one can confirm, but goes on with the one it holds.
    await closeHubService(leadDir);
    await session(
      desk1,
      stationId,
      async (station) => {
        expect(station.countActions.useTable(5)).toBe(true);
        const offline = await station.countActions.enterBallot('A', blank, atTable1);
        expect(offline.ok ? null : offline.issues[0]).toMatchObject({ code: 'hub.tableClaimOffline', params: { table: 5, entry: 'A' } });
        expect((await station.countActions.tableStanding('A', atTable1))[0]?.code).toBe('hub.tableClaimOffline');
        expect(hubLinkFor(desk1.bridge).isOnline()).toBe(false);
        expect(station.countActions.useTable(3)).toBe(true);
        expect(await station.countActions.tableStanding('B', atTable1)).toEqual([]);
        expect(await enter(station, 'B', [blank], atTable1)).toEqual([300_002]);
      },
      { sync: false },
    );
  }, 420_000);
});
