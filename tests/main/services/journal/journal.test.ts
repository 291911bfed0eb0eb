/**
 * The station journal: appends are fsync'd JSON lines in order; a torn tail is dropped on read
 * and cut off (kept aside) when the journal is opened again; entries from the renderer are
 * validated; the rebuild keeps the last state of each record after the last package import and
 * takes back rejected writes; the recover-journal command writes the recovery file.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeAllJournals,
  documentsFromJournal,
  JournalWriter,
  journalPath,
  parseJournalEntry,
  readJournalFile,
  splitJournal,
  stationJournal,
  type JournalLine,
} from '../../../../main/services/journal';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-test-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await closeAllJournals();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const checkin = (voterId: string, extra: Record<string, unknown> = {}) => ({
  id: `1:${voterId}`,
  round: 1,
  voterId,
  kind: 'inPerson',
  status: 'issued',
  issuedAt: '2026-12-06T09:00:00.000+08:00',
  clerk: '冯静',
  desk: 'A',
  ...extra,
});
const ballot = (seq: number, extra: Record<string, unknown> = {}) => ({
  id: `R1-A-${String(seq).padStart(6, '0')}-1`,
  round: 1,
  entry: 'A',
  seq,
  kind: 'ballot',
  status: 'valid',
  marks: { P1: { for: ['C1'], against: [], writeIns: [] } },
  at: '2026-12-06T18:00:00.000+08:00',
  clerk: '吴磊',
  desk: 'count',
  ...extra,
});

describe('journal writer and reader', () => {
  it('appends numbered lines, fsyncs each, keeps order under concurrent calls, and continues numbering after a reopen', async () => {
    const file = join(scratch(), 'j', 'journal.jsonl');
    const writer = await JournalWriter.open(file, { now: () => '2026-12-06T01:00:00.000Z' });
    const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.append('checkin', checkin(`V${i}`))));
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await writer.close();
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as JournalLine);
    expect(lines.map((line) => (line.record as { voterId: string }).voterId)).toEqual(Array.from({ length: 50 }, (_, i) => `V${i}`));
    expect(lines[0]).toEqual({ v: 1, seq: 1, at: '2026-12-06T01:00:00.000Z', kind: 'checkin', record: checkin('V0') });

    const again = await JournalWriter.open(file);
    expect(again.lastSeq).toBe(50);
    expect(await again.append('ballot', ballot(1))).toBe(51);
    await again.close();
    await expect(again.append('ballot', ballot(2))).rejects.toThrow(/closed/);
  });

  it('drops a torn last line on read, and cuts it off (kept aside) when the journal is opened to write', async () => {
    const dir = scratch();
    const file = join(dir, 'journal.jsonl');
    const writer = await JournalWriter.open(file);
    await writer.append('checkin', checkin('V1'));
    await writer.append('checkin', checkin('V2'));
    await writer.close();
    const whole = readFileSync(file, 'utf8');
    const third = JSON.stringify({ v: 1, seq: 3, at: '2026-12-06T01:00:00.000Z', kind: 'checkin', record: checkin('V3') });
    appendFileSync(file, third.slice(0, 40));

    const read = readJournalFile(file);
    expect(read.lines.map((line) => line.seq)).toEqual([1, 2]);
    expect(read.torn).toBe(third.slice(0, 40));
    expect(read.corrupt).toEqual([]);

    const reopened = await JournalWriter.open(file);
    expect(readFileSync(file, 'utf8')).toBe(whole);
    expect(readdirSync(dir).filter((name) => name.includes('.torn-'))).toHaveLength(1);
    expect(await reopened.append('checkin', checkin('V3'))).toBe(3);
    await reopened.close();
    const after = readJournalFile(file);
    expect(after.torn).toBeNull();
    expect(after.lines.map((line) => (line.record as { voterId: string }).voterId)).toEqual(['V1', 'V2', 'V3']);
  });

  it('a complete line without its newline is torn too (its fsync never returned), and a damaged middle line is reported, not taken', () => {
    const line = (seq: number) => JSON.stringify({ v: 1, seq, at: 'x', kind: 'checkin', record: checkin(`V${seq}`) });
    const split = splitJournal(`${line(1)}\n{"v":1,"seq":2,"at\n${line(3)}\n${line(4)}`);
    expect(split.lines.map((l) => l.seq)).toEqual([1, 3]);
    expect(split.corrupt).toMatchObject([{ line: 2 }]);
    expect(split.torn).toBe(line(4));
    expect(splitJournal('')).toEqual({ lines: [], torn: null, corrupt: [] });
    expect(readJournalFile(join(scratch(), 'missing.jsonl'))).toEqual({ lines: [], torn: null, corrupt: [] });
  });

  it('validates what the renderer sends (kind, the fields the rebuild needs, size)', () => {
    expect(parseJournalEntry({ kind: 'checkin', record: checkin('V1', { tripId: 'T1' }) })).toMatchObject({ kind: 'checkin' });
    expect(parseJournalEntry({ kind: 'ballot', record: ballot(1) })).toMatchObject({ kind: 'ballot' });
    expect(parseJournalEntry({ kind: 'withdrawal', record: { ...ballot(1), id: 'R1-A-000001-1-W', kind: 'withdrawal', withdraws: 'R1-A-000001-1', reason: '读错' } })).toMatchObject({ kind: 'withdrawal' });
    expect(parseJournalEntry({ kind: 'rejected', record: { of: 'checkin', record: checkin('V1') } })).toMatchObject({ kind: 'rejected' });
    const bad: unknown[] = [
      null,
      'checkin',
      { kind: 'election', record: { electionHash: 'x' } },
      { kind: 'checkin' },
      { kind: 'checkin', record: { ...checkin('V1'), id: '' } },
      { kind: 'checkin', record: { ...checkin('V1'), round: 0 } },
      { kind: 'checkin', record: { ...checkin('V1'), status: 'maybe' } },
      { kind: 'ballot', record: { ...ballot(1), kind: 'withdrawal' } },
      { kind: 'ballot', record: ballot(1), extra: true },
      { kind: 'rejected', record: { of: 'voter', record: { id: 'x' } } },
      { kind: 'ballot', record: ballot(1, { reason: 'x'.repeat(300_000) }) },
    ];
    for (const entry of bad) expect(() => parseJournalEntry(entry), JSON.stringify(entry)?.slice(0, 80)).toThrow(TypeError);
  });

  it('stationJournal: one journal per data folder, entries validated before anything is written', async () => {
    const dataDir = scratch();
    const journal = stationJournal(dataDir);
    expect(journal.file).toBe(journalPath(dataDir));
    await expect(journal.append({ kind: 'checkin', record: { id: 'x' } })).rejects.toThrow(TypeError);
    expect(await journal.append({ kind: 'checkin', record: checkin('V1') })).toBe(1);
    expect(await stationJournal(dataDir).append({ kind: 'ballot', record: ballot(1) })).toBe(2);
    await journal.close();
    expect(readJournalFile(journalPath(dataDir)).lines.map((line) => line.kind)).toEqual(['checkin', 'ballot']);
  });
});

describe('documentsFromJournal', () => {
  const line = (seq: number, kind: JournalLine['kind'], record: Record<string, unknown>): JournalLine => ({ v: 1, seq, at: 't', kind, record });

  it('keeps the last state of each record, after the last package import only', () => {
    const election = (hash: string) => ({ electionHash: hash, electionId: `E-${hash}`, package: { election: { id: `E-${hash}` } } });
    const lines = [
      line(1, 'election', election('old')),
      line(2, 'checkin', checkin('V0')),
      line(3, 'election', election('new')),
      line(4, 'checkin', checkin('V1')),
      line(5, 'checkin', checkin('V2')),
      line(6, 'checkin', checkin('V1', { status: 'undone', undoneAt: 't2', undoneBy: '冯静', undoReason: '认错人' })),
      line(7, 'ballot', ballot(2)),
      line(8, 'ballot', ballot(1)),
      line(9, 'withdrawal', { ...ballot(2), id: 'R1-A-000002-1-W', kind: 'withdrawal', withdraws: 'R1-A-000002-1' }),
    ];
    const docs = documentsFromJournal(lines);
    expect(docs.election).toEqual(election('new'));
    expect(docs.checkins.map((c) => [c.id, c.status])).toEqual([
      ['1:V1', 'undone'],
      ['1:V2', 'issued'],
    ]);
    expect(docs.ballots.map((b) => b.id)).toEqual(['R1-A-000001-1', 'R1-A-000002-1', 'R1-A-000002-1-W']);
    expect(docs.stats).toEqual({ lines: 7, firstSeq: 3, lastSeq: 9, rejected: 0, unmatchedRejections: 0 });
    // Text in, the same documents out (a torn tail is ignored).
    const text = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"v":1,"seq":10,"kind":"ch`;
    expect(documentsFromJournal(text)).toEqual(docs);
  });

  it('every record of the last marker\'s election counts, however often it was marked again and whatever came between', () => {
    const mark = (hash: string, signature = 's1') => ({ electionHash: hash, electionId: `E-${hash}`, package: { signature, election: { id: `E-${hash}` } } });
    // Written by a version that marked every import: 135 check-ins, then the same package again.
    const lines = [
      line(1, 'election', mark('x')),
      line(2, 'checkin', checkin('V1')),
      line(3, 'ballot', ballot(1)),
      line(4, 'election', mark('x')),
      line(5, 'election', mark('y')),
      line(6, 'checkin', checkin('Y1')),
      line(7, 'election', mark('x', 's2')),
      line(8, 'checkin', checkin('V2')),
    ];
    const docs = documentsFromJournal(lines);
    expect(docs.election).toEqual(mark('x', 's2'));
    expect(docs.checkins.map((c) => c.voterId)).toEqual(['V1', 'V2']);
    expect(docs.ballots.map((b) => b.id)).toEqual(['R1-A-000001-1']);
    expect(docs.stats).toMatchObject({ lines: 6, firstSeq: 1, lastSeq: 8 });
  });

  it('a rejected entry takes back the write that lost a race, whichever order the two desks journaled in', () => {
    const mine = checkin('V1', { desk: 'A', issuedAt: 't-a' });
    const theirs = checkin('V1', { desk: 'B', issuedAt: 't-b' });
    // A journals, B journals, A stores, B's insert conflicts.
    const aWins = documentsFromJournal([line(1, 'checkin', mine), line(2, 'checkin', theirs), line(3, 'rejected', { of: 'checkin', record: theirs })]);
    expect(aWins.checkins).toEqual([mine]);
    // A journals, B journals, B stores, A's insert conflicts.
    const bWins = documentsFromJournal([line(1, 'checkin', mine), line(2, 'checkin', theirs), line(3, 'rejected', { of: 'checkin', record: mine })]);
    expect(bWins.checkins).toEqual([theirs]);
    expect(bWins.stats.rejected).toBe(1);
    // Key order does not matter; a rejection naming nothing is counted, not applied.
    const reordered = Object.fromEntries(Object.entries(mine).reverse());
    const none = documentsFromJournal([line(1, 'checkin', mine), line(2, 'rejected', { of: 'checkin', record: reordered }), line(3, 'rejected', { of: 'ballot', record: ballot(9) })]);
    expect(none.checkins).toEqual([]);
    expect(none.stats).toMatchObject({ rejected: 1, unmatchedRejections: 1 });
  });
});

describe('npm run recover-journal', () => {
  it('writes the recovery file from a journal with a torn tail, and refuses to overwrite without --force', async () => {
    const dir = scratch();
    const file = join(dir, 'journal.jsonl');
    const writer = await JournalWriter.open(file);
    await writer.append('checkin', checkin('V1'));
    await writer.append('ballot', ballot(1));
    await writer.close();
    appendFileSync(file, '{"v":1,"seq":3,"at":"');
    const out = join(dir, 'out.json');
    const cli = ['--import', 'tsx', join(ROOT, 'main/services/journal/cli.ts')];
    const first = await run(process.execPath, [...cli, file, out], { cwd: ROOT });
    expect(first.stdout).toContain('recovered 1 check-ins and 1 ballot documents');
    expect(first.stderr).toContain('cut short');
    const recovered = JSON.parse(readFileSync(out, 'utf8')) as ReturnType<typeof documentsFromJournal>;
    expect(recovered).toEqual(documentsFromJournal(readFileSync(file, 'utf8')));
    expect(recovered.format).toBe('polling-station/journal-recovery@1');

    await expect(run(process.execPath, [...cli, file, out], { cwd: ROOT })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--force') });
    await expect(run(process.execPath, [...cli, file, out, '--force'], { cwd: ROOT })).resolves.toBeTruthy();
    await expect(run(process.execPath, [...cli, file], { cwd: ROOT })).rejects.toMatchObject({ code: 2 });
    writeFileSync(join(dir, 'not-a-journal'), '');
    await expect(run(process.execPath, [...cli, join(dir, 'nothing-here.jsonl'), join(dir, 'o2.json')], { cwd: ROOT })).rejects.toMatchObject({ code: 1 });
  });
});
