/**
 * The station journal of a data folder, as the bridge's services use it: `append` validates an
 * entry from the renderer (the Node host's route and Electron's IPC call this same function)
 * and resolves once the line is fsync'd; a successful package import writes the `election`
 * marker with the package (not again for the package already marked). One writer per journal
 * file per process.
 */
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { issue, type Outcome, type ValidationIssue } from '../../../shared/election/issues';
import type { ImportedPackage, JournaledPlaces, JournalEntry } from '../../../shared/bridge/StationBridge';
import { fsyncDir } from '../atomicFile';
import { checkPackageImport, commitPackageImport, type ImportOptions } from '../packageImport';
import { lastElectionMark, linesOfElection } from './documents';
import { JOURNAL_DIR, JOURNAL_FILE, parseJournalEntry, type ElectionMark } from './format';
import { readJournalFile } from './reader';
import { JournalWriter } from './writer';

export interface StationJournal {
  readonly file: string;
  /** Validates `entry` (throws a TypeError when it is not one) and appends it; resolves with its seq. */
  append(entry: unknown): Promise<number>;
  /** Writes the `election` marker: the records after it belong to this package. */
  markElection(imported: ImportedPackage): Promise<number>;
  /** One desk's ballots and withdrawals of the current election at places ≥ `from` (bridge `journaledBallots`). */
  ballotsFrom(round: number, entry: 'A' | 'B', from: number): Promise<JournaledPlaces>;
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
    async ballotsFrom(round, entry, from): Promise<JournaledPlaces> {
      return (await writerFor(file)).ballotsFrom(round, entry, from);
    },
    async close(): Promise<void> {
      const writer = open.get(file);
      if (!writer) return;
      open.delete(file);
      await (await writer).close();
    },
  };
}

/**
 * What the journal makes of an accepted import: `same` — the package the journal is already
 * marked with (nothing to write); `mark` — write a marker (no election yet, a new package of the
 * same election, or another election whose predecessor left no records); `archive` — another
 * election while the current one has records, re-provisioning: the journal is set aside first.
 * Without re-provisioning the last case is refused, naming both elections.
 */
function journalDecision(dataDir: string, imported: ImportedPackage, reprovision: boolean): { readonly action: 'same' | 'mark' | 'archive' } | { readonly issues: ValidationIssue[] } {
  const lines = readJournalFile(journalPath(dataDir)).lines;
  const current = lastElectionMark(lines);
  if (current === null) return { action: 'mark' };
  if (current.electionHash === imported.electionHash) {
    const pkg = current.package as { signature?: unknown } | null;
    return { action: pkg?.signature === imported.package.signature ? 'same' : 'mark' };
  }
  const records = linesOfElection(lines, current.electionHash).filter((line) => line.kind === 'checkin' || line.kind === 'ballot' || line.kind === 'withdrawal').length;
  if (records === 0) return { action: 'mark' };
  if (reprovision) return { action: 'archive' };
  const title = (current.package as { election?: { title?: unknown } } | null)?.election?.title;
  return {
    issues: [
      issue('package.otherElectionInJournal', [], {
        current: current.electionId,
        currentTitle: typeof title === 'string' ? title : current.electionId,
        records,
        election: imported.package.election.id,
        title: imported.package.election.title,
      }),
    ],
  };
}

/**
 * Sets the journal aside as `station-journal.<time>.jsonl` (kept, readable by
 * `npm run recover-journal`); the next line starts a new journal.
 */
async function archiveJournal(dataDir: string, now: Date): Promise<string> {
  const file = journalPath(dataDir);
  await stationJournal(dataDir).close();
  const archived = file.replace(/\.jsonl$/, `.${now.toISOString().replace(/[:.]/g, '-')}.jsonl`);
  renameSync(file, archived);
  fsyncDir(dirname(file));
  return archived;
}

/**
 * Step 1 of an import (bridge `importPackage`): every check — the package, the pinned key, the
 * configured station, and the journal's: a package of another election is refused while the
 * current election has records in the journal (they would no longer be the journal's
 * election). Nothing is written: the renderer stores the package, then completes the import.
 */
export function checkImportJournaled(text: string, options: ImportOptions): Outcome<ImportedPackage> {
  const outcome = checkPackageImport(text, options);
  if (!outcome.ok) return outcome;
  const decision = journalDecision(options.dataDir, outcome.value, options.reprovision === true);
  return 'issues' in decision ? { ok: false, issues: decision.issues } : outcome;
}

/**
 * Step 2 (bridge `completeImport`), once the renderer has stored the package: the same checks
 * again (nothing is taken on the renderer's word, and the pin may have changed meanwhile), then
 * the district key is pinned, the station configured and the journal marked — unless it is
 * already marked with this very package (a second import of it writes nothing).
 */
export async function completeImportJournaled(text: string, options: ImportOptions): Promise<Outcome<ImportedPackage>> {
  const outcome = checkPackageImport(text, options);
  if (!outcome.ok) return outcome;
  const decision = journalDecision(options.dataDir, outcome.value, options.reprovision === true);
  if ('issues' in decision) return { ok: false, issues: decision.issues };
  commitPackageImport(options.dataDir, outcome.value, options.now);
  if (decision.action === 'archive') await archiveJournal(options.dataDir, options.now ?? new Date());
  if (decision.action !== 'same') await stationJournal(options.dataDir).markElection(outcome.value);
  return outcome;
}

/** Both steps at once, for callers that store nothing themselves (tools, tests). */
export async function importPackageJournaled(text: string, options: ImportOptions): Promise<Outcome<ImportedPackage>> {
  const checked = checkImportJournaled(text, options);
  return checked.ok ? completeImportJournaled(text, options) : checked;
}

/** Closes every journal this process opened (app quit, tests). */
export async function closeAllJournals(): Promise<void> {
  const writers = [...open.values()];
  open.clear();
  await Promise.all(writers.map(async (writer) => (await writer.catch(() => null))?.close()));
}
