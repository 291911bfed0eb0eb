/**
 * The handover deadline (移交): the outgoing committee hands over seals, rooms, files, accounts
 * and assets to the new one within 3 days of the vote (RULES, issue 18). Counted in calendar
 * days of the election's own time zone (shared/election/localTime.ts): the vote on 12-06 gives
 * a deadline at the end of 12-09. Pure: the vote date, the instant and the zone in, the days
 * left and how loudly to say it out.
 */
import { DEFAULT_TIME_ZONE, localParts } from '../election/localTime';

/** Days after the vote the handover must be done by (inclusive: the whole of that day). */
export const HANDOVER_DAYS = 3;

/**
 * - `ok`: more than one day left;
 * - `soon`: the day before the last day (1 day left) — the software warns;
 * - `lastDay`: today is the last day;
 * - `overdue`: the deadline has passed.
 */
export type HandoverUrgency = 'ok' | 'soon' | 'lastDay' | 'overdue';

export interface HandoverDeadline {
  /** The vote date, YYYY-MM-DD. */
  readonly voteDate: string;
  /** The last day of the handover, YYYY-MM-DD (the vote date + 3 days). */
  readonly deadline: string;
  /** Today in the election's zone, YYYY-MM-DD. */
  readonly today: string;
  /** Whole days from today to the deadline (0 on the last day, negative once passed). */
  readonly daysLeft: number;
  readonly urgency: HandoverUrgency;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar date (no zone: a date is a date). */
function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

function dateOf(dayNo: number): string {
  return new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date `days` after `isoDate` (YYYY-MM-DD). */
export function addDays(isoDate: string, days: number): string {
  const match = DATE.exec(isoDate);
  if (!match) throw new RangeError(`not a date (YYYY-MM-DD): ${isoDate}`);
  return dateOf(dayNumber(Number(match[1]), Number(match[2]), Number(match[3])) + days);
}

export function handoverUrgency(daysLeft: number): HandoverUrgency {
  if (daysLeft < 0) return 'overdue';
  if (daysLeft === 0) return 'lastDay';
  if (daysLeft === 1) return 'soon';
  return 'ok';
}

/** The handover deadline of a vote held on `voteDate` (YYYY-MM-DD), seen at instant `now` in `timeZone`. */
export function handoverDeadline(voteDate: string, now: string | number | Date, timeZone: string = DEFAULT_TIME_ZONE): HandoverDeadline {
  const deadline = addDays(voteDate, HANDOVER_DAYS);
  const parts = localParts(now, timeZone);
  if (!parts) throw new RangeError(`not an instant: ${String(now)}`);
  const todayNo = dayNumber(parts.year, parts.month, parts.day);
  const [y, m, d] = deadline.split('-').map(Number) as [number, number, number];
  const daysLeft = dayNumber(y, m, d) - todayNo;
  return { voteDate, deadline, today: dateOf(todayNo), daysLeft, urgency: handoverUrgency(daysLeft) };
}

/** Whole days `isoDate` (YYYY-MM-DD) lies after the handover deadline (0 within the period). */
export function handoverDaysLate(voteDate: string, isoDate: string): number {
  const deadline = addDays(voteDate, HANDOVER_DAYS);
  if (!DATE.test(isoDate)) throw new RangeError(`not a date (YYYY-MM-DD): ${isoDate}`);
  return Math.max(0, Math.round((Date.parse(isoDate) - Date.parse(deadline)) / DAY_MS));
}
