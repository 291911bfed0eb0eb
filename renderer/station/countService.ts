/**
 * The public count (唱票/计票/监票): open the boxes, enter ballot by ballot as read out,
 * withdraw the last one with a reason, settle double-entry disagreements, decide the round
 * with the core's count, and start the runoff round when the result calls one.
 *
 * The parts live in ./count: the ordered entry of ballots (ballotEntry.ts), the decisions of a
 * round (rounds.ts) and the signed sheet (sheets.ts); this puts them together.
 */
import { Subject } from 'rxjs';
import type { ValidationIssue } from '../../shared/election/issues';
import type { CountResult } from '../../shared/election/schemas';
import { activeBallots, asEntered, type BoxesRecord, type Entry, type MobileBoxCount } from '../../shared/station/countInput';
import type { ProducedSheets, StationBridge } from '../../shared/bridge/StationBridge';
import type { AuditLog } from '../db/audit';
import type { StationDatabase } from '../db/database';
import type { BallotDoc } from '../db/schemas/count';
import type { PollingDayGate } from '../machine/gate';
import { BallotEntry, type BallotEntryInput, type ResumePoint } from './count/ballotEntry';
import type { LocalBallotChange } from './count/context';
import { finishCount, openBoxes, resolveDisagreement, startCount, startRunoff } from './count/rounds';
import { produceSheets } from './count/sheets';
import type { Operator, Outcome } from './types';

export interface CountActions {
  startCount(by: Operator): Promise<Outcome<void>>;
  openBoxes(args: { readonly mainBox: number; readonly mobileBoxes: Readonly<Record<string, number>>; readonly doubleEntry: boolean }, by: Operator): Promise<Outcome<BoxesRecord>>;
  enterBallot(entry: Entry, ballot: BallotEntryInput, by: Operator): Promise<Outcome<BallotDoc>>;
  /** Stores again, as it was, the desk's ballot whose store failed (see BallotEntry.retryBallot). */
  retryBallot(entry: Entry, by: Operator): Promise<Outcome<BallotDoc>>;
  /** Drops the desk's ballot whose store failed: its paper is entered anew. */
  discardBallot(entry: Entry): void;
  /** Where the desk stands from storage and main's journal: ballots stored, the next place, papers to read again. */
  resumePoint(entry: Entry): Promise<Outcome<ResumePoint>>;
  /** Why this window may not start entering at its table and entry (another desk holds it at the hub, or the hub cannot confirm it); none when it may. */
  tableStanding(entry: Entry, by: Operator): Promise<readonly ValidationIssue[]>;
  withdrawLast(entry: Entry, reason: string, by: Operator): Promise<Outcome<BallotDoc>>;
  resolveDisagreement(seq: number, chosen: Entry, by: Operator): Promise<Outcome<void>>;
  finishCount(by: Operator): Promise<Outcome<CountResult>>;
  startRunoff(ballotStock: number, by: Operator): Promise<Outcome<void>>;
  /** The table this window enters from now on (0: the station's own; 1…9: a count desk's, shared/station/countTables.ts); false for another number. */
  useTable(table: number): boolean;
  /** The table this window enters. */
  table(): number;
  /** Main signs every round (after its own recount) and prints the signed sheet; then `certified`. */
  produceSheets(by: Operator): Promise<Outcome<ProducedSheets>>;
}

export { boxesId, countBallotId, resolutionId, resultId, sheetId } from '../../shared/station/recordIds';
export { activeBallots, asEntered, type BallotEntryInput, type BoxesRecord, type Entry, type LocalBallotChange, type MobileBoxCount, type ResumePoint };
export { stockOfRound } from './stock';

export function createCountService(deps: { db: StationDatabase; audit: AuditLog; actor: PollingDayGate; bridge: StationBridge; now?: () => string; echo?: Subject<LocalBallotChange> }): CountActions {
  const ctx = { db: deps.db, audit: deps.audit, actor: deps.actor, bridge: deps.bridge, now: deps.now ?? (() => new Date().toISOString()) };
  const entry = new BallotEntry(ctx, deps.echo ?? new Subject<LocalBallotChange>());
  return {
    startCount: (by) => startCount(ctx, by),
    openBoxes: (args, by) => openBoxes(ctx, args, by),
    enterBallot: (desk, ballot, by) => entry.enterBallot(desk, ballot, by),
    retryBallot: (desk, by) => entry.retryBallot(desk, by),
    discardBallot: (desk) => entry.discardBallot(desk),
    resumePoint: (desk) => entry.resumePoint(desk),
    tableStanding: (desk, by) => entry.tableStanding(desk, by),
    withdrawLast: (desk, reason, by) => entry.withdrawLast(desk, reason, by),
    resolveDisagreement: (seq, chosen, by) => resolveDisagreement(ctx, seq, chosen, by),
    useTable: (table) => entry.useTable(table),
    table: () => entry.currentTable,
    async finishCount(by) {
      await entry.settled(); // the ballots still being stored first
      return finishCount(ctx, by);
    },
    produceSheets: (by) => produceSheets(ctx, by),
    startRunoff: (ballotStock, by) => startRunoff(ctx, ballotStock, by),
  };
}
