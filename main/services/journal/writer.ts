/**
 * The journal writer: append one JSON line, fsync, and only then resolve. Appends are queued,
 * so lines are written whole and in order even when calls overlap.
 *
 * A crash (power cut, SIGKILL) can leave the last line cut short: it was never acknowledged.
 * Opening the journal again cuts such a torn tail off (it is kept aside in `FILE.torn-TIME`)
 * so the next line starts on a line of its own and every complete line stays readable.
 *
 * Ballots and withdrawals are append-only records: the writer keeps their ids (ballotIndex.ts)
 * and refuses a second record under an id it holds with other contents (JournalConflict); the
 * same record again is written only if a `rejected` line took it back, else acknowledged as is.
 */
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir, writeFileAtomic } from '../atomicFile';
import type { JournaledPlaces } from '../../../shared/bridge/StationBridge';
import { BallotIndex } from './ballotIndex';
import { JOURNAL_VERSION, type JournalLine, type LineKind } from './format';
import { splitJournal } from './reader';

export interface JournalWriterOptions {
  /** Clock for the `at` field (tests). */
  readonly now?: () => string;
}

export class JournalWriter {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private seq: number,
    private size: number,
    private readonly now: () => string,
    /** The ballots and withdrawals of the journal, by id. */
    private readonly ballots: BallotIndex,
  ) {}

  /**
   * Opens (creating, mode 0600) the journal at `file`, cuts off a torn last line and continues
   * the numbering after the last complete line.
   */
  static async open(file: string, options: JournalWriterOptions = {}): Promise<JournalWriter> {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const handle = await open(file, 'a+', 0o600);
    try {
      const text = (await handle.readFile()).toString('utf8');
      const split = splitJournal(text);
      if (split.torn !== null) {
        // The torn tail is kept aside (on disk before the journal is cut), with atomicFile's steps.
        writeFileAtomic(`${file}.torn-${new Date().toISOString().replace(/[:.]/g, '-')}`, split.torn, { mode: 0o600 });
        await handle.truncate(Buffer.byteLength(text, 'utf8') - Buffer.byteLength(split.torn, 'utf8'));
        await handle.sync();
      }
      if (text.length === 0) fsyncDir(dirname(file));
      const last = split.lines.at(-1);
      const size = (await handle.stat()).size;
      return new JournalWriter(file, handle, last?.seq ?? 0, size, options.now ?? (() => new Date().toISOString()), BallotIndex.of(split.lines));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** The number of the last line written. */
  get lastSeq(): number {
    return this.seq;
  }

  /** One desk's ballots and withdrawals of the current election at places ≥ `from`, as acknowledged so far. */
  ballotsFrom(round: number, entry: string, from: number): JournaledPlaces {
    return this.ballots.places(round, entry, from);
  }

  /** Appends one line and resolves with its `seq` once it is on disk. */
  append(kind: LineKind, record: Readonly<Record<string, unknown>>): Promise<number> {
    const run = this.queue.then(async () => {
      if (this.closed) throw new Error(`journal ${this.file} is closed`);
      // A ballot or withdrawal already standing under this id: the same one is acknowledged, another refused.
      const held = this.ballots.check(kind, record);
      if (held !== null) return held;
      const seq = this.seq + 1;
      const line: JournalLine = { v: JOURNAL_VERSION, seq, at: this.now(), kind, record };
      const bytes = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
      // One write call per line (O_APPEND): a crash leaves at most this line torn.
      try {
        let written = 0;
        while (written < bytes.length) written += (await this.handle.write(bytes, written, bytes.length - written)).bytesWritten;
        await this.handle.sync();
      } catch (error) {
        // Disk full or gone: take back a partial line so the next one starts clean.
        await this.handle.truncate(this.size).catch(() => undefined);
        throw error;
      }
      this.size += bytes.length;
      this.seq = seq;
      this.ballots.add(line);
      return seq;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}
