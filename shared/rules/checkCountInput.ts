/**
 * The checks on a CountInput that its schema cannot make: counts that add up, unique ballot
 * ids, a round that matches its earlier result, and every mark naming someone on this
 * round's ballot. `checkBallot` is the same check the live count runs on each new ballot.
 */
import { issue, type IssuePath, type ValidationIssue } from '../election/issues';
import { checkNameCharacters, normalizePersonName } from '../election/names';
import { electionRules } from '../election/profile';
import type { Ballot, CountInput } from '../election/schemas';
import { electedThrough, type RoundContext } from './context';

function checkMarkList(
  list: readonly string[] | undefined,
  path: IssuePath,
  allowed: ReadonlySet<string>,
  positionTitle: string,
  issues: ValidationIssue[],
): void {
  const seen = new Set<string>();
  (list ?? []).forEach((person, index) => {
    if (!allowed.has(person)) issues.push(issue('count.unknownCandidate', [...path, index], { candidate: person, position: positionTitle }));
    if (seen.has(person)) issues.push(issue('count.duplicateMark', [...path, index], { candidate: person }));
    seen.add(person);
  });
}

export function checkBallot(context: RoundContext, ballot: Ballot, path: IssuePath): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const marks = ballot.marks ?? {};
  const positionIds = Object.keys(marks);
  if (ballot.status !== 'valid') {
    const marked = positionIds.some((id) => {
      const m = marks[id];
      return (m?.for?.length ?? 0) + (m?.against?.length ?? 0) + (m?.writeIns?.length ?? 0) > 0;
    });
    if (marked) issues.push(issue('count.marksOnInvalidBallot', [...path, 'marks']));
    return issues;
  }
  for (const positionId of positionIds) {
    const here = [...path, 'marks', positionId];
    const position = context.positionById.get(positionId);
    if (!position) {
      const inElection = context.election.positions.some((p) => p.id === positionId);
      issues.push(issue(inElection ? 'count.positionNotInRunoff' : 'count.unknownPosition', here, { position: positionId }));
      continue;
    }
    const m = marks[positionId];
    if (!m) continue;
    checkMarkList(m.for, [...here, 'for'], position.candidateSet, position.title, issues);
    checkMarkList(m.against, [...here, 'against'], position.candidateSet, position.title, issues);
    for (const person of m.for ?? []) {
      if (m.against?.includes(person)) issues.push(issue('count.forAndAgainst', here, { candidate: person }));
    }
    (m.writeIns ?? []).forEach((written, index) => {
      if (normalizePersonName(written) === '') issues.push(issue('count.emptyWriteIn', [...here, 'writeIns', index]));
      issues.push(...checkNameCharacters(written, [...here, 'writeIns', index]));
    });
  }
  return issues;
}

/** Round and earlier result agree; checked before a context can be built. */
export function checkRound(input: CountInput): ValidationIssue[] {
  const previous = input.runoffOf ?? null;
  if (input.round === 1) return previous === null ? [] : [issue('count.runoffOfUnexpected', ['runoffOf'])];
  if (previous === null) return [issue('count.runoffOfMissing', ['runoffOf'], { round: input.round })];
  const issues: ValidationIssue[] = [];
  if (previous.round !== input.round - 1) {
    issues.push(issue('count.runoffRoundMismatch', ['round'], { previous: previous.round, expected: previous.round + 1, round: input.round }));
  }
  // A void round is held again, not run off (RULES §3); runoffs stop after maxRunoffs (§6).
  if (!previous.valid) issues.push(issue('count.runoffOfVoid', ['runoffOf', 'valid']));
  const maxRunoffs = electionRules(input.election).maxRunoffs;
  if (input.round - 1 > maxRunoffs) issues.push(issue('count.tooManyRunoffs', ['round'], { round: input.round, maxRunoffs }));
  if (!previous.runoff || previous.runoff.positions.length === 0) issues.push(issue('count.runoffNotCalled', ['runoffOf', 'runoff']));
  const electedSoFar = electedThrough(previous);
  (previous.runoff?.positions ?? []).forEach((runoff, index) => {
    const position = input.election.positions.find((candidate) => candidate.id === runoff.id);
    if (!position) {
      issues.push(issue('count.runoffUnknownPosition', ['runoffOf', 'runoff', 'positions', index, 'id'], { position: runoff.id }));
      return;
    }
    const filled = electedSoFar[runoff.id]?.length ?? 0;
    if (runoff.seats + filled > position.seats) {
      issues.push(issue('count.runoffSeatsExceed', ['runoffOf', 'runoff', 'positions', index, 'seats'], { position: position.title, runoffSeats: runoff.seats, filled, seats: position.seats }));
    }
  });
  return issues;
}

