/**
 * The fast CountInput reading (issue 19) against its reference: zod's `countInputSchema` and
 * `checkBallot` on every ballot. On generated valid ballots and randomly mutated ones —
 * wrong types, missing and extra keys, `__proto__` / `constructor` keys, symbol keys, odd
 * prototypes, huge strings, NaN/Infinity, nested junk — both accept the same inputs with the
 * same content, and refuse the same inputs with the same issues (codes, paths, parameters, order).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkElection } from '../../../shared/election/checkElection';
import { isWellFormedBallot, parseCountInputShape } from '../../../shared/election/countInputShape';
import { issue, type Outcome, type ValidationIssue } from '../../../shared/election/issues';
import { parseWithSchema } from '../../../shared/election/parse';
import { FORMAT, ballotSchema, countInputSchema, type Ballot, type CountInput } from '../../../shared/election/schemas';
import { checkBallot, checkCounts, checkRound, isCleanBallot } from '../../../shared/rules/checkCountInput';
import { readCountInput } from '../../../shared/rules/count';
import { buildRoundContext } from '../../../shared/rules/context';
import { countInput, demoElection } from '../../helpers/build';

const election = demoElection();
const positionIds = election.positions.map((position) => position.id);
const candidateIds = election.positions.flatMap((position) => position.candidates.map((candidate) => candidate.id));
const context = buildRoundContext(election, 1, null);

/** `readCountInput` as it was before issue 19: zod on the whole input, `checkBallot` on every ballot. */
function referenceRead(raw: unknown): Outcome<CountInput> {
  const parsed = parseWithSchema(countInputSchema, raw, FORMAT.countInput);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const structural = [...checkElection(input.election, ['election']), ...checkCounts(input), ...checkRound(input)];
  if (structural.length > 0) return { ok: false, issues: structural };
  const roundContext = buildRoundContext(input.election, input.round, input.runoffOf ?? null);
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  input.ballots.forEach((ballot, index) => {
    if (ids.has(ballot.id)) issues.push(issue('count.duplicateBallotId', ['ballots', index, 'id'], { id: ballot.id }));
    ids.add(ballot.id);
    issues.push(...checkBallot(roundContext, ballot, ['ballots', index]));
  });
  return issues.length > 0 ? { ok: false, issues } : parsed;
}

/** An own property, even `__proto__` (as JSON.parse makes it), never the prototype setter. */
function setOwn(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

class Marks {
  for = [candidateIds[0]];
}

/** Odd values, built fresh each time (some are objects a mutation may change). */
const JUNK: readonly (() => unknown)[] = [
    () => undefined,
    () => null,
    () => Number.NaN,
    () => Number.POSITIVE_INFINITY,
    () => -0,
    () => 0,
    () => 1.5,
    () => true,
    () => '',
    () => ' ',
    () => '\u200b',
    () => 'x'.repeat(129),
    () => 'x'.repeat(128),
    () => 'x'.repeat(100_000),
    () => 'R-0',
    () => 'valid',
    () => 'blank',
    () => 'unreadable',
    () => 'VALID',
    () => [],
    () => [''],
    () => [1],
    () => [null],
    () => [candidateIds[0], candidateIds[0]],
    () => [candidateIds[0], candidateIds[1]],
    () => Array.from({ length: 40 }, (_, i) => candidateIds[i % candidateIds.length]),
    () => ({}),
    () => Object.create(null) as unknown,
    () => Object.assign(Object.create(null) as object, { for: [candidateIds[0]] }),
    () => Object.create({ for: [candidateIds[0]] }) as unknown,
    () => new Marks(),
    () => new Date(0),
    () => new Map(),
    () => JSON.parse('{"__proto__": {"for": ["x"]}}') as unknown,
    () => JSON.parse('{"constructor": {"for": []}}') as unknown,
    () => ({ [Symbol('s')]: { for: [] } }),
    () => ({ constructor: 'x' }),
    () => ({ nested: { deeper: [{ junk: true }] } }),
    () => ({ for: [], against: [], writeIns: [] }),
    () => ({ for: [candidateIds[0]], against: [candidateIds[0]] }),
    () => ({ writeIns: ['赵六'] }),
    () => ({ writeIns: [' '] }),
    () => ({ writeIns: ['王\u200b芳'] }),
    () => ({ constructor: () => 0 }),
];

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...JUNK).map((make) => make()) },
  { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(...candidateIds, ...positionIds) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const SHAPE_KEYS = ['id', 'status', 'marks', 'for', 'against', 'writeIns'];
const ODD_KEYS = ['__proto__', 'constructor', 'toString', 'extra', 'unknownPosition', '0', ...positionIds];
const keys = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SHAPE_KEYS) }, { weight: 2, arbitrary: fc.constantFrom(...ODD_KEYS) });
const TARGETS = ['ballot', 'marks', 'position', 'list'] as const;

