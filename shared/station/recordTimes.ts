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
const EARLIEST_MS = Date.parse(EARLIEST_RECORD_TIME);
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** A matched part as a number; an absent optional part is 0. */
const part = (match: RegExpExecArray, index: number): number => {
  const text = match[index];
  return text === undefined ? 0 : Number(text);
};

/** Days in month `month` (1–12) of `year` — years 0–99 as Date.UTC reads them (1900–1999). Checked for every time on the push path: no Date object. */
function monthDays(year: number, month: number): number {
  const y = year < 100 ? year + 1900 : year;
  return month === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : MONTH_DAYS[month - 1]!;
}

/** The time in ms, or null when `value` is not an ISO 8601 date-time with offset on a real date. */
export function recordTimeMs(value: string): number | null {
  if (value.length > LIMITS.time) return null;
  const match = ISO.exec(value);
  if (!match) return null;
  const y = part(match, 1);
  const mo = part(match, 2);
  const d = part(match, 3);
  if (mo < 1 || mo > 12 || d < 1 || part(match, 4) > 23 || part(match, 5) > 59 || part(match, 6) > 59 || part(match, 7) > 23 || part(match, 8) > 59) return null;
  // A real calendar day (no 30 February).
  if (d > monthDays(y, mo)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** The first impossible time among a record's checked fields, or null. `uploadedAt`: ms, the server's now. */
export function recordTimeProblem(collection: string, fields: Readonly<Record<string, unknown>>, uploadedAt: number): RecordTimeProblem | null {
  for (const field of CHECKED_TIME_FIELDS[collection] ?? []) {
    const value = fields[field];
    if (value === undefined || value === null) continue;
    const ms = typeof value === 'string' ? recordTimeMs(value) : null;
    const code: RecordTimeRule | null = ms === null ? 'record.timeInvalid' : ms < EARLIEST_MS ? 'record.timeTooEarly' : ms > uploadedAt + RECORD_TIME_LEEWAY_MS ? 'record.timeAfterUpload' : null;
    if (code === null) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return { code, field, value: text.length > 60 ? `${text.slice(0, 57)}…` : text };
  }
  return null;
}