export function checkCounts(input: CountInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const field of ['registeredVoters', 'participants', 'ballotsIssued', 'ballotsRecovered'] as const) {
    if (input[field] < 0) issues.push(issue('count.negativeCount', [field], { value: input[field] }));
  }
  if (issues.length > 0) return issues;
  if (input.participants > input.registeredVoters) {
    issues.push(issue('count.participantsExceedRegistered', ['participants'], { participants: input.participants, registeredVoters: input.registeredVoters }));
  }
  // One ballot per registered voter and round (a proxy's ballot is the entrusting voter's).
  if (input.ballotsIssued > input.registeredVoters) {
    issues.push(issue('count.issuedExceedRegistered', ['ballotsIssued'], { ballotsIssued: input.ballotsIssued, registeredVoters: input.registeredVoters }));
  }
  if (input.ballots.length !== input.ballotsRecovered) {
    issues.push(issue('count.ballotsLengthMismatch', ['ballots'], { ballotsRecovered: input.ballotsRecovered, ballots: input.ballots.length }));
  }
  return issues;
}

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** The longest mark list `isCleanBallot` checks itself (pairwise); a longer one goes to `checkBallot`. */
const SHORT_LIST = 32;

/** Every name on the list is on this position's ballot, none twice. */
function isCleanMarkList(list: readonly string[] | undefined, allowed: ReadonlySet<string>): boolean {
  if (list === undefined) return true;
  if (list.length > SHORT_LIST) return false;
  for (let i = 0; i < list.length; i++) {
    const person = list[i] as string;
    if (!allowed.has(person)) return false;
    for (let j = 0; j < i; j++) if (list[j] === person) return false;
  }
  return true;
}

/**
 * True only when `checkBallot` would find nothing wrong with this ballot — checked without
 * building a path or an issue, so the recount of 100,000 good ballots stays cheap (issue 19).
 * False means "not sure": `checkBallot` then runs and finds the issues. A write-in is always
 * left to `checkBallot` (its name rules are there, and only there).
 */
export function isCleanBallot(context: RoundContext, ballot: Ballot): boolean {
  const marks = ballot.marks;
  if (marks === undefined || marks === null) return true;
  const valid = ballot.status === 'valid';
  for (const positionId in marks) {
    if (!hasOwn(marks, positionId)) continue;
    const m = marks[positionId];
    if (!valid) {
      if ((m?.for?.length ?? 0) + (m?.against?.length ?? 0) + (m?.writeIns?.length ?? 0) > 0) return false;
      continue;
    }
    const position = context.positionById.get(positionId);
    if (!position) return false;
    if (!m) continue;
    if ((m.writeIns?.length ?? 0) > 0) return false;
    if (!isCleanMarkList(m.for, position.candidateSet) || !isCleanMarkList(m.against, position.candidateSet)) return false;
    const against = m.against;
    if (m.for !== undefined && against !== undefined && against.length > 0) {
      for (const person of m.for) if (against.includes(person)) return false;
    }
  }
  return true;
}

export function checkBallots(context: RoundContext, ballots: readonly Ballot[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  for (let index = 0; index < ballots.length; index++) {
    const ballot = ballots[index] as Ballot;
    if (ids.has(ballot.id)) issues.push(issue('count.duplicateBallotId', ['ballots', index, 'id'], { id: ballot.id }));
    ids.add(ballot.id);
    if (isCleanBallot(context, ballot)) continue;
    for (const found of checkBallot(context, ballot, ['ballots', index])) issues.push(found);
  }
  return issues;
}
