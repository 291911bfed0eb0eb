/**
 * The station journal's format: one JSON object per line (JSON lines), appended and fsync'd by
 * main before the renderer stores the record in RxDB.
 *
 *   {"v":1,"seq":7,"at":"2026-…Z","kind":"checkin","record":{…the CheckinRecord as stored…}}
 *
 * `kind` is one of the renderer's JournalKind (checkin, ballot, withdrawal, rejected) or
 * `election`, which main writes itself when a package import succeeds: the renderer then
 * replaces every election record, so a journal is read from its last `election` line on.
 *
 * The schemas here validate what the renderer sends (the Node host's route and Electron's IPC
 * use the same ones): the fields the rebuild needs are checked, other fields pass through so a
 * new optional field of a record does not stop polling.
 */
import { z } from 'zod';
import type { JournalEntry, JournalKind } from '../../../renderer/bridge/StationBridge';

export const JOURNAL_VERSION = 1;
export const JOURNAL_DIR = 'journal';
export const JOURNAL_FILE = 'station-journal.jsonl';
/** Largest entry the renderer may send, as JSON (a ballot with many write-ins stays far below). */
export const MAX_ENTRY_BYTES = 256 * 1024;

const id = z.string().min(1).max(200);
const round = z.number().int().min(1).max(100);
const time = z.string().min(1).max(40);
const person = z.string().max(64);

export const checkinRecordSchema = z.looseObject({
  id,
  round,
  voterId: id,
  kind: z.enum(['inPerson', 'proxy', 'mobile']),
  status: z.enum(['issued', 'undone']),
  issuedAt: time,
  clerk: person,
  desk: person,
});

export const ballotRecordSchema = z.looseObject({
  id,
  round,
  entry: z.enum(['A', 'B']),
  seq: z.number().int().min(1),
  kind: z.literal('ballot'),
  at: time,
  clerk: person,
  desk: person,
});

export const withdrawalRecordSchema = z.looseObject({
  id,
  round,
  entry: z.enum(['A', 'B']),
  seq: z.number().int().min(1),
  kind: z.literal('withdrawal'),
  withdraws: id,
  at: time,
  clerk: person,
  desk: person,
});

export const RECORD_KINDS = ['checkin', 'ballot', 'withdrawal'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What the renderer may send: `journal(entry)` of the StationBridge. */
export const journalEntrySchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('checkin'), record: checkinRecordSchema }),
    z.strictObject({ kind: z.literal('ballot'), record: ballotRecordSchema }),
    z.strictObject({ kind: z.literal('withdrawal'), record: withdrawalRecordSchema }),
    z.strictObject({
      kind: z.literal('rejected'),
      record: z.strictObject({ of: z.enum(RECORD_KINDS), record: z.looseObject({ id }) }),
    }),
  ])
  .refine((entry) => JSON.stringify(entry).length <= MAX_ENTRY_BYTES, { message: `an entry is at most ${MAX_ENTRY_BYTES} bytes of JSON` });

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
  kind: z.enum(['checkin', 'ballot', 'withdrawal', 'rejected', 'election']),
  record: z.record(z.string(), z.unknown()),
});

export type ParsedEntry = z.infer<typeof journalEntrySchema>;

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
