/**
 * The count: one function used by the station, the district recount and the `tally` command.
 */
import { checkElection } from '../election/checkElection';
import type { Outcome } from '../election/issues';
import { parseCountInputShape } from '../election/countInputShape';
import type { CountInput, CountResult } from '../election/schemas';
import { checkBallots, checkCounts, checkRound } from './checkCountInput';
import { buildRoundContext, type RoundContext } from './context';
import { decideRound, type RoundCounts } from './decide';
import { readBallot } from './readBallot';
import { applyReading, emptyTotals } from './totals';

function contextOf(input: CountInput): RoundContext {
  return buildRoundContext(input.election, input.round, input.runoffOf ?? null);
}

/** Count a validated input (see `readCountInput`). Pure: the same input gives the same result. */
export function countRound(input: CountInput): CountResult {
  const context = contextOf(input);
  const totals = emptyTotals(context);
  for (const ballot of input.ballots) applyReading(totals, readBallot(context, ballot), 1);
  return decideRound(context, totals, input);
}

/** Validate untrusted data as a CountInput: schema, election, counts, round, every ballot. */
export function readCountInput(raw: unknown): Outcome<CountInput> {
  // countInputSchema's verdict, with its 100,000 ballots checked without zod (issue 19).
  const parsed = parseCountInputShape(raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const structural = [...checkElection(input.election, ['election']), ...checkCounts(input), ...checkRound(input)];
  if (structural.length > 0) return { ok: false, issues: structural };
  const ballotIssues = checkBallots(contextOf(input), input.ballots);
  return ballotIssues.length > 0 ? { ok: false, issues: ballotIssues } : parsed;
}

/** Validate and count: what the `tally` command and the district recount call. */
export function tally(raw: unknown): Outcome<CountResult> {
  const input = readCountInput(raw);
  return input.ok ? { ok: true, value: countRound(input.value) } : input;
}

/**
 * A round judged on its box counts alone, before any ballot is read: when §3 makes it void
 * (turnout, or more recovered than issued) this is its result — nothing elected.
 */
export function resultFromCounts(election: CountInput['election'], round: number, runoffOf: CountResult | null, counts: RoundCounts): CountResult {
  const context = buildRoundContext(election, round, runoffOf);
  return decideRound(context, emptyTotals(context), counts);
}