type Target = (typeof TARGETS)[number];
interface Mutation {
  readonly target: Target;
  readonly key: string;
  readonly remove: boolean;
  readonly value: unknown;
  readonly symbol: boolean;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  target: fc.constantFrom(...TARGETS),
  key: keys,
  remove: fc.boolean(),
  value: junk,
  symbol: fc.nat({ max: 19 }).map((n) => n === 0),
});

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

function mutate(ballot: Record<string, unknown>, change: Mutation): void {
  const marks = asObject(ballot.marks);
  const position = marks ? asObject(marks[positionIds[0] as string]) : null;
  const list = position && Array.isArray(position.for) ? (position.for as unknown[]) : null;
  if (change.target === 'list') {
    if (list) list[change.remove ? list.length : 0] = change.value;
    return;
  }
  const target = change.target === 'ballot' ? ballot : change.target === 'marks' ? marks : position;
  if (!target) return;
  if (change.symbol) setOwn(target, Symbol('junk'), change.value);
  else if (change.remove) Reflect.deleteProperty(target, change.key);
  else setOwn(target, change.key, change.value);
}

function validBallot(index: number): fc.Arbitrary<Record<string, unknown>> {
  const section = (ids: string[]) =>
    fc
      .record({ for: fc.subarray(ids), against: fc.subarray(ids, { maxLength: Math.min(2, ids.length) }), writeIns: fc.subarray(['赵六', '钱七'], { maxLength: 1 }) })
      .map((marks) => ({ ...marks, against: marks.against.filter((person) => !marks.for.includes(person)) }));
  const valid = fc
    .tuple(
      ...election.positions.map((position) =>
        fc.option(section(position.candidates.map((candidate) => candidate.id)), { nil: undefined }).map((marks) => [position.id, marks] as const),
      ),
    )
    .map((pairs) => ({ id: `R-${index}`, status: 'valid', marks: Object.fromEntries(pairs.filter(([, marks]) => marks !== undefined)) }));
  const invalid = fc.constantFrom('blank', 'unreadable').map((status) => ({ id: `R-${index}`, status, marks: null }));
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: invalid });
}

/** A few ballots, each mutated zero or more times (most not at all, so many inputs are accepted). */
const ballots: fc.Arbitrary<Record<string, unknown>[]> = fc
  .array(fc.tuple(fc.nat(), fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) })), { maxLength: 8 })
  .chain((specs) => fc.tuple(...specs.map(([, changes], index) => validBallot(index).map((ballot) => ({ ballot, changes })))))
  .map((list) =>
    list.map(({ ballot, changes }) => {
      for (const change of changes) mutate(ballot, change);
      return ballot;
    }),
  );

type Container = 'plain' | 'wrongTag' | 'notArray' | 'noBallots' | 'badRound';
const container = fc.constantFrom<Container>('plain', 'plain', 'plain', 'plain', 'wrongTag', 'notArray', 'noBallots', 'badRound');

function wrap(list: Record<string, unknown>[], how: Container): unknown {
  const raw: Record<string, unknown> = { ...countInput(election, list as Ballot[], { registeredVoters: 100 }) };
  if (how === 'wrongTag') raw.format = 'polling-station/count-result@1';
  if (how === 'notArray') raw.ballots = Object.fromEntries(list.map((ballot, index) => [index, ballot]));
  if (how === 'noBallots') delete raw.ballots;
  if (how === 'badRound') raw.round = Number.NaN;
  return raw;
}

/** The same outcome; an accepted value with the same content (zod copies, the fast path does not). */
function expectSameOutcome(actual: Outcome<unknown>, expected: Outcome<unknown>): void {
  expect(actual.ok).toBe(expected.ok);
  if (!actual.ok || !expected.ok) {
    expect(actual).toEqual(expected);
    return;
  }
  expect(actual.value).toEqual(expected.value);
}

/** A valid ballot with every list filled, for the exhaustive single mutations. */
function fullBallot(): Record<string, unknown> {
  const marks: Record<string, unknown> = {};
  for (const position of election.positions) {
    const [first, second] = position.candidates.map((candidate) => candidate.id);
    marks[position.id] = { for: [first], against: second === undefined ? [] : [second], writeIns: ['赵六'] };
  }
  return { id: 'R-1', status: 'valid', marks };
}

