/**
 * Validation issues: a stable code, the path of the field, and parameters. The UI, the CLI
 * and the district server turn them into text with `describeIssue` (zh-CN and en).
 */
import { issueMessages, paramLabels, type IssueCode } from './messages';

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

/** `election.positions[2].seats` — the way a person reads a field's place. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

export function describeIssue(found: ValidationIssue, locale: Locale = 'zh-CN'): string {
  const language = locale === 'zh-CN' ? 'zh' : 'en';
  const template = issueMessages[found.code][language];
  const params: Record<string, string | number> = { path: formatPath(found.path), ...found.params };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (!(key in params)) return whole;
    const value = String(params[key]);
    return paramLabels[key]?.[value]?.[language] ?? value;
  });
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
