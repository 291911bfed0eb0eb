/**
 * What the screens can ask of the station, and what they can see of it. Every action asks the
 * polling-day gate, checks the rules (shared/rules), writes its records and an audit event, and
 * moves the day through the gate.
 */
import type { Outcome, ValidationIssue } from '../../shared/election/issues';
import type { Anomaly } from '../../shared/hub/protocol';
import type { ElectionDefinition, Voter } from '../../shared/election/schemas';
import type { BallotAccount } from '../../shared/rules/polling';
import type {
  CheckinRecord,
  MobileTripRecord,
  ProxyRecord,
  ReconciliationRecord,
  Relationship,
  SpoiledBallotRecord,
  StationSetup,
} from '../../shared/station/records';
import type { ImportedPackage } from '../../shared/bridge/StationBridge';
import type { VoterIndex } from './voterIndex';

export interface Operator {
  readonly clerk: string;
  readonly desk: string;
}

export type { Outcome } from '../../shared/election/issues';

export type RollEntry = Voter & { readonly pinyinInitials: string; readonly pinyinFull: string };

export interface StationInfo {
  readonly election: ElectionDefinition;
  readonly station: { readonly id: string; readonly name: string };
  readonly electionHash: string;
  /** The package's district key: the demo's is the published demo key (shared/election/demo.ts). */
  readonly districtKey: string;
  readonly districtKeyFingerprint: string;
  /** The package's allocation of blank ballots for this station (the setup's stock is checked against it). */
  readonly ballotStock: number;
  /** Null from the boxes' opening on: the count's boxes record holds the number (CountView.boxes). */
  readonly registeredVoters: number | null;
}

/** A live picture of the station, rebuilt whenever its records change. */
export interface StationView {
  /** The round its records are of (the machine's step: usePollingStep in usePollingDay.ts). */
  readonly round: number;
  readonly info: StationInfo | null;
  readonly setup: StationSetup | null;
  readonly roll: VoterIndex<RollEntry>;
  /** This round's check-ins by voter id (issued and undone). */
  readonly checkins: ReadonlyMap<string, CheckinRecord>;
  readonly proxies: readonly ProxyRecord[];
  readonly trips: readonly MobileTripRecord[];
  readonly spoiled: readonly SpoiledBallotRecord[];
  readonly reconciliation: ReconciliationRecord | null;
  readonly account: BallotAccount;
  readonly participants: number;
}

export interface ProxyRequestInput {
  readonly entrustingVoterId: string;
  readonly holderVoterId: string;
  readonly formNumber: string;
  readonly relationship: Relationship;
}

export interface StationActions {
  importPackage(text: string, reprovision: boolean, by: Operator): Promise<Outcome<ImportedPackage>>;
  /** After a journal restore stored the package again (features/recovery): the day goes on to the setup. */
  packageRestored(by: Operator): Promise<void>;
  confirmSetup(setup: StationSetup, by: Operator): Promise<Outcome<readonly ValidationIssue[]>>;
  /** The day's steps: refused (with the reason) when the machine says no or another window moved the day first. */
  editSetup(by: Operator): Promise<Outcome<void>>;
  reprovision(by: Operator): Promise<Outcome<void>>;
  openPolls(by: Operator): Promise<Outcome<void>>;
  pausePolls(by: Operator): Promise<Outcome<void>>;
  resumePolls(by: Operator): Promise<Outcome<void>>;
  closePolls(by: Operator): Promise<Outcome<void>>;
  /** Clears the half-done check-in marks of desks whose window is gone (audited; see actions/polls.ts). */
  abandonCheckins(by: Operator): Promise<Outcome<void>>;
  /**
   * A desk has a voter on its confirm card (polls cannot close meanwhile, in any window). Stored
   * in order with this window's other writes (`OpenStation.actor.settled()` waits for it).
   */
  beginCheckin(voterId: string, by: Operator): void;
  endCheckin(by: Operator): void;
  checkIn(voterId: string, by: Operator): Promise<Outcome<CheckinRecord>>;
  entrust(request: ProxyRequestInput, by: Operator): Promise<Outcome<CheckinRecord>>;
  departTrip(args: { readonly ballotsOut: number; readonly staff: readonly string[] }, by: Operator): Promise<Outcome<MobileTripRecord>>;
  serveByTrip(tripId: string, voterId: string, by: Operator): Promise<Outcome<CheckinRecord>>;
  returnTrip(tripId: string, ballotsBack: number, by: Operator): Promise<Outcome<MobileTripRecord>>;
  replaceSpoiled(voterId: string, reason: string, by: Operator): Promise<Outcome<SpoiledBallotRecord>>;
  undoCheckin(voterId: string, reason: string, by: Operator): Promise<Outcome<CheckinRecord>>;
  reconcile(args: { readonly unused: number; readonly explanation: string; readonly signedOffBy: string }, by: Operator): Promise<Outcome<ReconciliationRecord>>;
  /** Ballots of the round beyond its standing check-ins, by the lead hub's resolved anomalies (0 without a hub): counted as issued. */
  ballotsBeyondCheckins(): Promise<number>;
  /** The lead settles an anomaly of the station hub (issue 16): which record stands and why; audited. */
  resolveAnomaly(anomaly: Anomaly, standing: string | null, reason: string, by: Operator): Promise<Outcome<Anomaly>>;
}
