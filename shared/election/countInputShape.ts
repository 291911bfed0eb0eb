/**
 * The CountInput's shape, checked fast: the district recounts every station's ballots, so
 * reading a CountInput is on its hot path, and zod run on each of 100,000 ballots costs many
 * times the count itself (issue 19).
 *
 * `countInputSchema` stays the reference. The fast check below only ever says "zod would
 * accept this ballot and give back the same content": any ballot it is not sure of — a wrong
 * type, a missing field, an odd prototype, a `__proto__` or `constructor` key, a symbol key —
 * goes to zod, and any input zod refuses is refused by the reference parse of the WHOLE input,
 * so the issues (codes, paths, order, the format-tag rule) are the reference's by construction.
 * tests/shared/election/countInputShape.test.ts checks the two agree on generated inputs.
 */
import type { Outcome } from './issues';
import { LIMITS } from './limits';
import { parseWithSchema } from './parse';
import { FORMAT, ballotSchema, countInputSchema, type Ballot, type CountInput } from './schemas';

/** Everything of the CountInput but its ballots, which are checked one by one below. */
const countInputHeadSchema = countInputSchema.omit({ ballots: true });

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/**
 * A data object as JSON gives it: its prototype `Object.prototype` (or none), and no own
 * `__proto__` (zod drops that key from its output) or `constructor` (zod judges a record by
 * its constructor), and no symbol key. Anything else is left to zod.
 */
function isDataObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (hasOwn(value, '__proto__') || hasOwn(value, 'constructor')) return false;
  // zod leaves symbol keys out of what it gives back (and refuses them in a record).
  return Object.getOwnPropertySymbols(value).length === 0;
}

/** Absent, or an array of strings, each at least `minLength` long. */
function isStringList(value: unknown, minLength: number): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string' || item.length < minLength) return false;
  }
  return true;
}

/** `positionMarksSchema`, fast. */
function isWellFormedMarks(value: unknown): boolean {
  return isDataObject(value) && isStringList(value.for, 1) && isStringList(value.against, 1) && isStringList(value.writeIns, 0);
}

/** `z.record(z.string(), positionMarksSchema)`, fast: string keys only, every value well formed. */
function isWellFormedMarksRecord(value: unknown): boolean {
  if (!isDataObject(value)) return false;
  for (const key in value) {
    if (key === '__proto__' || !isWellFormedMarks(value[key])) return false;
  }
  return true;
}

/**
 * True only when `ballotSchema` accepts `value` and its output has the same content (it is
 * then used as it is, not copied). False means "not sure": ask zod.
 */
export function isWellFormedBallot(value: unknown): value is Ballot {
  if (!isDataObject(value)) return false;
  const id = value.id;
  if (typeof id !== 'string' || id.length < 1 || id.length > LIMITS.id) return false;
  const status = value.status;
  if (status !== 'valid' && status !== 'blank' && status !== 'unreadable') return false;
  const marks = value.marks;
  return marks === undefined || marks === null || isWellFormedMarksRecord(marks);
}

/**
 * `parseWithSchema(countInputSchema, raw, FORMAT.countInput)`, with the ballots checked by
 * `isWellFormedBallot` and only the doubtful ones by zod. Same outcome; a refusal is the
 * reference parse's own list of issues.
 */
export function parseCountInputShape(raw: unknown): Outcome<CountInput> {
  const reference = (): Outcome<CountInput> => parseWithSchema(countInputSchema, raw, FORMAT.countInput);
  const head = countInputHeadSchema.safeParse(raw);
  if (!head.success) return reference();
  const given: unknown = (raw as { ballots?: unknown }).ballots;
  if (!Array.isArray(given)) return reference();
  const ballots: Ballot[] = new Array<Ballot>(given.length);
  for (let i = 0; i < given.length; i++) {
    const ballot: unknown = given[i];
    if (isWellFormedBallot(ballot)) {
      ballots[i] = ballot;
      continue;
    }
    const checked = ballotSchema.safeParse(ballot);
    if (!checked.success) return reference();
    ballots[i] = checked.data;
  }
  return { ok: true, value: { ...head.data, ballots } };
}