describe('CountInput: the fast reading agrees with zod and checkBallot', () => {
  it('every single odd value at every place of a ballot: same verdict as zod, same issues as the reference', () => {
    let cases = 0;
    for (const target of TARGETS) {
      for (const key of target === 'list' ? ['0'] : [...SHAPE_KEYS, ...ODD_KEYS]) {
        for (const make of [...JUNK, null]) {
          for (const symbol of target === 'list' || make === null ? [false] : [false, true]) {
            const ballot = fullBallot();
            mutate(ballot, { target, key, remove: make === null, value: make?.(), symbol });
            const parsed = ballotSchema.safeParse(ballot);
            if (isWellFormedBallot(ballot)) {
              expect(parsed.success).toBe(true);
              if (parsed.success) expect(ballot).toEqual(parsed.data);
            }
            const raw = wrap([ballot], 'plain');
            expectSameOutcome(readCountInput(raw), referenceRead(raw));
            cases++;
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });

  it('isWellFormedBallot only accepts what ballotSchema accepts, with the same content', () => {
    fc.assert(
      fc.property(ballots, (list) => {
        for (const ballot of list) {
          if (!isWellFormedBallot(ballot)) continue;
          const parsed = ballotSchema.safeParse(ballot);
          expect(parsed.success).toBe(true);
          if (parsed.success) expect(ballot).toEqual(parsed.data);
        }
      }),
      { numRuns: 1000, endOnFailure: true },
    );
  });

  it('parseCountInputShape gives the outcome of parseWithSchema(countInputSchema)', () => {
    fc.assert(
      fc.property(ballots, container, (list, how) => {
        const raw = wrap(list, how);
        expectSameOutcome(parseCountInputShape(raw), parseWithSchema(countInputSchema, raw, FORMAT.countInput));
      }),
      { numRuns: 1000, endOnFailure: true },
    );
  });

  it('readCountInput gives the outcome of the reference reading (issues, paths, order)', () => {
    fc.assert(
      fc.property(ballots, container, (list, how) => {
        const raw = wrap(list, how);
        expectSameOutcome(readCountInput(raw), referenceRead(raw));
      }),
      { numRuns: 1000, endOnFailure: true },
    );
  });

  it('isCleanBallot only passes a ballot checkBallot finds nothing wrong with', () => {
    fc.assert(
      fc.property(ballots, (list) => {
        for (const raw of list) {
          const parsed = ballotSchema.safeParse(raw);
          if (!parsed.success) continue;
          const ballot: Ballot = parsed.data;
          if (isCleanBallot(context, ballot)) expect(checkBallot(context, ballot, [])).toEqual([]);
        }
      }),
      { numRuns: 1000, endOnFailure: true },
    );
  });

  it('the generators reach both sides: accepted and refused inputs, clean and unclean ballots, the fast path and zod', () => {
    const outcomes = fc.sample(fc.tuple(ballots, container), { numRuns: 300, seed: 19 }).map(([list, how]) => readCountInput(wrap(list, how)).ok);
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(30);
    expect(outcomes.filter((ok) => !ok).length).toBeGreaterThan(30);
    const all = fc.sample(ballots, { numRuns: 300, seed: 19 }).flat();
    expect(all.filter((ballot) => isWellFormedBallot(ballot)).length).toBeGreaterThan(100);
    expect(all.filter((ballot) => !isWellFormedBallot(ballot) && ballotSchema.safeParse(ballot).success).length).toBeGreaterThan(5);
    const parsed = all.map((ballot) => ballotSchema.safeParse(ballot)).flatMap((result) => (result.success ? [result.data] : []));
    expect(parsed.filter((ballot) => !isCleanBallot(context, ballot) && checkBallot(context, ballot, []).length > 0).length).toBeGreaterThan(5);
  });

  it('a large well-formed input is read without zod per ballot and keeps its ballots as given', () => {
    const list: Ballot[] = Array.from({ length: 2_000 }, (_, i) => ({ id: `B-${i}`, status: 'valid', marks: { [positionIds[0] as string]: { for: [candidateIds[0] as string], against: [], writeIns: [] } } }));
    const read = readCountInput(countInput(election, list));
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.value.ballots.every((ballot, i) => ballot === list[i])).toBe(true);
  });
});
