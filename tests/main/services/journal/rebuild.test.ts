/**
 * The station's real actions in Node (RxDB on fake-indexeddb, the bridge = main's services in
 * process, so `journal` writes a real fsync'd journal): rebuilding from the journal gives the
 * very documents RxDB holds — check-ins of every kind, an undo and a re-issue, a race lost to
 * another desk, ballots and a withdrawal — and filling a fresh database from the recovery file
 * (renderer/db/journalRecovery.ts) gives them back. The Node host's route writes the same
 * journal, and refuses an invalid entry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHost } from '../../../../main/host/server';
import { closeAllJournals, documentsFromJournal, journalPath, readJournalFile } from '../../../../main/services/journal';
import { nodeBridge } from '../../../../main/services/nodeBridge';
import { createHttpBridge } from '../../../../renderer/bridge/httpBridge';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import type { StationDatabase } from '../../../../renderer/db/database';
import { restoreFromJournal } from '../../../../renderer/db/journalRecovery';
import type { Operator } from '../../../../renderer/station/types';
import { smallDemoPackage } from '../../../e2e/smallPackage';
import { openTestStation, testDatabase } from '../../../helpers/station';
import { testSetup as setup } from '../../../helpers/setup';

const by: Operator = { clerk: '冯静', desk: '1号台' };
const counter: Operator = { clerk: '郑洁', desk: '计票台' };

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-rebuild-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await closeAllJournals();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** An import as the station makes it: main checks (step 1), then — the renderer having stored it — completes (step 2). */
async function importBoth(bridge: Required<StationBridge>, text: string, options?: { reprovision?: boolean }) {
  const checked = await bridge.importPackage(text, options);
  return checked.ok ? bridge.completeImport(text, options) : checked;
}

