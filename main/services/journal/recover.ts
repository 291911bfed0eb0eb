/**
 * Journal → recovery file: the station's check-ins and ballots (and the package last imported)
 * rebuilt from a journal, for the station app to load back into its database (docs/ELECTRON.md,
 * "Recovery"). A torn last line is dropped; the journal itself is only read.
 */
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../atomicFile';
import { documentsFromJournal } from './documents';
import type { RefusedRecord } from './fit';
import { readJournalFile } from './reader';

export interface RecoverSummary {
  readonly out: string;
  readonly checkins: number;
  readonly ballots: number;
  readonly torn: boolean;
  readonly corrupt: number;
  readonly election: string | null;
  /** Records left out because they do not fit the stored election (fit.ts), with the reason. */
  readonly refused: readonly RefusedRecord[];
}

/** Reads `journalFile`, writes the recovery file `out` (atomically); throws if `out` exists unless `force`. */
export function recoverJournalToFile(journalFile: string, out: string, force = false): RecoverSummary {
  if (!existsSync(journalFile)) throw new Error(`no journal at ${journalFile}`);
  if (!force && existsSync(out)) throw new Error(`${out} exists (use --force to replace it)`);
  const split = readJournalFile(journalFile);
  const recovered = documentsFromJournal(split.lines);
  writeFileAtomic(out, `${JSON.stringify(recovered, null, 1)}\n`, { mode: 0o600 });
  return {
    out,
    checkins: recovered.checkins.length,
    ballots: recovered.ballots.length,
    torn: split.torn !== null,
    corrupt: split.corrupt.length,
    election: recovered.election?.electionId ?? null,
    refused: recovered.refused,
  };
}
