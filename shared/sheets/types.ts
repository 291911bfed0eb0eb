/** What a sheet is made from: the signed result and the few facts the result does not carry. */
import type { CountResult, ElectionDefinition, SignedResult, Station } from '../election/schemas';
import type { Anomaly } from '../hub/protocol';
import type { StationSetup } from '../station/records';

/** The people who sign the sheet (from the station's setup). Missing names print as blank lines. */
export type SheetStaff = Partial<Pick<StationSetup, 'chair' | 'chiefScrutineer' | 'scrutineers' | 'callers' | 'recorders'>>;

/**
 * Turnout details the CountResult does not hold (from the roll and the check-in records). Any
 * missing number prints as "—".
 */
export interface Participation {
  /** Registered voters who are women (登记选民中女性). */
  readonly registeredWomen?: number;
  /** Participants who voted at the polling station in person (投票站投票). */
  readonly inPerson?: number;
  /** Participants served by a mobile ballot box (流动票箱). */
  readonly mobile?: number;
  /** Participants who voted through a proxy holder (委托投票). */
  readonly proxy?: number;
}

export interface SheetInput {
  readonly election: ElectionDefinition;
  /** The station that signed: its id must be `signed.station`. */
  readonly station: Station;
  readonly signed: SignedResult;
  readonly setup?: SheetStaff | null;
  /**
   * The earlier rounds of the same election, oldest first (for a runoff round: round 1). The
   * sheet then shows the committee as elected over all rounds. Not part of the QR code: each
   * round has its own signed sheet.
   */
  readonly previousRounds?: readonly CountResult[];
  readonly participation?: Participation | null;
  /** The body that announces and certifies; default "{community}居民选举委员会" (村民… for a village). */
  readonly organizer?: string;
  /**
   * The anomalies the lead's hub found across its desks and the 总监票人 resolved (issue 16):
   * the signed round's are printed under 异常及处理 (print-only, not in the QR codes).
   */
  readonly anomalies?: readonly Anomaly[];
  /** The station key was kept in a plain file (the OS could not encrypt it; the operator allowed it): the sheet says so. */
  readonly keyUnprotected?: boolean;
}
