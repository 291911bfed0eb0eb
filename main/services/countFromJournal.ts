/**
 * Main's own count of a station's rounds, from its journal alone (issue 12, item 3): the election
 * and roll of the last import's marker, the check-ins, the ballots as read (withdrawals left
 * out), the boxes as opened and the 监票人's double-entry resolutions — records that fit the
 * election (journal/fit.ts) — through the same buildCountInput and count as the station and the
 * district. Main signs only what this gives; nothing the renderer sends is counted. Records that
 * are missing, or box counts that disagree with the journal's check-ins and roll, are refused
 * with a specific issue.
 */
import { issue, type Outcome, type ValidationIssue } from '../../shared/election/issues';
import type { CountInput, CountResult, ElectionPackage } from '../../shared/election/schemas';
import { countRound, readCountInput, resultFromCounts } from '../../shared/rules/count';
import { buildCountInput, countedBallots, type BallotRecord, type BoxesRecord, type Entry } from '../../shared/station/countInput';
import type { CheckinRecord } from '../../shared/station/records';
import { documentsFromJournal, journalPath, readJournalFile, type RecoveredDocuments } from './journal';

/** One round as main counted it: from its ballots, or void on its box counts. */
export type RecountedRound =
  | { readonly kind: 'counted'; readonly round: number; readonly input: CountInput; readonly result: CountResult }
  | { readonly kind: 'void'; readonly round: number; readonly result: CountResult };

export interface JournalCount {
  readonly pkg: ElectionPackage;
  /** Rounds 1…N, oldest first. */
  readonly rounds: readonly RecountedRound[];
  /** Round N's participation, from the journal's check-ins and the roll (the sheet prints it). */
  readonly participation: { readonly registeredWomen: number; readonly inPerson: number; readonly mobile: number; readonly proxy: number };
}

const refuse = (code: Parameters<typeof issue>[0], params: Record<string, string | number>): { ok: false; issues: ValidationIssue[] } => ({
  ok: false,
  issues: [issue(code, [], params)],
});

function boxesCheck(boxes: BoxesRecord, round: number, issued: number, registered: number): ValidationIssue | null {
  const recovered = boxes.mainBox + boxes.mobileBoxes.filter((box) => !box.void).reduce((sum, box) => sum + box.count, 0);
  const detail =
    boxes.issued !== issued
      ? `issued ${boxes.issued} ≠ ${issued} check-ins`
      : boxes.registeredVoters !== registered
        ? `registered voters ${boxes.registeredVoters} ≠ ${registered} on the roll`
        : boxes.recovered !== recovered
          ? `recovered ${boxes.recovered} ≠ ${recovered} in the boxes`
          : null;
  return detail === null ? null : issue('signature.recordsDisagree', [], { round, detail });
}

/**
 * The sheet's participation breakdown (本人/委托/流动票箱) must add up to the round's
 * participants: a check-in of any other kind, or counts that do not add up, refuse the sheet.
 */
export function participationDisagrees(
  participation: Pick<JournalCount['participation'], 'inPerson' | 'mobile' | 'proxy'>,
  participants: number,
  round: number,
): ValidationIssue | null {
  const { inPerson, proxy, mobile } = participation;
  if (inPerson + proxy + mobile === participants) return null;
  return issue('signature.participationDisagrees', [], { round, inPerson, proxy, mobile, sum: inPerson + proxy + mobile, participants });
}

/** Counts rounds 1…`lastRound` from `documents` (a journal's rebuild). */
export function countFromDocuments(documents: RecoveredDocuments, lastRound: number): Outcome<JournalCount> {
  const pkg = documents.election?.package as ElectionPackage | undefined;
  if (!pkg?.election || !Array.isArray(pkg.roll)) return refuse('signature.recordsIncomplete', { round: lastRound, missing: 'election' });
  const election = pkg.election;
  const registered = pkg.roll.filter((voter) => voter.status === 'registered').length;
  const issuedIn = (round: number): CheckinRecord[] => documents.checkins.filter((c) => c.round === round && c.status === 'issued');
  const rounds: RecountedRound[] = [];
  let previous: CountResult | null = null;
  for (let round = 1; round <= lastRound; round++) {
    const records = documents.countRecords.filter((record) => record.round === round);
    const boxes = records.find((record) => record.kind === 'boxes')?.data as BoxesRecord | undefined;
    if (!boxes) return refuse('signature.recordsIncomplete', { round, missing: 'boxes' });
    const disagreement = boxesCheck(boxes, round, issuedIn(round).length, registered);
    if (disagreement) return { ok: false, issues: [disagreement] };
    const counts = { registeredVoters: registered, participants: boxes.issued, ballotsIssued: boxes.issued, ballotsRecovered: boxes.recovered };
    const verdict = resultFromCounts(election, round, previous, counts);
    if (!verdict.valid) {
      rounds.push({ kind: 'void', round, result: verdict });
      previous = verdict;
      if (round < lastRound) return refuse('signature.recordsDisagree', { round, detail: 'a void round has no round after it' });
      continue;
    }
    const resolutions = new Map<number, Entry>();
    for (const record of records) {
      if (record.kind !== 'resolution') continue;
      const data = record.data as { seq: number; chosen: Entry };
      resolutions.set(data.seq, data.chosen);
    }
    const ballots = documents.ballots.filter((doc) => doc.round === round) as unknown as BallotRecord[];
    const counted = countedBallots(ballots, boxes.doubleEntry, resolutions);
    if (counted.unresolved > 0) return refuse('signature.recordsIncomplete', { round, missing: `${counted.unresolved} unresolved double-entry disagreement(s)` });
    if (counted.ballots.length !== boxes.recovered) return refuse('signature.recordsIncomplete', { round, missing: `${counted.ballots.length} of ${boxes.recovered} ballots` });
    const checked = readCountInput(buildCountInput({ election, round, boxes, ballots: counted.ballots, previous }));
    if (!checked.ok) return checked;
    const result = countRound(checked.value);
    rounds.push({ kind: 'counted', round, input: checked.value, result });
    previous = result;
  }
  // A round that calls a runoff is signed too (RULES §7: each round announced on the spot).
  const last = issuedIn(lastRound);
  const participation = {
    registeredWomen: pkg.roll.filter((voter) => voter.status === 'registered' && voter.gender === 'F').length,
    inPerson: last.filter((c) => c.kind === 'inPerson').length,
    mobile: last.filter((c) => c.kind === 'mobile').length,
    proxy: last.filter((c) => c.kind === 'proxy').length,
  };
  const breakdown = participationDisagrees(participation, previous?.stats.participants ?? 0, lastRound);
  if (breakdown) return { ok: false, issues: [breakdown] };
  return { ok: true, value: { pkg, rounds, participation } };
}

/** Counts rounds 1…`lastRound` from the journal of data folder `dataDir`. */
export function countFromJournal(dataDir: string, lastRound: number): Outcome<JournalCount> {
  return countFromDocuments(documentsFromJournal(readJournalFile(journalPath(dataDir)).lines), lastRound);
}
