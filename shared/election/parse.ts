/**
 * From untrusted input to a typed value or a list of issues with stable codes.
 * Schema issues come from zod; each reader then adds the checks a schema cannot make.
 */
import type { z } from 'zod';
import { issue, type IssuePath, type Outcome, type ValidationIssue } from './issues';
import { formatBytes, jsonDepth, utf8Length } from './limits';

type ZodIssue = z.core.$ZodIssue;

function valueAt(root: unknown, path: IssuePath): unknown {
  let here: unknown = root;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string | number, unknown>)[key];
  }
  return here;
}

const SHOWN = 60;

/** A value as a short quote for a message: at most 60 characters, never a crash on a huge or deeply nested one. */
function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value !== null && typeof value === 'object') text = Array.isArray(value) ? `[array of ${value.length}]` : '{object}';
  else text = String(value);
  return text.length > SHOWN ? `${text.slice(0, SHOWN - 3)}…` : text;
}

function fromZodIssue(found: ZodIssue, root: unknown, formatTag: string | undefined): ValidationIssue {
  const path = found.path.filter((p): p is string | number => typeof p !== 'symbol');
  const actual = valueAt(root, path);
  switch (found.code) {
    case 'invalid_type':
      if (actual === undefined) return issue('schema.required', path);
      if (found.expected === 'int') return issue('schema.integer', path);
      return issue('schema.type', path, { expected: String(found.expected) });
    case 'invalid_value':
      if (actual === undefined) return issue('schema.required', path);
      if (formatTag !== undefined && path.length === 1 && path[0] === 'format') {
        return issue('format.wrongTag', path, { expected: formatTag, actual: describeValue(actual) });
      }
      return issue('schema.value', path, { expected: found.values.map((v) => String(v)).join(' | ') });
    case 'too_small':
      return issue('schema.tooSmall', path, { minimum: String(found.minimum) });
    case 'too_big':
      return issue('schema.tooBig', path, { maximum: String(found.maximum) });
    case 'invalid_format':
      return issue('schema.format', path, { expected: found.format === 'regex' ? found.message : found.format });
    default:
      return issue('schema.invalid', path, { detail: found.message });
  }
}

/**
 * The checks made on a file's text before it is parsed or verified: its size in UTF-8 bytes
 * (`input.tooLarge`) and how deep it nests (`input.tooDeep`) — so a huge or hostile file is
 * refused for what it is, quickly, and never reported as a bad signature.
 */
export function checkTextLimits(text: string, limits: { readonly maxBytes: number; readonly maxDepth: number }): ValidationIssue[] {
  const bytes = utf8Length(text);
  if (bytes > limits.maxBytes) return [issue('input.tooLarge', [], { size: formatBytes(bytes), maximum: formatBytes(limits.maxBytes) })];
  if (jsonDepth(text, limits.maxDepth) > limits.maxDepth) return [issue('input.tooDeep', [], { maximum: limits.maxDepth })];
  return [];
}

/** Parse JSON text; a syntax error becomes one `json.malformed` issue. */
export function parseJsonText(text: string): Outcome<unknown> {
  try {
    // A byte order mark is not part of the JSON (RFC 8259 §8.1 lets a reader ignore it).
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown };
  } catch (error) {
    return { ok: false, issues: [issue('json.malformed', [], { detail: (error as Error).message })] };
  }
}

/**
 * Validate `raw` against `schema`; when the input names a wrong format tag, that is the one
 * issue reported (everything else would be noise about a different kind of file).
 */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  formatTag?: string,
): Outcome<z.output<S>> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((found) => fromZodIssue(found, raw, formatTag));
  const wrongTag = issues.find((found) => found.code === 'format.wrongTag');
  return { ok: false, issues: wrongTag ? [wrongTag] : issues };
}

/** Chain a semantic check after a successful parse. */
export function thenCheck<T>(parsed: Outcome<T>, check: (value: T) => readonly ValidationIssue[]): Outcome<T> {
  if (!parsed.ok) return parsed;
  const issues = check(parsed.value);
  return issues.length === 0 ? parsed : { ok: false, issues };
}
