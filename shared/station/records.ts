/**
 * The records a station keeps on polling day (stored in RxDB, replicated to the district).
 * Plain JSON shapes: the same types serve the renderer, the Electron main process and the
 * district server. Times are ISO 8601 strings with offset; ids are stable strings.
 */

/** Who did something, and at which desk (every record and audit event carries it). */
export interface Actor {
  readonly clerk: string;
  readonly desk: string;
}

/** How a voter took part: at the desk, through a proxy holder (委托投票) or at a mobile box (流动票箱). */
export type CheckinKind = 'inPerson' | 'proxy' | 'mobile';

/**
 * One ballot issued to one voter in one round (领取选票). The id is `${round}:${voterId}`, so the
 * database itself refuses a second ballot to the same voter in the same round.
 */
export interface CheckinRecord extends Actor {
  readonly id: string;
  readonly round: number;
  readonly voterId: string;
  readonly kind: CheckinKind;
  readonly status: 'issued' | 'undone';
  readonly issuedAt: string;
  /** For `proxy`: the voter who received the ballot on the entrusting voter's behalf. */
  readonly holderVoterId?: string;
  readonly proxyId?: string;
  /** For `mobile`: the trip whose box served the voter. */
  readonly tripId?: string;
  readonly undoneAt?: string;
  readonly undoneBy?: string;
  readonly undoReason?: string;
}

/** Close relatives (近亲属) as recorded on a written authorisation. */
export const RELATIONSHIPS = ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** A written proxy authorisation (委托书): who entrusts whom, with the form's number. */
export interface ProxyRecord extends Actor {
  readonly id: string;
  readonly round: number;
  readonly entrustingVoterId: string;
  readonly holderVoterId: string;
  readonly formNumber: string;
  readonly relationship: Relationship;
  readonly recordedAt: string;
}

/** A mobile ballot box trip (流动票箱): ballots out, staff with it, ballots brought back unused. */
export interface MobileTripRecord extends Actor {
  readonly id: string;
  readonly round: number;
  readonly ballotsOut: number;
  readonly staff: readonly string[];
  readonly departedAt: string;
  readonly status: 'out' | 'returned';
  readonly ballotsBack?: number;
  readonly returnedAt?: string;
}

/** A spoiled ballot handed back and replaced (写错换票); the issued count does not grow. */
export interface SpoiledBallotRecord extends Actor {
  readonly id: string;
  readonly round: number;
  readonly voterId: string;
  readonly at: string;
  readonly reason: string;
}

/** The close-of-polls ballot account: issued + spoiled + unused = stock, or an explained difference. */
export interface ReconciliationRecord extends Actor {
  readonly id: string;
  readonly round: number;
  readonly stock: number;
  readonly issued: number;
  readonly spoiled: number;
  readonly unused: number;
  /** issued + spoiled + unused − stock (0 when it balances). */
  readonly difference: number;
  readonly explanation?: string;
  /** The 总监票人 who signed off an unbalanced account. */
  readonly signedOffBy?: string;
  readonly at: string;
}

/** The station's staff and materials, fixed in setup. */
export interface StationSetup {
  readonly chair: string; // 选举委员会主任
  readonly chiefScrutineer: string; // 总监票人
  readonly scrutineers: readonly string[]; // 监票人
  readonly callers: readonly string[]; // 唱票人
  readonly recorders: readonly string[]; // 计票人
  readonly checkinClerks: readonly string[];
  readonly ballotStock: number;
  /**
   * Why the stock differs from the package's allocation or the electorate (shared/rules/ballotStock.ts):
   * required when it does, absent or null when it matches.
   */
  readonly ballotStockReason?: string | null;
  readonly emptyBoxCheckedBy: string; // 空票箱检查
  readonly emptyBoxCheckedAt: string;
}

/** One entry of the tamper-evident audit log: each event's hash covers the previous one's. */
export interface AuditEvent extends Actor {
  readonly id: string;
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}
