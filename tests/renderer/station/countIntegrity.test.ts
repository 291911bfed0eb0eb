/**
 * A ballot whose store fails never merges with the next paper (issue 12, item 1): places and ids
 * come from durable state — the database and main's journal — not from a window's counter. A
 * window that closed with papers journaled but not stored says, when it opens again, which
 * papers to read again, enters them at their places under new ids and takes the old ones back
 * in the journal; a failed store keeps the ballot to store again as it was, or to drop.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { documentsFromJournal, journalPath, readJournalFile } from '../../../main/services/journal';
import type { BallotDoc } from '../../../renderer/db/schemas/count';
import { createCountService, type CountActions } from '../../../renderer/station/countService';
import type { OpenStation } from '../../../renderer/station/openStation';
import { by, readyToCount } from '../../helpers/count';
import { directBridge } from '../../helpers/station';

let station: OpenStation | null = null;
afterEach(async () => {
  await station?.close();
  station = null;
});

async function counting(bridge: StationBridge, dataDir: string, recovered = 20) {
  const ready = await readyToCount(52, { bridge, dataDir });
  station = ready.s;
  const s = ready.s;
  expect((await s.countActions.openBoxes({ mainBox: recovered, mobileBoxes: {}, doubleEntry: false }, by)).ok).toBe(true);
  const vote = (name: string) => ({ status: 'valid' as const, marks: { chair: { for: [ready.ids[name] as string], against: [], writeIns: [] } } });
  const stored = async () => (await s.db.ballots.find().exec()).map((doc) => doc.toJSON() as BallotDoc).sort((a, b) => (a.id < b.id ? -1 : 1));
  /** The `ballots` documents main's journal rebuilds (what a recovery would restore). */
  const journaled = () => documentsFromJournal(readJournalFile(journalPath(dataDir)).lines).ballots;
  /** The same database and machine in a window opened again: nothing of the old window's memory. */
  const reopened = (): CountActions => createCountService({ db: s.db, audit: s.audit, actor: s.actor, bridge });
  return { s, vote, stored, journaled, reopened };
}

const ballotDoc = (seq: number, attempt: number, extra: Partial<BallotDoc> = {}): BallotDoc => ({
  id: `R1-A-${String(seq).padStart(6, '0')}-${attempt}`,
  round: 1,
  entry: 'A',
  seq,
  kind: 'ballot',
  status: 'blank',
  marks: null,
  at: `2026-12-06T18:00:0${seq % 10}.000+08:00`,
  clerk: by.clerk,
  desk: by.desk,
  ...extra,
});

