/**
 * A committed ballot shows in the count at once (within the clerk's keypress), is stored in
 * reading order behind it, and is taken back when storage refuses it — with every ballot
 * reserved after it, so the pile never has a hole.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { map } from 'rxjs';
import type { ElectionDefinition } from '../../../shared/election/schemas';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import type { BallotDoc } from '../../../renderer/db/schemas/count';
import { countView$, type CountView } from '../../../renderer/station/countView';
import type { OpenStation } from '../../../renderer/station/openStation';
import { by, readyToCount } from '../../helpers/count';
import { directBridge } from '../../helpers/station';

let station: OpenStation | null = null;
afterEach(async () => {
  await station?.close();
  station = null;
});

/** main's journal, held or failed on demand. */
function controlledBridge() {
  const real = directBridge();
  const held: { release: () => void; fail: (error: Error) => void }[] = [];
  let hold = false;
  const bridge: StationBridge = {
    ...real,
    journal: (entry) => {
      if (!hold || entry.kind !== 'ballot') return real.journal(entry);
      return new Promise<void>((resolve, reject) => {
        held.push({ release: () => void real.journal(entry).then(resolve, reject), fail: reject });
      });
    },
  };
  return { bridge, held, holdBallots: (on: boolean) => (hold = on) };
}

async function countingStation(bridge: StationBridge, recovered: number) {
  const ready = await readyToCount(52, { bridge });
  station = ready.s;
  const s = ready.s;
  expect((await s.countActions.openBoxes({ mainBox: recovered, mobileBoxes: {}, doubleEntry: false }, by)).ok).toBe(true);
  let view: CountView | null = null;
  const election$ = s.db.election.findOne().$.pipe(map((doc) => (doc ? (doc.toJSON().election as ElectionDefinition) : null)));
  const subscription = countView$(s.db, s.actor, election$, s.localBallots$).subscribe((next) => (view = next));
  const current = () => view;
  const until = async (ready: (v: CountView) => boolean) => {
    for (let i = 0; i < 200 && !(current() && ready(current() as CountView)); i++) await new Promise((r) => setTimeout(r, 10));
    return current() as CountView;
  };
  await until((v) => v.live !== null);
  const vote = (name: string) => ({ status: 'valid' as const, marks: { chair: { for: [ready.ids[name] as string], against: [], writeIns: [] } } });
  const chairVotes = (name: string) => current()?.live?.positions.find((p) => p.id === 'chair')?.tallies.find((t) => t.person === ready.ids[name])?.for;
  const stored = async () => (await s.db.ballots.find({ sort: [{ seq: 'asc' }] }).exec()).map((doc) => doc.toJSON() as BallotDoc);
  return { s, current, until, vote, chairVotes, stored, close: () => subscription.unsubscribe() };
}

