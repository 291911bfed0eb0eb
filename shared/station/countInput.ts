/**
 * From the station's count records to the CountInput of a round: the ballots the count uses
 * (desk A, withdrawn ones left out, each double-entry disagreement settled as the 监票人
 * chose) with the counts of the opened boxes. The station counts with it, main recounts
 * with it before signing, and the district recounts the synced records with it.
 */
import { FORMAT, type Ballot, type CountInput, type CountResult, type ElectionDefinition } from '../election/schemas';
import { compareEntries, type EnteredBallot } from '../rules/doubleEntry';
import { countBallotId } from './recordIds';

export type Entry = 'A' | 'B';

/** A stored ballot document (append-only: a withdrawal is a document too). */
export interface BallotRecord {
  readonly id: string;
  readonly round: number;
  readonly entry: Entry;
  readonly seq: number;
  readonly kind: 'ballot' | 'withdrawal';
  readonly status?: Ballot['status'];
  readonly marks?: Ballot['marks'];
  readonly withdraws?: string;
}

export interface MobileBoxCount {
  readonly tripId: string;
  readonly count: number;
  readonly served: number;
  /** More ballots than voters served: void under `mobileBoxOvercount: voidBox`. */
  readonly void: boolean;
}

/** The boxes as opened and counted before any ballot is read. */
export interface BoxesRecord {
  readonly mainBox: number;
  readonly mobileBoxes: readonly MobileBoxCount[];
  readonly recovered: number;
  readonly issued: number;
  readonly registeredVoters: number;
  readonly doubleEntry: boolean;
  readonly voidReason: CountResult['voidReason'];
}

/** The ballots of one entry desk as they stand: withdrawn ones left out, in pile order. */
export function activeBallots<B extends BallotRecord>(docs: readonly B[]): B[] {
  const withdrawn = new Set(docs.filter((doc) => doc.kind === 'withdrawal').map((doc) => doc.withdraws));
  return docs.filter((doc) => doc.kind === 'ballot' && !withdrawn.has(doc.id)).sort((a, b) => a.seq - b.seq);
}

export function asEntered(doc: BallotRecord): EnteredBallot {
  return { seq: doc.seq, status: doc.status ?? 'blank', marks: doc.marks ?? null };
}

/** The ballots the count uses and how many disagreements are still open. */
export function countedBallots<B extends BallotRecord>(
  docs: readonly B[],
  doubleEntry: boolean,
  resolutions: ReadonlyMap<number, Entry>,
): { ballots: B[]; unresolved: number } {
  const a = activeBallots(docs.filter((doc) => doc.entry === 'A'));
  if (!doubleEntry) return { ballots: a, unresolved: 0 };
  const b = activeBallots(docs.filter((doc) => doc.entry === 'B'));
  const bySeq = new Map(a.map((doc) => [doc.seq, doc]));
  let unresolved = 0;
  for (const disagreement of compareEntries(a.map(asEntered), b.map(asEntered))) {
    const chosen = resolutions.get(disagreement.seq);
    if (!chosen) {
      unresolved++;
      continue;
    }
    const doc = (chosen === 'A' ? a : b).find((ballot) => ballot.seq === disagreement.seq);
    if (doc) bySeq.set(disagreement.seq, doc);
    else bySeq.delete(disagreement.seq);
  }
  return { ballots: [...bySeq.values()].sort((x, y) => x.seq - y.seq), unresolved };
}

export function buildCountInput(args: {
  readonly election: ElectionDefinition;
  readonly round: number;
  readonly boxes: BoxesRecord;
  readonly ballots: readonly BallotRecord[];
  readonly previous: CountResult | null;
}): CountInput {
  return {
    format: FORMAT.countInput,
    election: args.election,
    round: args.round,
    registeredVoters: args.boxes.registeredVoters,
    participants: args.boxes.issued,
    ballotsIssued: args.boxes.issued,
    ballotsRecovered: args.boxes.recovered,
    ballots: args.ballots.map((doc) => ({ id: countBallotId(args.round, doc.seq), status: doc.status ?? 'blank', marks: doc.marks ?? null })),
    runoffOf: args.previous,
  };
}
