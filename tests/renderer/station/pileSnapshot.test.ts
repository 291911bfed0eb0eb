/**
 * The stored pile snapshot (issue 19): a cold start shows the count from it at once, marked as
 * being checked, and reads the ballots behind it; a snapshot that does not match the stored
 * ballots is never shown once they are read — it is dropped and the pile as read is shown — and
 * one that no longer covers every stored document is not shown at all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { map, type Subscription } from 'rxjs';
import type { ElectionDefinition } from '../../../shared/election/schemas';
import { IncrementalTally } from '../../../shared/rules/incremental';
import { countView$, type CountView } from '../../../renderer/station/countView';
import { readSnapshot, snapshotKey, type PileSnapshot, type SnapshotStore } from '../../../renderer/station/count/pileSnapshot';
import type { OpenStation } from '../../../renderer/station/openStation';
import { demoElection } from '../../helpers/build';
import { by, readyToCount } from '../../helpers/count';

let station: OpenStation | null = null;
const subscriptions: Subscription[] = [];
afterEach(async () => {
  for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
  await station?.close();
  station = null;
});

function memoryStore(): SnapshotStore & { readonly items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function countingStation(ballots: number) {
  const ready = await readyToCount(52);
  station = ready.s;
  const s = ready.s;
  expect((await s.countActions.openBoxes({ mainBox: 40, mobileBoxes: {}, doubleEntry: false }, by)).ok).toBe(true);
  const vote = (name: string) => ({ status: 'valid' as const, marks: { chair: { for: [ready.ids[name] as string], against: [], writeIns: [] } } });
  for (let i = 0; i < ballots; i++) {
    const outcome = await s.countActions.enterBallot('A', i % 3 === 2 ? { status: 'blank' } : vote(i % 3 === 0 ? '林秀梅' : '周建华'), by);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  }
  const election$ = s.db.election.findOne().$.pipe(map((doc) => (doc ? (doc.toJSON().election as ElectionDefinition) : null)));
  /** A window's count view from now on (a cold start of the view): every view it emits. */
  const open = (store: SnapshotStore, snapshotIdleMs = 20) => {
    const views: CountView[] = [];
    subscriptions.push(countView$(s.db, s.actor, election$, s.localBallots$, { snapshots: store, snapshotIdleMs }).subscribe((view) => views.push(view)));
    const until = async (ready: (view: CountView) => boolean) => {
      for (let i = 0; i < 500 && !views.some(ready); i++) await sleep(10);
      const found = views.find(ready);
      if (!found) throw new Error(`no such view; last: ${JSON.stringify(views.at(-1)?.entered)} from ${views.at(-1)?.pile}`);
      return found;
    };
    return { views, until };
  };
  const chairVotes = (view: CountView, name: string) => view.live?.positions.find((p) => p.id === 'chair')?.tallies.find((t) => t.person === ready.ids[name])?.for;
  return { s, ready, open, vote, chairVotes };
}

/** Waits for the snapshot a view writes once the pile has been still, covering `documents`. */
async function written(store: SnapshotStore, database: string, documents: number): Promise<PileSnapshot> {
  for (let i = 0; i < 500; i++) {
    const snapshot = readSnapshot(store, database, 1, 0);
    if (snapshot?.documents === documents) return snapshot;
    await sleep(10);
  }
  throw new Error(`no snapshot of ${documents} documents: ${store.getItem(snapshotKey(database, 1))}`);
}

