/**
 * Local time for people: every message, screen, sheet and announcement shows the election's wall
 * time (2026年12月7日 15:09), never a raw ISO string or "UTC". The stored and signed data keep
 * UTC; this is the one place that turns it into the clerk's time.
 *
 * The package format (spec/FORMATS.md) has no time-zone field: the election's zone is
 * Asia/Shanghai unless a package ever carries `timeZone` (DECISIONS, issue 15 item 3). Pure:
 * Intl.DateTimeFormat with an explicit `timeZone`, so the text never depends on the machine.
 */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export type TimeLanguage = 'zh' | 'en';

/** The election's time zone: its `timeZone` when it has a valid one, Asia/Shanghai otherwise. */
export function electionTimeZone(election?: unknown): string {
  const zone = (election as { timeZone?: unknown } | null | undefined)?.timeZone;
  if (typeof zone === 'string' && isTimeZone(zone)) return zone;
  return DEFAULT_TIME_ZONE;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function toDate(at: string | number | Date): Date | null {
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The wall-clock parts of an instant in `timeZone`. */
export function localParts(at: string | number | Date, timeZone: string = DEFAULT_TIME_ZONE): LocalParts | null {
  const date = toDate(at);
  if (!date) return null;
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-12-07T07:09:30Z → 2026年12月7日 15:09 (zh) or 2026-12-07 15:09 (en); seconds on request. */
export function formatLocalDateTime(
  at: string | number | Date,
  options: { readonly timeZone?: string; readonly language?: TimeLanguage; readonly seconds?: boolean } = {},
): string {
  const parts = localParts(at, options.timeZone ?? DEFAULT_TIME_ZONE);
  if (!parts) return String(at instanceof Date ? '—' : at);
  const time = `${pad(parts.hour)}:${pad(parts.minute)}${options.seconds ? `:${pad(parts.second)}` : ''}`;
  if (options.language === 'en') return `${parts.year}-${pad(parts.month)}-${pad(parts.day)} ${time}`;
  return `${parts.year}年${parts.month}月${parts.day}日 ${time}`;
}

/** 2026年12月7日 (zh) or 2026-12-07 (en), the local date of an instant. */
export function formatLocalDate(at: string | number | Date, options: { readonly timeZone?: string; readonly language?: TimeLanguage } = {}): string {
  const parts = localParts(at, options.timeZone ?? DEFAULT_TIME_ZONE);
  if (!parts) return String(at instanceof Date ? '—' : at);
  if (options.language === 'en') return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`;
  return `${parts.year}年${parts.month}月${parts.day}日`;
}

/**
 * A calendar date (YYYY-MM-DD: a vote date, a deadline — no instant, no zone) for people:
 * 2026年12月9日 (zh) or 2026-12-09 (en); anything else as it is.
 */
export function formatCalendarDate(isoDate: string, language: TimeLanguage = 'zh'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match || language === 'en') return isoDate;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

/** 15:09 (or 15:09:30), the local time of day of an instant. */
export function formatLocalTime(at: string | number | Date, options: { readonly timeZone?: string; readonly seconds?: boolean } = {}): string {
  const parts = localParts(at, options.timeZone ?? DEFAULT_TIME_ZONE);
  if (!parts) return String(at instanceof Date ? '—' : at);
  return `${pad(parts.hour)}:${pad(parts.minute)}${options.seconds ? `:${pad(parts.second)}` : ''}`;
}

/** The zone said once on a print: 时间为北京时间（Asia/Shanghai） / Times are local (Asia/Shanghai). */
export function timeZoneNote(timeZone: string = DEFAULT_TIME_ZONE, language: TimeLanguage = 'zh'): string {
  if (language === 'en') return `Times are local time (${timeZone})`;
  return timeZone === DEFAULT_TIME_ZONE ? `时间均为北京时间（${timeZone}）` : `时间均为当地时间（${timeZone}）`;
}