/** Every document of a collection, as the renderer stores it, in id order. */
async function all(db: StationDatabase, name: 'checkins' | 'ballots'): Promise<unknown[]> {
  const docs = (await db[name].find().exec()).map((doc) => doc.toJSON() as { id: string });
  return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A bridge whose first journal call for `voterId` lets another desk store that check-in first. */
function racingBridge(inner: StationBridge, db: () => StationDatabase, voterId: string): StationBridge {
  let raced = false;
  return {
    ...inner,
    async journal(entry) {
      await inner.journal(entry);
      const record = entry.record as { voterId?: string; id: string };
      if (!raced && entry.kind === 'checkin' && record.voterId === voterId) {
        raced = true;
        // Desk 2 issued the same ballot a moment earlier (its journal line, then its insert).
        const theirs = { ...(record as object), desk: '2号台', clerk: '陈刚', issuedAt: '2026-12-06T09:59:59.000+08:00' };
        await inner.journal({ kind: 'checkin', record: theirs });
        await db().checkins.insert(theirs as never);
      }
    },
  };
}

describe('rebuilding RxDB from the journal', () => {
  it('gives the same check-in and ballot documents as RxDB, and fills a fresh database with them', async () => {
    const dataDir = scratch();
    const pkg = smallDemoPackage(100);
    const voters = pkg.roll.filter((voter) => voter.status === 'registered');
    const raceVoter = voters[9]!.id;
    const db = await testDatabase();
    const s = await openTestStation(racingBridge(nodeBridge(dataDir), () => db, raceVoter), db);

    expect((await s.actions.importPackage(JSON.stringify(pkg), false, by)).ok).toBe(true);
    await s.actions.confirmSetup(setup, by);
    await s.actions.openPolls(by);
    for (const voter of voters.slice(0, 8)) expect((await s.actions.checkIn(voter.id, by)).ok).toBe(true);
    // Undo one and issue again (the same document, back to issued).
    expect((await s.actions.undoCheckin(voters[0]!.id, '认错了人', by)).ok).toBe(true);
    expect((await s.actions.undoCheckin(voters[1]!.id, '认错了人', by)).ok).toBe(true);
    expect((await s.actions.checkIn(voters[0]!.id, by)).ok).toBe(true);
    // A proxy and a mobile box.
    expect((await s.actions.entrust({ entrustingVoterId: voters[20]!.id, holderVoterId: voters[2]!.id, formNumber: 'WT-1', relationship: 'spouse' }, by)).ok).toBe(true);
    const trip = await s.actions.departTrip({ ballotsOut: 2, staff: ['何丽', '陈刚', '赵强'] }, by);
    expect(trip.ok).toBe(true);
    if (trip.ok) expect((await s.actions.serveByTrip(trip.value.id, voters[21]!.id, by)).ok).toBe(true);
    if (trip.ok) expect((await s.actions.returnTrip(trip.value.id, 1, by)).ok).toBe(true);
    // Desk 2 wins the race for this voter: ours is refused, and taken back in the journal.
    const lost = await s.actions.checkIn(raceVoter, by);
    expect(lost.ok).toBe(false);
    for (const voter of voters.slice(30, 80)) expect((await s.actions.checkIn(voter.id, by)).ok).toBe(true);
    await s.actions.closePolls(by);
    const issued = (await s.db.checkins.find({ selector: { status: 'issued' } }).exec()).length;
    expect((await s.actions.reconcile({ unused: 100 - issued, explanation: '', signedOffBy: '' }, by)).ok).toBe(true);

    await s.countActions.startCount(counter);
    await s.countActions.openBoxes({ mainBox: 4, mobileBoxes: trip.ok ? { [trip.value.id]: 1 } : {}, doubleEntry: false }, counter);
    const ids = Object.fromEntries(pkg.election.positions.flatMap((p) => p.candidates.map((c) => [c.name, c.id])));
    const vote = { status: 'valid' as const, marks: { chair: { for: [ids['林秀梅'] as string], against: [], writeIns: [] } } };
    for (let i = 0; i < 3; i++) expect((await s.countActions.enterBallot('A', vote, counter)).ok).toBe(true);
    expect((await s.countActions.withdrawLast('A', '按错了', counter)).ok).toBe(true);
    expect((await s.countActions.enterBallot('A', { status: 'blank' }, counter)).ok).toBe(true);
    expect((await s.countActions.enterBallot('A', { status: 'unreadable' }, counter)).ok).toBe(true);

    const inDb = { checkins: await all(s.db, 'checkins'), ballots: await all(s.db, 'ballots') };
    expect(inDb.checkins.length).toBeGreaterThan(30);
    expect(inDb.ballots).toHaveLength(6);

    const journal = readJournalFile(journalPath(dataDir));
    expect(journal.torn).toBeNull();
    expect(journal.corrupt).toEqual([]);
    expect(journal.lines.filter((line) => line.kind === 'rejected')).toHaveLength(1);
    const rebuilt = documentsFromJournal(journal.lines);
    expect(rebuilt.election?.electionHash).toBeTruthy();
    expect(rebuilt.election?.package).toEqual(pkg);
    expect(rebuilt.checkins).toEqual(inDb.checkins);
    expect(rebuilt.ballots).toEqual(inDb.ballots);
    expect(rebuilt.stats).toMatchObject({ rejected: 1, unmatchedRejections: 0 });

    // The database is lost: a fresh one, filled from the recovery documents. (RxDB's open core
    // allows only so many open collections: the lost one is closed first.)
    await s.close();
    const fresh = await testDatabase();
    const summary = await restoreFromJournal(fresh, JSON.parse(JSON.stringify(rebuilt)), '2026-12-06T20:00:00.000+08:00');
    expect(summary).toEqual({ packageStored: true, checkins: inDb.checkins.length, ballots: 6 });
    expect(await all(fresh, 'checkins')).toEqual(inDb.checkins);
    expect(await all(fresh, 'ballots')).toEqual(inDb.ballots);
    expect(await fresh.voters.count().exec()).toBe(pkg.roll.length);
    await fresh.close();
  }, 120_000);

  it('importing the same package again (re-provisioning or not) hides nothing and writes no second marker', async () => {
    const dataDir = scratch();
    const bridge = nodeBridge(dataDir);
    const pkg = smallDemoPackage(100);
    const first = await importBoth(bridge, JSON.stringify(pkg));
    expect(first.ok).toBe(true);
    // A voter on the roll: recovery refuses check-ins of anyone else.
    const voter = pkg.roll[0]!.id;
    await bridge.journal({ kind: 'checkin', record: { id: `1:${voter}`, round: 1, voterId: voter, kind: 'inPerson', status: 'issued', issuedAt: 't', clerk: 'c', desk: 'd' } });
    expect((await importBoth(bridge, JSON.stringify(pkg))).ok).toBe(true);
    expect((await importBoth(bridge, JSON.stringify(pkg), { reprovision: true })).ok).toBe(true);
    const rebuilt = documentsFromJournal(readJournalFile(journalPath(dataDir)).lines);
    expect(rebuilt.checkins.map((c) => c.id)).toEqual([`1:${voter}`]);
    expect(rebuilt.election?.electionId).toBe(pkg.election.id);
    // A refused import writes no marker either.
    expect((await importBoth(bridge, '{}')).ok).toBe(false);
    expect(readJournalFile(journalPath(dataDir)).lines.filter((line) => line.kind === 'election')).toHaveLength(1);
  });

  it('the Node host\'s POST /api/bridge/journal appends to the same journal and refuses invalid entries', async () => {
    const dataDir = scratch();
    const host = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir, staticDir: scratch() });
    try {
      const bridge = createHttpBridge(host.url, host.secret);
      const record = { id: '1:V1', round: 1, voterId: 'V1', kind: 'inPerson', status: 'issued', issuedAt: 't', clerk: 'c', desk: 'd' };
      await bridge.journal({ kind: 'checkin', record });
      await expect(bridge.journal({ kind: 'checkin', record: { id: 'x' } })).rejects.toThrow(/^Journal failed: 400 invalid journal entry/);
      const post = (body: string, type = 'application/json') => fetch(`${host.url}/api/bridge/journal`, { method: 'POST', headers: { 'content-type': type, 'x-station-secret': host.secret }, body });
      expect((await post('not json')).status).toBe(400);
      expect((await post(JSON.stringify([{ kind: 'election', record: {} }]))).status).toBe(400);
      expect((await post(JSON.stringify([{ kind: 'checkin', record }]), 'text/plain')).status).toBe(415);
      expect((await fetch(`${host.url}/api/bridge/journal`, { headers: { 'x-station-secret': host.secret } })).status).toBe(405);
      const lines = readJournalFile(journalPath(dataDir)).lines;
      expect(lines.map((line) => [line.kind, line.record])).toEqual([['checkin', record]]);
    } finally {
      await host.close();
    }
  });
});
