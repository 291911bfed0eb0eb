/**
 * The station journal's format: one JSON object per line (JSON lines), appended and fsync'd by
 * main before the renderer stores the record in RxDB.
 *
 *   {"v":1,"seq":7,"at":"2026-…Z","kind":"checkin","record":{…the CheckinRecord as stored…}}
 *
 * `kind` is one of the renderer's JournalKind (checkin, ballot, withdrawal, rejected) or
 * `election`, which main writes itself when an import completes (not again for the package the
 * journal is already marked with): a line belongs to the marker before it, and a rebuild takes
 * every line of the last marker's election (documents.ts).
 *
 * What the renderer may send is checked by shared/bridge/journal.ts's schemas, at every door of
 * the bridge and again here before a line is written.
 */
import { z } from 'zod';
import { journalEntrySchema } from '../../../shared/bridge/journal';
import type { JournalEntry, JournalKind } from '../../../shared/bridge/StationBridge';

export type { RecordKind } from '../../../shared/bridge/journal';

export const JOURNAL_VERSION = 1;
export const JOURNAL_DIR = 'journal';
export const JOURNAL_FILE = 'station-journal.jsonl';

/** Every kind of line: the renderer's entries and main's own `election` marker. */
export type LineKind = JournalKind | 'election';

export interface JournalLine {
  readonly v: typeof JOURNAL_VERSION;
  /** 1, 2, 3, … per journal file (main's order of writing). */
  readonly seq: number;
  /** When main wrote it (ISO 8601). */
  readonly at: string;
  readonly kind: LineKind;
  readonly record: Readonly<Record<string, unknown>>;
}

/** The `election` marker's record: the imported package, so a rebuild can store it again. */
export interface ElectionMark {
  readonly electionHash: string;
  readonly electionId: string;
  readonly package: unknown;
}

export const journalLineSchema = z.strictObject({
  v: z.literal(JOURNAL_VERSION),
  seq: z.number().int().min(1),
  at: z.string(),
  kind: z.enum(['checkin', 'ballot', 'withdrawal', 'count', 'rejected', 'election']),
  record: z.record(z.string(), z.unknown()),
});

/** Validates an entry from the renderer; throws a TypeError naming the first problem. */
export function parseJournalEntry(raw: unknown): JournalEntry {
  const parsed = journalEntrySchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? first.path.map(String).join('.') : 'entry';
    throw new TypeError(`invalid journal entry: ${where}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
