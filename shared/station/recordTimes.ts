/**
 * The times a check-in or a ballot record may carry, checked once where records enter the
 * district (a push, a bundle): an ISO 8601 date-time with an offset (as the station writes
 * them), a real calendar date, not before 2000-01-01 and not later than the upload (with the
 * sync's 5 minutes of clock leeway). One impossible time refuses the push or the bundle whole.
 * Pure.
 */
import { LIMITS } from '../election/limits';

/** The time fields checked, per collection (absent or null fields are not checked). */
export const CHECKED_TIME_FIELDS: Readonly<Record<string, readonly string[]>> = {
  checkins: ['issuedAt', 'undoneAt'],
  ballots: ['at'],
};

/** The union of the checked fields: what the push reader picks out of a document's bytes. */
export const ALL_CHECKED_TIME_FIELDS: ReadonlySet<string> = new Set(Object.values(CHECKED_TIME_FIELDS).flat());

export const EARLIEST_RECORD_TIME = '2000-01-01T00:00:00.000Z';
/** The clock leeway of the sync (a station's clock may run this much ahead of the server's). */
export const RECORD_TIME_LEEWAY_MS = 5 * 60_000;

export type RecordTimeRule = 'record.timeInvalid' | 'record.timeTooEarly' | 'record.timeAfterUpload';

export interface RecordTimeProblem {
  readonly code: RecordTimeRule;
  readonly field: string;
  readonly value: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** The time in ms, or null when `value` is not an ISO 8601 date-time with offset on a real date. */
export function recordTimeMs(value: string): number | null {
  if (value.length > LIMITS.time) return null;
  const match = ISO.exec(value);
  if (!match) return null;
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, oh = 0, om = 0] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) return null;
  // A real calendar day (no 30 February).
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** The first impossible time among a record's checked fields, or null. `uploadedAt`: ms, the server's now. */
export function recordTimeProblem(collection: string, fields: Readonly<Record<string, unknown>>, uploadedAt: number): RecordTimeProblem | null {
  for (const field of CHECKED_TIME_FIELDS[collection] ?? []) {
    const value = fields[field];
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
    const ms = typeof value === 'string' ? recordTimeMs(value) : null;
    if (ms === null) return { code: 'record.timeInvalid', field, value: shown };
    if (ms < Date.parse(EARLIEST_RECORD_TIME)) return { code: 'record.timeTooEarly', field, value: shown };
    if (ms > uploadedAt + RECORD_TIME_LEEWAY_MS) return { code: 'record.timeAfterUpload', field, value: shown };
  }
  return null;
}
