/** The JSON the dashboard reads from `/api/*` (types only: shared by the server and the page). */
import type { CountResult } from '../../shared/election/schemas';
import type { Committee } from '../../shared/rules/merge';

export type Phase = 'setup' | 'polling' | 'counting' | 'certified' | 'void' | 'unknown';
/** `pending` (待核验): the station's records changed since the last check; a recount is queued. */
export type ResultState = 'verified' | 'disagrees' | 'conflicting' | 'pending' | 'missing';

/** The station's records a check covered: how many and the hash of their listing (server/results/coverage.ts). */
export interface Covered {
  readonly count: number;
  readonly hash: string;
}

/** A link to the stored records behind a flag (`/api/records?station=…&collection=…[&id=…]`). */
export interface RecordLink {
  readonly label: string;
  readonly href: string;
}

export type AnomalyKind = 'turnoutOver100' | 'checkinsVsBox' | 'ballotAccount' | 'recountDiffers' | 'rewriteAttempt' | 'silent';

/** Something on a station a person should look at, with its numbers and the records behind it (api/anomalies.ts). */
export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly round?: number;
  /** zh-CN, with the numbers. */
  readonly text: string;
  readonly numbers: Readonly<Record<string, number>>;
  /** Lines written for people (differences, rewritten ballots), at most 5. */
  readonly details?: readonly string[];
  readonly links: readonly RecordLink[];
}

export interface StationOverview {
  readonly id: string;
  readonly name: string;
  readonly electionId: string | null;
  readonly community: string | null;
  readonly enrolledAt: string;
  readonly lastContact: string | null;
  /** The polling-day machine's step (`open`, `entering`, `certified`, …) or null when unknown. */
  readonly step: string | null;
  readonly phase: Phase;
  readonly round: number;
  readonly registeredVoters: number | null;
  /**
   * Whether the station's package (and so its roll size) is known. Without it (enrolled without
   * `--election`) the dashboard lists it as 无选举包 and leaves it out of the district's turnout.
   */
  readonly packageKnown: boolean;
  /** Ballots issued (check-ins not undone) in the current round. */
  readonly checkinsIssued: number;
  /** checkinsIssued / registeredVoters, or null without a roll. */
  readonly turnout: number | null;
  readonly ballotsSynced: number;
  readonly documents: Readonly<Record<string, number>>;
  readonly results: readonly { readonly round: number; readonly status: Exclude<ResultState, 'missing'>; readonly covered: Covered | null }[];
  /** The status of the latest round's accepted result; `conflicting` when a second result was refused. */
  readonly resultStatus: ResultState;
  readonly anomalies: readonly Anomaly[];
}

export interface StationResults {
  readonly station: string;
  readonly name: string;
  readonly rounds: readonly {
    readonly round: number;
    readonly status: Exclude<ResultState, 'missing'>;
    readonly difference: readonly string[] | null;
    readonly receivedAt: string;
    /** The records the last check covered (null: not checked yet, or a conflicting result). */
    readonly covered: Covered | null;
    readonly result: CountResult;
  }[];
  readonly committee: Committee | null;
}

export interface CommunityResults {
  readonly electionId: string;
  readonly title: string;
  readonly community: string;
  readonly stations: readonly StationResults[];
}

export interface TurnoutPoint {
  /** Start of the bucket, ISO 8601. */
  readonly t: string;
  readonly issued: number;
  readonly cumulative: number;
}

export interface TurnoutSeries {
  readonly bucketMinutes: number;
  readonly registeredVoters: number;
  readonly total: readonly TurnoutPoint[];
  readonly stations: Readonly<Record<string, readonly TurnoutPoint[]>>;
}
