/**
 * An id names one ballot for good (issue 12, item 1): main's journal refuses a second, different
 * ballot or withdrawal under an id it holds — also after a reopen, and after a `rejected` line
 * took the first back — acknowledges the same record again without a second line, and tells the
 * renderer what it holds of a desk's pile from a place on (bridge `journaledBallots`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAllJournals, JournalConflict, journalPath, JournalWriter, readJournalFile, stationJournal } from '../../../../main/services/journal';
import { nodeBridge } from '../../../../main/services/nodeBridge';
import { startHost } from '../../../../main/host/server';
import { createHttpBridge } from '../../../../renderer/bridge/httpBridge';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-ids-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await closeAllJournals();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const ballot = (seq: number, extra: Record<string, unknown> = {}) => ({
  id: `R1-A-${String(seq).padStart(6, '0')}-1`,
  round: 1,
  entry: 'A',
  seq,
  kind: 'ballot',
  status: 'valid',
  marks: { chair: { for: ['p1'], against: [], writeIns: [] } },
  at: '2026-12-06T18:00:00.000+08:00',
  clerk: '郑洁',
  desk: '计票台',
  ...extra,
});
const lineCount = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

describe('one id, one ballot', () => {
  it('refuses a different ballot under a held id, acknowledges the same one without a second line, and keeps refusing after a reopen', async () => {
    const dataDir = scratch();
    const journal = stationJournal(dataDir);
    expect(await journal.append({ kind: 'ballot', record: ballot(30) })).toBe(1);
    // Papers 30 and 31 both as R1-A-000030-1 (the counter fell back after a crash): refused, nothing written.
    const other = ballot(30, { marks: { chair: { for: ['p2'], against: [], writeIns: [] } }, at: '2026-12-06T18:01:00.000+08:00' });
    await expect(journal.append({ kind: 'ballot', record: other })).rejects.toThrow(JournalConflict);
    await expect(journal.append({ kind: 'ballot', record: other })).rejects.toThrow(/R1-A-000030-1/);
    // The same ballot again (a retry after an answer was lost): acknowledged, one line.
    expect(await journal.append({ kind: 'ballot', record: ballot(30) })).toBe(1);
    expect(lineCount(journal.file)).toBe(1);
    // A withdrawal is held the same way.
    const withdrawal = { id: 'R1-A-000030-1-W', round: 1, entry: 'A', seq: 30, kind: 'withdrawal', withdraws: 'R1-A-000030-1', reason: '念错了', at: 't', clerk: 'c', desk: 'd' };
    expect(await journal.append({ kind: 'withdrawal', record: withdrawal })).toBe(2);
    await expect(journal.append({ kind: 'withdrawal', record: { ...withdrawal, reason: '另一个原因' } })).rejects.toThrow(JournalConflict);

    await closeAllJournals();
    const again = stationJournal(dataDir);
    await expect(again.append({ kind: 'ballot', record: other })).rejects.toThrow(JournalConflict);
    expect(await again.append({ kind: 'ballot', record: ballot(30) })).toBe(1);
    expect(lineCount(again.file)).toBe(2);
    // Check-ins change state under one id (an undone check-in): not concerned.
    const checkin = { id: '1:V1', round: 1, voterId: 'V1', kind: 'inPerson', status: 'issued', issuedAt: 't', clerk: 'c', desk: 'd' };
    await again.append({ kind: 'checkin', record: checkin });
    await again.append({ kind: 'checkin', record: { ...checkin, status: 'undone' } });
    expect(lineCount(again.file)).toBe(4);
  });

  it('a rejected ballot is written again when retried; its id is still not given to another ballot', async () => {
    const dataDir = scratch();
    const journal = stationJournal(dataDir);
    await journal.append({ kind: 'ballot', record: ballot(1) });
    await journal.append({ kind: 'rejected', record: { of: 'ballot', record: ballot(1) } });
    expect(await journal.append({ kind: 'ballot', record: ballot(1) })).toBe(3);
    await expect(journal.append({ kind: 'ballot', record: ballot(1, { status: 'blank', marks: null }) })).rejects.toThrow(JournalConflict);
    expect(readJournalFile(journalPath(dataDir)).lines.map((line) => line.kind)).toEqual(['ballot', 'rejected', 'ballot']);
  });

  it('a withdrawal taken back may be written anew (its id is its ballot\'s); a standing one is not replaced', async () => {
    const journal = stationJournal(scratch());
    const withdrawal = (reason: string) => ({ id: 'R1-A-000002-1-W', round: 1, entry: 'A', seq: 2, kind: 'withdrawal', withdraws: 'R1-A-000002-1', reason, at: 't', clerk: 'c', desk: 'd' });
    await journal.append({ kind: 'withdrawal', record: withdrawal('念错了') });
    await expect(journal.append({ kind: 'withdrawal', record: withdrawal('按错了') })).rejects.toThrow(JournalConflict);
    await journal.append({ kind: 'rejected', record: { of: 'withdrawal', record: withdrawal('念错了') } });
    expect(await journal.append({ kind: 'withdrawal', record: withdrawal('按错了') })).toBe(3);
    expect((await journal.ballotsFrom(1, 'A', 1)).records).toEqual([{ record: withdrawal('按错了'), standing: true }]);
  });

  it("answers a desk's records from a place on, standing or taken back, with the desk's highest place; another election's are not its", async () => {
    const file = join(scratch(), 'journal.jsonl');
    const writer = await JournalWriter.open(file);
    await writer.append('election', { electionHash: 'old', electionId: 'E0', package: null });
    await writer.append('ballot', ballot(40));
    await writer.append('election', { electionHash: 'new', electionId: 'E1', package: null });
    for (let seq = 1; seq <= 5; seq++) await writer.append('ballot', ballot(seq));
    await writer.append('ballot', ballot(3, { id: 'R1-B-000003-1', entry: 'B' }));
    await writer.append('ballot', ballot(3, { id: 'R2-A-000003-1', round: 2 }));
    await writer.append('rejected', { of: 'ballot', record: ballot(5) });
    const places = writer.ballotsFrom(1, 'A', 4);
    expect(places.lastSeq).toBe(5);
    expect(places.records.map((r) => [r.record.id, r.standing])).toEqual([
      ['R1-A-000004-1', true],
      ['R1-A-000005-1', false],
    ]);
    // The old election's R1-A-000040-1 is not this election's: the same id may be used again.
    expect(writer.ballotsFrom(1, 'A', 1).records).toHaveLength(5);
    expect(await writer.append('ballot', ballot(40, { status: 'blank', marks: null }))).toBe(12);
    await writer.close();
    const reopened = await JournalWriter.open(file);
    expect(reopened.ballotsFrom(1, 'A', 4)).toEqual({ lastSeq: 40, records: [...places.records, { record: ballot(40, { status: 'blank', marks: null }), standing: true }] });
    await reopened.close();
  });

  it('is the bridge: journal() refuses the conflict, journaledBallots() answers', async () => {
    const bridge = nodeBridge(scratch());
    await bridge.journal({ kind: 'ballot', record: ballot(1) });
    await expect(bridge.journal({ kind: 'ballot', record: ballot(1, { status: 'unreadable', marks: null }) })).rejects.toThrow(JournalConflict);
    expect(await bridge.journaledBallots(1, 'A', 1)).toEqual({ lastSeq: 1, records: [{ record: ballot(1), standing: true }] });
    expect(await bridge.journaledBallots(1, 'B', 1)).toEqual({ lastSeq: 0, records: [] });
  });

  it('over the host: the conflict is a 409 naming the id; journaledBallots answers', async () => {
    const dataDir = scratch();
    const host = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir, staticDir: scratch() });
    try {
      const bridge = createHttpBridge(host.url, host.secret);
      await bridge.journal({ kind: 'ballot', record: ballot(7) });
      await expect(bridge.journal({ kind: 'ballot', record: ballot(7, { status: 'blank', marks: null }) })).rejects.toThrow(/409 .*R1-A-000007-1/);
      await bridge.journal({ kind: 'ballot', record: ballot(7) });
      expect(await bridge.journaledBallots!(1, 'A', 7)).toEqual({ lastSeq: 7, records: [{ record: ballot(7), standing: true }] });
    } finally {
      await host.close();
    }
  });
});
