/**
 * The ballot stock a station enters at setup, against what it should be (issue 15, item 3): the
 * package's allocation for the station, and the electorate (RULES §2: every registered voter
 * gets one blank ballot). A difference is not an error — ballots are miscounted at the district,
 * a pack is short — but it is shown with the numbers and accepted only with a reason, which the
 * setup record and the audit log keep. Pure: the caller passes the numbers.
 */
import { issue, type ValidationIssue } from '../election/issues';
import { LIMITS } from '../election/limits';

/**
 * "Absurdly more" than the electorate: more than twice the registered voters and more than this
 * many spare ballots (a small station's spare pack is not absurd). DECISIONS, issue 15 item 3.
 */
export const FAR_ABOVE_ELECTORATE_SPARE = 100;

export interface BallotStockFacts {
  /** The stock the clerk entered. */
  readonly entered: number;
  /** The package's `ballotStock` for this station; null when there is none (a runoff). */
  readonly allocated: number | null;
  /** Registered voters of the roll (struck ones not counted); null when not known. */
  readonly registered: number | null;
}

/** `3500` → `3,500`: the same on every machine (explicit locale). */
export function groupDigits(n: number): string {
  return n.toLocaleString('en-US');
}

function side(gap: number): 'over' | 'short' {
  return gap > 0 ? 'over' : 'short';
}

/**
 * Each way the entered stock differs from the allocation and the electorate, as issues to show
 * (warnings, with the numbers): empty when it matches. Nothing for a stock that is not a
 * positive whole number (checkSetup refuses that on its own).
 */
export function ballotStockDifferences(facts: BallotStockFacts): ValidationIssue[] {
  const { entered, allocated, registered } = facts;
  if (!Number.isInteger(entered) || entered < 1 || entered > LIMITS.count) return [];
  const found: ValidationIssue[] = [];
  if (allocated !== null && entered !== allocated) {
    const gap = entered - allocated;
    found.push(issue('setup.stockVsAllocation', ['ballotStock'], { allocated: groupDigits(allocated), entered: groupDigits(entered), gapSide: side(gap), gap: groupDigits(Math.abs(gap)) }));
  }
  if (registered !== null && entered < registered) {
    found.push(issue('setup.stockBelowElectorate', ['ballotStock'], { registered: groupDigits(registered), entered: groupDigits(entered), gap: groupDigits(registered - entered) }));
  } else if (registered !== null && entered > 2 * registered && entered - registered > FAR_ABOVE_ELECTORATE_SPARE) {
    found.push(issue('setup.stockFarAboveElectorate', ['ballotStock'], { registered: groupDigits(registered), entered: groupDigits(entered), gap: groupDigits(entered - registered) }));
  }
  return found;
}

/**
 * What stops a stock from being accepted: a difference without a reason (blank), or a reason
 * longer than the station stores. Empty when the stock may be accepted.
 */
export function checkBallotStockReason(facts: BallotStockFacts, reason: string | null | undefined): ValidationIssue[] {
  const text = reason?.trim() ?? '';
  if (text.length > LIMITS.text) return [issue('schema.tooBig', ['ballotStockReason'], { maximum: LIMITS.text })];
  if (text === '' && ballotStockDifferences(facts).length > 0) return [issue('setup.stockReasonMissing', ['ballotStockReason'])];
  return [];
}

/** The ballot stock of a round: setup's for round 1, the runoff stocks after it (0 when not set). */
export function stockOfRound(setup: { readonly ballotStock: number; readonly runoffBallotStocks?: readonly number[] }, round: number): number {
  return round === 1 ? setup.ballotStock : (setup.runoffBallotStocks?.[round - 2] ?? 0);
}
