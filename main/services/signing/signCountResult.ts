/**
 * Main signs only what it has counted itself: the ballots are validated and recounted with the
 * core's `countRound`, and a CountResult that differs from the recount (canonical JSON) is
 * refused with `signature.recountDisagrees`.
 */
import { canonicalJson } from '../../../shared/crypto/canonical';
import { issue, type Outcome, type ValidationIssue } from '../../../shared/election/issues';
import { signedResultSchema, type CountResult, type SignedResult } from '../../../shared/election/schemas';
import { countRound, readCountInput } from '../../../shared/rules/count';
import { stationSigner, type KeySource } from './stationKeys';

export type SignCountResultArgs = KeySource & {
  /** The ballots and counts (untrusted: validated here). */
  readonly input: unknown;
  /** The result the caller wants signed; it must equal main's recount. */
  readonly result: unknown;
  /** The station id (or the station of the package). */
  readonly station: string | { readonly id: string };
  /** ISO 8601 date-time with offset, e.g. 2026-12-06T17:40:00+08:00. */
  readonly signedAt: string;
  /** The station runs the demo package: sign `demo: true` (shared/election/demo.ts). Default false. */
  readonly demo?: boolean;
};

/** The first place two JSON values differ, as `positions[2].tallies[0].for: 30 ≠ 31`. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string | null {
  const here = path === '' ? '(root)' : path;
  if (expected === actual) return null;
  if (typeof expected !== 'object' || typeof actual !== 'object' || expected === null || actual === null || Array.isArray(expected) !== Array.isArray(actual)) {
    return `${here}: ${JSON.stringify(expected) ?? 'missing'} ≠ ${JSON.stringify(actual) ?? 'missing'}`;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${here}: ${expected.length} ≠ ${actual.length} entries`;
    for (let i = 0; i < expected.length; i++) {
      const found = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  const a = expected as Record<string, unknown>;
  const b = actual as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const found = firstDifference(a[key], b[key], path === '' ? key : `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

/**
 * Recount `input`, compare with `result`, and sign main's recount with the station key.
 * Invalid input gives its validation issues; a disagreeing result gives
 * `signature.recountDisagrees` (with the first difference) and nothing is signed.
 */
export function signCountResult(args: SignCountResultArgs): Outcome<SignedResult> & { readonly recount?: CountResult } {
  const stationId = typeof args.station === 'string' ? args.station : args.station.id;
  const input = readCountInput(args.input);
  if (!input.ok) return input;
  const recount = countRound(input.value);
  if (!sameJson(recount, args.result)) {
    const detail = firstDifference(JSON.parse(canonicalJson(recount)) as unknown, args.result) ?? 'result';
    return { ok: false, issues: [issue('signature.recountDisagrees', ['result'], { detail })], recount };
  }
  const shape = signedResultSchema.shape;
  const problems: ValidationIssue[] = [];
  if (!shape.signedAt.safeParse(args.signedAt).success) problems.push(issue('schema.format', ['signedAt'], { expected: 'ISO 8601 date-time with offset' }));
  if (!shape.station.safeParse(stationId).success) problems.push(issue('schema.invalid', ['station'], { detail: 'a station id of 1–128 characters' }));
  if (problems.length > 0) return { ok: false, issues: problems };
  const signed = stationSigner(args).signResult({
    station: stationId,
    election: input.value.election,
    result: recount,
    ballots: input.value.ballots,
    signedAt: args.signedAt,
    demo: args.demo === true,
  });
  return { ok: true, value: signed, recount };
}
