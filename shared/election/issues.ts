/**
 * Validation issues: a stable code, the path of the field, and parameters. The UI, the CLI
 * and the district server turn them into text with `describeIssue` (zh-CN and en).
 */
import { fieldLabels, issueMessages, itemLabels, paramLabels, type IssueCode } from './messages';
import { electionTimeZone, formatCalendarDate, formatLocalDateTime } from './localTime';

export type { IssueCode } from './messages';
export type IssuePath = readonly (string | number)[];
export type IssueParams = Readonly<Record<string, string | number>>;
export type Locale = 'zh-CN' | 'en';

export interface ValidationIssue {
  readonly code: IssueCode;
  readonly path: IssuePath;
  readonly params?: IssueParams;
}

/**
 * The one result type of a check or an action that may be refused: the value, or the issues that
 * stopped it (shown with `describeIssue`). Used by shared, main, server and the renderer alike.
 */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export function issue(code: IssueCode, path: IssuePath, params?: IssueParams): ValidationIssue {
  return params === undefined ? { code, path } : { code, path, params };
}

/** `election.positions[2].seats` — a field's place as code names it (logs, tests). */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * A field's place as a person reads it, in their language: `['roll', 0, 'name']` →
 * 选民名册第 1 行的姓名 / "roll row 1, name"; `['election', 'positions', 2, 'seats']` →
 * 第 3 个职位的应选名额 / "position 3, seats".
 */
export function describePath(path: IssuePath, locale: Locale = 'zh-CN'): string {
  const language = locale === 'zh-CN' ? 'zh' : 'en';
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const part = path[i]!;
    const next = path[i + 1];
    if (typeof part === 'number') {
      parts.push(language === 'zh' ? `第 ${part + 1} 项` : `item ${part + 1}`);
    } else if (part === 'election' && i === 0 && path.length > 1) {
      // The definition's fields read as they are (第 3 个职位), not as "the election's …".
    } else if (typeof next === 'number' && Object.hasOwn(itemLabels, part)) {
      parts.push(itemLabels[part]![language].replace('{n}', String(next + 1)));
      i++;
    } else if (part === 'marks' && typeof next === 'string') {
      parts.push(language === 'zh' ? `职位 “${next}” 的标记` : `marks for position "${next}"`);
      i++;
    } else if (typeof next === 'number') {
      const label = Object.hasOwn(fieldLabels, part) ? fieldLabels[part]![language] : part;
      parts.push(language === 'zh' ? `${label}第 ${next + 1} 项` : `${label} item ${next + 1}`);
      i++;
    } else {
      parts.push(Object.hasOwn(fieldLabels, part) ? fieldLabels[part]![language] : part);
    }
  }
  if (parts.length === 0) return language === 'zh' ? '整个文件' : 'the whole file';
  return parts.join(language === 'zh' ? '的' : ', ');
}

/**
 * Parameters that name an instant: an issue carries them as stored (ISO 8601, UTC or with an
 * offset) and its text shows them in the election's local time (2026年12月7日 15:09 /
 * 2026-12-07 15:09), never raw ISO or UTC (issue 15, item 3). The zone is the issue's `timeZone`
 * parameter when it has one (electionTimeZone of the election at hand), else Asia/Shanghai.
 */
export const TIME_PARAMS: ReadonlySet<string> = new Set(['at', 'signedAt', 'importedAt', 'receivedAt', 'uploadedAt', 'preparedAt', 'pinnedAt', 'earliest']);
/** Parameters that name a calendar day (YYYY-MM-DD): 2026年12月9日 in Chinese text, 2026-12-09 in English. */
export const DATE_PARAMS: ReadonlySet<string> = new Set(['date', 'voteDate', 'deadline']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function localTimeParam(value: string | number | undefined, timeZone: unknown, language: 'zh' | 'en'): string | null {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) return null;
  return formatLocalDateTime(value, { timeZone: electionTimeZone({ timeZone }), language });
}

export function describeIssue(found: ValidationIssue, locale: Locale = 'zh-CN'): string {
  const language = locale === 'zh-CN' ? 'zh' : 'en';
  const template = issueMessages[found.code][language];
  const params: Record<string, string | number> = { path: describePath(found.path, locale), ...found.params };
  const text = template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (!(key in params)) return whole;
    const local = TIME_PARAMS.has(key) ? localTimeParam(params[key], params.timeZone, language) : null;
    if (local !== null) return local;
    if (DATE_PARAMS.has(key) && typeof params[key] === 'string' && ISO_DATE.test(params[key])) return formatCalendarDate(params[key], language);
    const value = String(params[key]);
    return paramLabels[key]?.[value]?.[language] ?? value;
  });
  // A sentence that opens with a field's place ("ballot stock is too large…") starts with a capital.
  return language === 'en' && template.startsWith('{path}') ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/**
 * One line for a terminal or a log: both languages, so any reader understands it. A line break
 * in a quoted value (an id, a name from the input) becomes a space.
 */
export function describeIssueBilingual(found: ValidationIssue): string {
  return `${describeIssue(found, 'zh-CN')} / ${describeIssue(found, 'en')}`.replace(/\s*[\r\n]+\s*/g, ' ');
}

export class ValidationError extends Error {
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    const first = issues[0];
    super(first ? describeIssue(first, 'en') : 'invalid input');
    this.name = 'ValidationError';
    this.issues = issues;
  }
}
