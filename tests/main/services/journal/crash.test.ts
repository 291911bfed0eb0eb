/**
 * A journal writer killed mid-write (SIGKILL, no chance to clean up), again and again on the
 * same journal: every append that was acknowledged is read back, in order and complete; at
 * most the last line is torn and is dropped; reopening cuts the torn tail off and the next
 * writer continues the numbering. A kill lands inside a write only some of the time, so in
 * rounds 2 and 4 the child is killed while it is surely inside a line (writerChild.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalWriter, readJournalFile } from '../../../../main/services/journal';

const CHILD = join(import.meta.dirname, 'fixtures', 'writerChild.ts');
const dir = mkdtempSync(join(tmpdir(), 'journal-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Round {
  readonly acked: Map<number, string>;
  readonly openedAt: number;
}

/** Runs the writer until it has acknowledged `killAfter` appends, then SIGKILLs it. */
function writeUntilKilled(file: string, round: number, killAfter: number, midLine: boolean): Promise<Round> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', CHILD, file, String(round), ...(midLine ? [String(killAfter)] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<number, string>();
    let openedAt = -1;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [what, seq, id] = line.split(' ');
        if (what === 'open') openedAt = Number(seq);
        if (what === 'ack') acked.set(Number(seq), id!);
        if (what === 'half') child.kill('SIGKILL');
      }
      if (!midLine && acked.size >= killAfter && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited ${code} ${signal}: ${stderr}`));
      else resolve({ acked, openedAt });
    });
  });
}

describe('journal writer killed mid-write', () => {
  it('keeps every acknowledged record across five kills, drops only a torn last line', async () => {
    const file = join(dir, 'station-journal.jsonl');
    let expectedSeq = 0;
    let tornSeen = 0;
    const allAcked = new Map<number, string>();
    for (let round = 1; round <= 5; round++) {
      const midLine = round % 2 === 0;
      const { acked, openedAt } = await writeUntilKilled(file, round, 6 + round * 3, midLine);
      // The new writer continued after the last complete line of the previous round.
      expect(openedAt).toBeGreaterThanOrEqual(expectedSeq);
      for (const [seq, id] of acked) allAcked.set(seq, id);

      const read = readJournalFile(file);
      if (read.torn !== null) tornSeen++;
      if (midLine) expect(read.torn, 'a line cut in half').not.toBeNull();
      expect(read.corrupt).toEqual([]);
      // Lines are numbered 1…n without a gap, every acknowledged one among them with its record.
      expect(read.lines.map((line) => line.seq)).toEqual(Array.from({ length: read.lines.length }, (_, i) => i + 1));
      const byseq = new Map(read.lines.map((line) => [line.seq, (line.record as { id: string }).id]));
      for (const [seq, id] of allAcked) expect(byseq.get(seq), `seq ${seq}`).toBe(id);
      // At most one line more than acknowledged (written, killed before the ack was printed).
      expect(read.lines.length - Math.max(...allAcked.keys())).toBeLessThanOrEqual(1);
      expectedSeq = read.lines.length;
    }
    // Reopening after the last kill leaves only complete lines, and appends go on from there.
    const writer = await JournalWriter.open(file);
    expect(writer.lastSeq).toBe(expectedSeq);
    await writer.append('checkin', { id: 'after', round: 1 });
    await writer.close();
    const final = readJournalFile(file);
    expect(final.torn).toBeNull();
    expect(final.lines.at(-1)).toMatchObject({ seq: expectedSeq + 1, record: { id: 'after' } });
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    expect(tornSeen).toBeGreaterThanOrEqual(2);
    console.info(`journal crash test: ${tornSeen} of 5 kills left a torn last line (dropped on read, cut on reopen)`);
  }, 120_000);
});