describe('places and ids from durable state', () => {
  it('papers main journaled but the closed window never stored are named to read again, re-entered at their places under new ids, the old ones taken back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'count-integrity-'));
    const bridge = directBridge(dataDir);
    const { s, vote, stored, journaled, reopened } = await counting(bridge, dataDir);
    for (let i = 0; i < 3; i++) expect((await s.countActions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(true);
    // The window closed after main journaled papers 4–6 and before the database stored them.
    for (let seq = 4; seq <= 6; seq++) await bridge.journal({ kind: 'ballot', record: ballotDoc(seq, 1) });

    const actions = reopened();
    expect(await actions.resumePoint('A')).toEqual({ ok: true, value: { saved: 3, next: 4, reenterTo: 6 } });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const outcome = await actions.enterBallot('A', vote('周建华'), by);
      expect(outcome.ok).toBe(true);
      if (outcome.ok) ids.push(`${outcome.value.seq}:${outcome.value.id}`);
    }
    // Papers 4–6 at places 4–6 (never as 4-1 again: main holds another ballot under it), then 7.
    expect(ids).toEqual(['4:R1-A-000004-2', '5:R1-A-000005-2', '6:R1-A-000006-2', '7:R1-A-000007-1']);
    const inDb = await stored();
    expect(inDb.map((doc) => doc.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The journal rebuilds exactly the database: the unconfirmed papers were taken back.
    expect(journaled()).toEqual(inDb);
    expect(await reopened().resumePoint('A')).toEqual({ ok: true, value: { saved: 7, next: 8, reenterTo: null } });
  });

  it('a paper the window closed on before main journaled it: the next place is that paper, named to read again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'count-integrity-'));
    const bridge = directBridge(dataDir);
    const { s, vote, reopened } = await counting(bridge, dataDir);
    for (let i = 0; i < 2; i++) expect((await s.countActions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(true);
    expect(await reopened().resumePoint('A')).toEqual({ ok: true, value: { saved: 2, next: 3, reenterTo: null } });
  });

  it('a withdrawal main journaled but the closed window never stored: the ballot stays, the journal takes the withdrawal back, it can be withdrawn again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'count-integrity-'));
    const bridge = directBridge(dataDir);
    const { s, vote, stored, journaled, reopened } = await counting(bridge, dataDir);
    for (let i = 0; i < 3; i++) expect((await s.countActions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(true);
    const third = (await stored()).find((doc) => doc.seq === 3) as BallotDoc;
    await bridge.journal({ kind: 'withdrawal', record: { id: `${third.id}-W`, round: 1, entry: 'A', seq: 3, kind: 'withdrawal', withdraws: third.id, reason: '念错了', at: 't', clerk: by.clerk, desk: by.desk } });

    const actions = reopened();
    expect(await actions.resumePoint('A')).toEqual({ ok: true, value: { saved: 3, next: 4, reenterTo: null } });
    expect(journaled()).toEqual(await stored());
    const withdrawn = await actions.withdrawLast('A', '按错了', by);
    expect(withdrawn.ok && withdrawn.value.withdraws).toBe(third.id);
    expect(journaled()).toEqual(await stored());
  });

  it('a store that fails after main journaled it (the answer lost): retried as it was — one journal line, the same id and time; never a second ballot under that id', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'count-integrity-'));
    const real = directBridge(dataDir);
    let loseAnswers = 0;
    const bridge: StationBridge = {
      ...real,
      journal: async (entry) => {
        await real.journal(entry);
        if (entry.kind === 'ballot' && loseAnswers > 0) {
          loseAnswers--;
          throw new Error('connection reset');
        }
      },
    };
    const { s, vote, stored, journaled } = await counting(bridge, dataDir);
    expect((await s.countActions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(true);
    loseAnswers = 1;
    const failed = await s.countActions.enterBallot('A', vote('周建华'), by);
    expect(failed.ok ? null : failed.issues[0]).toMatchObject({ code: 'count.entryNotStored', params: { seq: 2 } });
    expect((await stored()).map((doc) => doc.seq)).toEqual([1]);
    const retried = await s.countActions.retryBallot('A', by);
    expect(retried.ok && retried.value.id).toBe('R1-A-000002-1');
    const lines = readJournalFile(journalPath(dataDir)).lines.filter((line) => line.record.id === 'R1-A-000002-1');
    expect(lines).toHaveLength(1);
    expect(retried.ok && retried.value.at).toBe(lines[0]?.record.at);
    expect(journaled()).toEqual(await stored());
    expect(await s.countActions.retryBallot('A', by)).toMatchObject({ ok: false, issues: [{ code: 'count.nothingToRetry' }] });
  });

  it('a failed ballot dropped: the same paper entered anew takes its place under a new id, and the journal takes the dropped one back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'count-integrity-'));
    const real = directBridge(dataDir);
    let loseAnswers = 0;
    const bridge: StationBridge = {
      ...real,
      journal: async (entry) => {
        await real.journal(entry);
        if (entry.kind === 'ballot' && loseAnswers-- > 0) throw new Error('connection reset');
      },
    };
    const { s, vote, stored, journaled } = await counting(bridge, dataDir);
    loseAnswers = 1;
    expect((await s.countActions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(false);
    s.countActions.discardBallot('A');
    const again = await s.countActions.enterBallot('A', vote('周建华'), by);
    expect(again.ok && [again.value.seq, again.value.id]).toEqual([1, 'R1-A-000001-2']);
    expect(journaled()).toEqual(await stored());
    expect(await s.countActions.retryBallot('A', by)).toMatchObject({ ok: false, issues: [{ code: 'count.nothingToRetry' }] });
  });

  it('main unreachable when the next place must be read: the ballot is refused with the reason, nothing shown or stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'count-integrity-'));
    const real = directBridge(dataDir);
    let down = false;
    const bridge: StationBridge = {
      ...real,
      journaledBallots: async (...args) => {
        if (down) throw new Error('host down');
        return real.journaledBallots!(...args);
      },
    };
    const { stored, vote, reopened } = await counting(bridge, dataDir);
    down = true;
    const actions = reopened();
    const outcome = await actions.enterBallot('A', vote('林秀梅'), by);
    expect(outcome.ok ? null : outcome.issues[0]).toMatchObject({ code: 'count.placeUnknown', params: { detail: 'host down' } });
    expect(await stored()).toEqual([]);
    down = false;
    expect((await actions.enterBallot('A', vote('林秀梅'), by)).ok).toBe(true);
  });
});