describe('a committed ballot shows at once', () => {
  it('is in the count view and the running tally within the call, before storage confirms', async () => {
    const { s, current, until, vote, chairVotes, stored, close } = await countingStation(directBridge(), 5);
    expect((await s.countActions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(true); // the first reads the pile's end
    await until((v) => v.entries.A.length === 1);
    const pending = s.countActions.enterBallot('A', vote('林秀梅'), by);
    // Synchronously: nothing was awaited yet.
    expect(current()?.entries.A.map((doc) => doc.seq)).toEqual([1, 2]);
    expect(chairVotes('林秀梅')).toBe(2);
    const outcome = await pending;
    expect(outcome.ok && outcome.value.seq).toBe(2);
    expect((await stored()).map((doc) => doc.id)).toEqual(['R1-A-000001-1', 'R1-A-000002-1']);
    expect(current()?.entries.A).toHaveLength(2); // the stored document did not add it twice
    close();
  });

  it('a ballot main refuses to journal is taken back with the ones reserved after it; the next entry takes its place', async () => {
    const control = controlledBridge();
    const { s, current, until, vote, chairVotes, stored, close } = await countingStation(control.bridge, 5);
    expect((await s.countActions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(true);
    await until((v) => v.entries.A.length === 1);
    control.holdBallots(true);
    const second = s.countActions.enterBallot('A', vote('周建华'), by);
    const third = s.countActions.enterBallot('A', { status: 'blank' }, by);
    expect(current()?.entries.A.map((doc) => doc.seq)).toEqual([1, 2, 3]);
    expect(chairVotes('周建华')).toBe(1);
    await until(() => control.held.length === 1);
    control.held[0]?.fail(new Error('disk full'));
    const [secondOutcome, thirdOutcome] = await Promise.all([second, third]);
    expect(secondOutcome.ok ? null : secondOutcome.issues[0]).toMatchObject({ code: 'count.entryNotStored', params: { seq: 2, detail: 'disk full' } });
    expect(thirdOutcome.ok ? null : thirdOutcome.issues[0]).toMatchObject({ code: 'count.earlierNotStored', params: { seq: 3 } });
    expect(current()?.entries.A.map((doc) => doc.seq)).toEqual([1]);
    expect(chairVotes('周建华')).toBe(0);
    expect((await stored()).map((doc) => doc.seq)).toEqual([1]);
    control.holdBallots(false);
    const again = await s.countActions.enterBallot('A', vote('周建华'), by);
    expect(again.ok && again.value.id).toBe('R1-A-000002-1');
    close();
  });

  it('another window storing the same place first: its ballot is shown, ours is refused and taken back', async () => {
    const control = controlledBridge();
    const { s, current, until, vote, chairVotes, stored, close } = await countingStation(control.bridge, 5);
    expect((await s.countActions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(true);
    await until((v) => v.entries.A.length === 1);
    control.holdBallots(true);
    const ours = s.countActions.enterBallot('A', vote('周建华'), by);
    expect(chairVotes('周建华')).toBe(1);
    const theirs = { ...(await stored())[0], id: 'R1-A-000002-1', seq: 2, marks: { chair: { for: [], against: [], writeIns: ['赵六'] } } } as BallotDoc;
    await s.db.ballots.insert(theirs);
    await until((v) => v.writeIns.includes('赵六'));
    expect(chairVotes('周建华')).toBe(0); // the stored document replaced our pending one
    control.held[0]?.release();
    const outcome = await ours;
    expect(outcome.ok ? null : outcome.issues[0]?.code).toBe('count.concurrentEntry');
    expect(current()?.entries.A.map((doc) => doc.id)).toEqual(['R1-A-000001-1', 'R1-A-000002-1']);
    expect(current()?.writeIns).toEqual(['赵六']);
    control.holdBallots(false);
    // The place is read again from storage: the next ballot is number 3.
    const next = await s.countActions.enterBallot('A', vote('周建华'), by);
    expect(next.ok && next.value.seq).toBe(3);
    close();
  });

  it('a withdrawal waits for the ballots being stored, and withdraws the last of them', async () => {
    const control = controlledBridge();
    const { s, until, vote, stored, close } = await countingStation(control.bridge, 5);
    expect((await s.countActions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(true);
    await until((v) => v.entries.A.length === 1);
    control.holdBallots(true);
    const second = s.countActions.enterBallot('A', vote('周建华'), by);
    const withdrawal = s.countActions.withdrawLast('A', '念错了', by);
    await until(() => control.held.length === 1);
    control.held[0]?.release();
    expect((await second).ok).toBe(true);
    const withdrawn = await withdrawal;
    expect(withdrawn.ok && withdrawn.value.withdraws).toBe('R1-A-000002-1');
    control.holdBallots(false);
    const next = await s.countActions.enterBallot('A', { status: 'blank' }, by);
    expect(next.ok && next.value.id).toBe('R1-A-000002-2');
    expect((await stored()).filter((doc) => doc.kind === 'ballot')).toHaveLength(3);
    close();
  });

  it('a wiped election (a new import) leaves nothing of the old pile behind: the next ballot is number 1', async () => {
    const { s, vote, stored, close } = await countingStation(directBridge(), 5);
    for (let i = 0; i < 2; i++) expect((await s.countActions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(true);
    await s.db.ballots.find().remove();
    const next = await s.countActions.enterBallot('A', vote('林秀梅'), by);
    expect(next.ok && next.value.seq).toBe(1);
    // Main's journal (this data folder's: no import set it aside here) still holds
    // R1-A-000001-1 of the wiped pile, and an id is never given to a second ballot.
    expect(next.ok && next.value.id).toBe('R1-A-000001-2');
    expect((await stored()).map((doc) => doc.id)).toEqual(['R1-A-000001-2']);
    close();
  });
});
