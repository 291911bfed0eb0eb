/**
 * The station journal of a data folder, as the bridge's services use it: `append` validates an
 * entry from the renderer (the Node host's route and Electron's IPC call this same function)
 * and resolves once the line is fsync'd; a successful package import writes the `election`
 * marker with the package. One writer per journal file per process.
 */
import { join } from 'node:path';
import type { ImportOutcome, JournalEntry } from '../../../renderer/bridge/StationBridge';
import { importPackageText, type ImportOptions } from '../packageImport';
import { JOURNAL_DIR, JOURNAL_FILE, parseJournalEntry, type ElectionMark } from './format';
import { JournalWriter } from './writer';

export interface StationJournal {
  readonly file: string;
  /** Validates `entry` (throws a TypeError when it is not one) and appends it; resolves with its seq. */
  append(entry: unknown): Promise<number>;
  /** Writes the `election` marker: the records after it belong to this package. */
  markElection(imported: Extract<ImportOutcome, { ok: true }>['value']): Promise<number>;
  close(): Promise<void>;
}

export function journalPath(dataDir: string): string {
  return join(dataDir, JOURNAL_DIR, JOURNAL_FILE);
}

const open = new Map<string, Promise<JournalWriter>>();

function writerFor(file: string): Promise<JournalWriter> {
  let writer = open.get(file);
  if (!writer) {
    writer = JournalWriter.open(file);
    open.set(file, writer);
    writer.catch(() => open.delete(file));
  }
  return writer;
}

/** The journal of data folder `dataDir` (opened on first use, kept open). */
export function stationJournal(dataDir: string): StationJournal {
  const file = journalPath(dataDir);
  return {
    file,
    async append(entry: unknown): Promise<number> {
      const valid: JournalEntry = parseJournalEntry(entry);
      return (await writerFor(file)).append(valid.kind, valid.record as Readonly<Record<string, unknown>>);
    },
    async markElection(imported): Promise<number> {
      const mark: ElectionMark = { electionHash: imported.electionHash, electionId: imported.package.election.id, package: imported.package };
      return (await writerFor(file)).append('election', { ...mark });
    },
    async close(): Promise<void> {
      const writer = open.get(file);
      if (!writer) return;
      open.delete(file);
      await (await writer).close();
    },
  };
}

/** `importPackageText`, then the journal's election marker when the package is accepted. */
export async function importPackageJournaled(text: string, options: ImportOptions): Promise<ImportOutcome> {
  const outcome = importPackageText(text, options);
  if (outcome.ok) await stationJournal(options.dataDir).markElection(outcome.value);
  return outcome;
}

/** Closes every journal this process opened (app quit, tests). */
export async function closeAllJournals(): Promise<void> {
  const writers = [...open.values()];
  open.clear();
  await Promise.all(writers.map(async (writer) => (await writer.catch(() => null))?.close()));
}