describe('the pile snapshot', () => {
  it('is written once the pile is still, and a cold start shows the count from it first, then the same count as read', async () => {
    const { s, open, chairVotes } = await countingStation(12);
    const store = memoryStore();
    const first = open(store);
    const loaded = await first.until((view) => view.pile === 'loaded');
    expect(first.views.every((view) => view.pile === 'loaded')).toBe(true); // no snapshot yet: nothing else shown
    const snapshot = await written(store, s.db.name, 12);
    expect(snapshot).toMatchObject({ round: 1, documents: 12, entered: { A: 12, B: 0 }, lastSeq: { A: 12, B: 0 }, tail: { A: 1, B: 0 } });

    const again = open(store, 60_000);
    const resumed = await again.until(() => true);
    expect(resumed.pile).toBe('snapshot');
    expect(resumed.entered).toEqual({ A: 12, B: 0 });
    expect(resumed.live).toEqual(loaded.live);
    expect(resumed.disagreements).toEqual([]);
    const read = await again.until((view) => view.pile === 'loaded');
    expect(read.entered.A).toBe(12);
    expect(read.live).toEqual(loaded.live);
    expect(chairVotes(read, '林秀梅')).toBe(4);
    expect(readSnapshot(store, s.db.name, 1, 0)).toEqual(snapshot); // it matched: kept
  });

  it('a tampered snapshot is shown only as being checked, and once the ballots are read it is dropped and the pile as read shown', async () => {
    const { s, open, chairVotes } = await countingStation(12);
    const store = memoryStore();
    open(store);
    const honest = await written(store, s.db.name, 12);
    // Five more votes for 林秀梅 than the stored ballots hold (the counts it covers left as they are).
    const tampered: PileSnapshot = JSON.parse(JSON.stringify(honest)) as PileSnapshot;
    const chair = tampered.totals.positions[0] as unknown as { for: [string, number][] };
    chair.for = chair.for.map(([person, votes]) => [person, votes + 5]);
    store.setItem(snapshotKey(s.db.name, 1), JSON.stringify(tampered));

    // This window writes no snapshot of its own for a minute: what it finds is dropped on reading the ballots.
    const cold = open(store, 60_000);
    const first = await cold.until(() => true);
    expect(first.pile).toBe('snapshot'); // marked: not the pile's totals yet
    expect(chairVotes(first, '林秀梅')).toBe(9);
    const read = await cold.until((view) => view.pile === 'loaded');
    expect(chairVotes(read, '林秀梅')).toBe(4);
    // Every view after the read is the pile as read, never the snapshot's totals again.
    const after = cold.views.slice(cold.views.indexOf(read));
    expect(after.every((view) => view.pile === 'loaded' && chairVotes(view, '林秀梅') === 4)).toBe(true);
    expect(store.getItem(snapshotKey(s.db.name, 1))).toBeNull();
    // Written again from the stored ballots by a window that stays.
    open(store);
    const rewritten = await written(store, s.db.name, 12);
    expect(rewritten).toEqual(honest);
    const next = open(store);
    expect(chairVotes(await next.until(() => true), '林秀梅')).toBe(4);
  });

  it('a snapshot that no longer covers every stored document (a ballot stored after it) is not shown at all', async () => {
    const { s, open, vote } = await countingStation(12);
    const store = memoryStore();
    const first = open(store);
    await written(store, s.db.name, 12);
    for (const subscription of subscriptions.splice(0)) subscription.unsubscribe(); // that window closes before the next ballot
    expect(first.views.length).toBeGreaterThan(0);
    const outcome = await s.countActions.enterBallot('A', vote('林秀梅'), by);
    expect(outcome.ok).toBe(true);
    const stale = store.getItem(snapshotKey(s.db.name, 1));

    const cold = open(store);
    const read = await cold.until((view) => view.pile === 'loaded');
    expect(cold.views.every((view) => view.pile === 'loaded')).toBe(true);
    expect(read.entered.A).toBe(13);
    // A withdrawal after it (same place as its last ballot) is caught the same way.
    await written(store, s.db.name, 13);
    for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
    expect((await s.countActions.withdrawLast('A', '念错了', by)).ok).toBe(true);
    const afterWithdrawal = open(store);
    const withdrawn = await afterWithdrawal.until((view) => view.pile === 'loaded');
    expect(afterWithdrawal.views.every((view) => view.pile === 'loaded')).toBe(true);
    expect(withdrawn.entered.A).toBe(12);
    expect(stale).not.toBeNull();
  });

  it('a snapshot that is not a snapshot of this round is never shown', async () => {
    const { s, open } = await countingStation(6);
    for (const text of ['{not json', JSON.stringify({ format: 'pile-snapshot@1', round: 1 }), JSON.stringify([1, 2, 3])]) {
      const store = memoryStore();
      store.setItem(snapshotKey(s.db.name, 1), text);
      const cold = open(store);
      await cold.until((view) => view.pile === 'loaded');
      expect(cold.views.every((view) => view.pile === 'loaded')).toBe(true);
      for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
    }
  });

  it('totals that cannot be the round\'s (a negative count, a position too many, a person twice) are not resumed', () => {
    const pkg = demoElection();
    const tally = new IncrementalTally(pkg);
    const good = tally.totalsJson();
    expect(IncrementalTally.resume(pkg, 1, null, good)).not.toBeNull();
    expect(IncrementalTally.resume(pkg, 1, null, { ...good, validBallots: -1 })).toBeNull();
    expect(IncrementalTally.resume(pkg, 1, null, { ...good, positions: [...good.positions, good.positions[0]] })).toBeNull();
    const twice = { ...good, positions: good.positions.map((position, i) => (i === 0 ? { ...position, for: [['p', 1], ['p', 2]] } : position)) };
    expect(IncrementalTally.resume(pkg, 1, null, twice)).toBeNull();
    expect(IncrementalTally.resume(pkg, 1, null, 'totals')).toBeNull();
  });
});
