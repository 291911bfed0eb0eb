/**
 * The live count (计票): ballots are added one at a time as they are read out, and the last
 * one can be withdrawn. Each step costs O(marks on that ballot); at any point `result()`
 * equals `countRound` over the ballots that remain.
 */
import { issue, ValidationError } from '../election/issues';
import type { Ballot, CountResult, ElectionDefinition } from '../election/schemas';
import { checkBallot } from './checkCountInput';
import { buildRoundContext, type RoundContext } from './context';
import { decideRound, type RoundCounts } from './decide';
import { readBallot, type BallotReading } from './readBallot';
import { applyReading, emptyTotals, totalsFromJson, totalsToJson, type RoundTotals, type TotalsJson } from './totals';

export class IncrementalTally {
  readonly context: RoundContext;
  private totals: RoundTotals;
  private readonly readings = new Map<string, BallotReading>();

  constructor(election: ElectionDefinition, round = 1, runoffOf: CountResult | null = null) {
    this.context = buildRoundContext(election, round, runoffOf);
    this.totals = emptyTotals(this.context);
  }

  /**
   * A tally that starts from cached totals (a stored pile snapshot) instead of the ballots they
   * sum: ballots added after them count as usual, but none of the ballots behind the totals can
   * be withdrawn (it has not read them). Null when `totals` cannot be this round's totals.
   */
  static resume(election: ElectionDefinition, round: number, runoffOf: CountResult | null, totals: unknown): IncrementalTally | null {
    const tally = new IncrementalTally(election, round, runoffOf);
    const resumed = totalsFromJson(tally.context, totals);
    if (!resumed) return null;
    tally.totals = resumed;
    return tally;
  }

  /** The running totals as plain JSON (equal totals, equal JSON): what a pile snapshot caches. */
  totalsJson(): TotalsJson {
    return totalsToJson(this.totals);
  }

  get ballotCount(): number {
    return this.readings.size;
  }

  has(ballotId: string): boolean {
    return this.readings.has(ballotId);
  }

  /** Add one ballot as read; throws a ValidationError (nothing changed) if it cannot be counted. */
  add(ballot: Ballot): void {
    if (this.readings.has(ballot.id)) throw new ValidationError([issue('count.duplicateBallotId', ['id'], { id: ballot.id })]);
    const issues = checkBallot(this.context, ballot, []);
    if (issues.length > 0) throw new ValidationError(issues);
    const reading = readBallot(this.context, ballot);
    this.readings.set(ballot.id, reading);
    applyReading(this.totals, reading, 1);
  }

  /** Withdraw a ballot added earlier; returns false if there is none with that id. */
  withdraw(ballotId: string): boolean {
    const reading = this.readings.get(ballotId);
    if (!reading) return false;
    this.readings.delete(ballotId);
    applyReading(this.totals, reading, -1);
    return true;
  }

  /** The result as it stands, with the round's counts from the reconciliation. */
  result(counts: RoundCounts): CountResult {
    return decideRound(this.context, this.totals, counts);
  }
}
