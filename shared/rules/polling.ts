/**
 * Polling-day rules (RULES.md §2): who may receive a ballot, proxies, mobile boxes, the
 * ballot account at the close, and the staff of a station. Pure: callers pass the records.
 */
import { issue, type ValidationIssue } from '../election/issues';
import { LIMITS } from '../election/limits';
import { checkNameCharacters, normalizePersonName } from '../election/names';
import { electionRules } from '../election/profile';
import type { ElectionDefinition, Voter } from '../election/schemas';
import type { CheckinRecord, MobileTripRecord, Relationship, StationSetup } from '../station/records';
import { turnoutNeeded } from './decide';

/** Ballots issued in a round: every check-in that was not undone. */
export function issuedCount(checkins: readonly CheckinRecord[], round: number): number {
  return checkins.filter((checkin) => checkin.round === round && checkin.status === 'issued').length;
}

export function checkIssueBallot(voter: Voter | undefined, existing: CheckinRecord | undefined): ValidationIssue[] {
  if (!voter) return [issue('checkin.unknownVoter', [])];
  if (voter.status === 'struck') return [issue('checkin.voterStruck', [], { reason: voter.struckReason ?? '—' })];
  if (existing && existing.status === 'issued') {
    return [issue('checkin.alreadyIssued', [], { name: voter.name, at: existing.issuedAt, desk: existing.desk, clerk: existing.clerk })];
  }
  return [];
}

/**
 * Whether a roll entry is one of the candidates. The roll and the candidate list are separate
 * documents without a shared id, so a voter is taken to be a candidate when name and gender
 * match (and the birth year, where the package gives it).
 */
export function isCandidateVoter(election: ElectionDefinition, voter: Voter): boolean {
  const birthYear = Number(voter.birthDate.slice(0, 4));
  return election.positions.some((position) =>
    position.candidates.some(
      (candidate) =>
        normalizePersonName(candidate.name) === normalizePersonName(voter.name) &&
        candidate.gender === voter.gender &&
        (candidate.birthYear === undefined || candidate.birthYear === birthYear),
    ),
  );
}

export interface ProxyRequest {
  readonly election: ElectionDefinition;
  readonly entrusting: Voter | undefined;
  readonly holder: Voter | undefined;
  readonly formNumber: string;
  readonly relationship: Relationship;
  /** Proxies the holder already holds this round. */
  readonly heldByHolder: number;
  /** The holder has entrusted their own vote to someone. */
  readonly holderHasEntrusted: boolean;
  /** The entrusting voter already holds proxies for others. */
  readonly entrustingHoldsProxies: boolean;
  readonly entrustingCheckin: CheckinRecord | undefined;
}

export function checkProxy(request: ProxyRequest): ValidationIssue[] {
  const { election, entrusting, holder } = request;
  const rules = electionRules(election);
  if (election.method === 'representative') return [issue('proxy.notInRepresentativeMode', [])];
  const entrustingIssues = checkIssueBallot(entrusting, request.entrustingCheckin);
  if (entrustingIssues.length > 0 || !entrusting) return entrustingIssues;
  if (!holder || holder.status !== 'registered') return [issue('proxy.holderAbsent', ['holder'], { name: holder?.name ?? '—' })];
  const issues: ValidationIssue[] = [];
  if (holder.id === entrusting.id) issues.push(issue('proxy.selfEntrust', ['holder']));
  if (request.formNumber.trim() === '') issues.push(issue('proxy.formNumberMissing', ['formNumber']));
  if (isCandidateVoter(election, holder)) issues.push(issue('proxy.holderIsCandidate', ['holder'], { name: holder.name }));
  if (request.heldByHolder >= rules.maxProxiesPerHolder) {
    issues.push(issue('proxy.holderFull', ['holder'], { name: holder.name, count: request.heldByHolder, max: rules.maxProxiesPerHolder }));
  }
  if (request.holderHasEntrusted) issues.push(issue('proxy.holderEntrusted', ['holder'], { name: holder.name }));
  if (request.entrustingHoldsProxies) issues.push(issue('proxy.entrustingIsHolder', ['entrusting'], { name: entrusting.name }));
  if (rules.proxyHolders === 'closeRelatives' && request.relationship === 'other') {
    issues.push(issue('proxy.notCloseRelative', ['relationship']));
  }
  return issues;
}

/** The ballot stock as it stands: what left the stock, what is out with a mobile box, what is left. */
export interface BallotAccount {
  readonly stock: number;
  readonly issued: number;
  readonly spoiled: number;
  /** Ballots carried by mobile boxes still out, not yet issued to a voter. */
  readonly withMobileBoxes: number;
  readonly left: number;
}

export function ballotAccount(args: {
  readonly stock: number;
  readonly issued: number;
  readonly spoiled: number;
  readonly trips: readonly MobileTripRecord[];
  readonly servedByTrip: ReadonlyMap<string, number>;
}): BallotAccount {
  const withMobileBoxes = args.trips
    .filter((trip) => trip.status === 'out')
    .reduce((sum, trip) => sum + Math.max(0, trip.ballotsOut - (args.servedByTrip.get(trip.id) ?? 0)), 0);
  return {
    stock: args.stock,
    issued: args.issued,
    spoiled: args.spoiled,
    withMobileBoxes,
    left: args.stock - args.issued - args.spoiled - withMobileBoxes,
  };
}

export function checkTripDeparture(election: ElectionDefinition, staff: readonly string[], ballotsOut: number, stockLeft: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const min = electionRules(election).mobileBoxStaff;
  const named = new Set(staff.map((name) => name.trim()).filter((name) => name !== ''));
  if (named.size < min) issues.push(issue('trip.tooFewStaff', ['staff'], { min }));
  if (!Number.isInteger(ballotsOut) || ballotsOut < 1 || ballotsOut > stockLeft) issues.push(issue('trip.ballotsOut', ['ballotsOut'], { max: stockLeft }));
  return issues;
}

/** At the return every ballot taken out is either with a served voter or brought back unused. */
export function checkTripReturn(trip: MobileTripRecord, served: number, ballotsBack: number): ValidationIssue[] {
  if (trip.status !== 'out') return [issue('trip.notOut', [])];
  const difference = served + ballotsBack - trip.ballotsOut;
  if (!Number.isInteger(ballotsBack) || ballotsBack < 0 || difference !== 0) {
    return [issue('trip.returnMismatch', ['ballotsBack'], { out: trip.ballotsOut, served, back: ballotsBack, difference, ...gapParams(difference) })];
  }
  return [];
}

/**
 * A count against what it should be, in people's words: 多 1 张 / 少 1 张, never 差 -1 张
 * (`gapSide` is worded by the message catalogue's paramLabels).
 */
export function gapParams(difference: number): { readonly gap: number; readonly gapSide: 'over' | 'short' } {
  return { gap: Math.abs(difference), gapSide: difference > 0 ? 'over' : 'short' };
}

/** RULES §2: issued + spoiled + unused = stock, or the difference is explained and signed off. */
export function reconciliationDifference(stock: number, issued: number, spoiled: number, unused: number): number {
  return issued + spoiled + unused - stock;
}

export function checkReconciliation(args: {
  readonly difference: number;
  readonly explanation?: string | undefined;
  readonly signedOffBy?: string | undefined;
  readonly chiefScrutineer: string;
}): ValidationIssue[] {
  if (args.difference === 0) return [];
  if (!args.explanation?.trim() || !args.signedOffBy?.trim()) {
    return [issue('reconcile.needsSignOff', [], { difference: args.difference, ...gapParams(args.difference) })];
  }
  if (args.signedOffBy.trim() !== args.chiefScrutineer.trim()) {
    return [issue('reconcile.signOffNotChief', ['signedOffBy'], { chief: args.chiefScrutineer })];
  }
  return [];
}

export type SetupRole = 'chair' | 'chiefScrutineer' | 'scrutineers' | 'callers' | 'recorders' | 'checkinClerks';

export interface SetupCheck {
  readonly errors: ValidationIssue[];
  /** Not blocking: the committee decides (a namesake is not necessarily the candidate). */
  readonly warnings: ValidationIssue[];
}

/** RULES §2 staff: at least 3 staff, at least 2 监票人; counting roles not held by candidates. */
export function checkSetup(setup: StationSetup, election: ElectionDefinition): SetupCheck {
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const clean = (names: readonly string[]) => names.map((name) => name.trim()).filter((name) => name !== '');
  const roles: Record<SetupRole, string[]> = {
    chair: clean([setup.chair]),
    chiefScrutineer: clean([setup.chiefScrutineer]),
    scrutineers: clean(setup.scrutineers),
    callers: clean(setup.callers),
    recorders: clean(setup.recorders),
    checkinClerks: clean(setup.checkinClerks),
  };
  for (const role of Object.keys(roles) as SetupRole[]) {
    if (roles[role].length === 0) errors.push(issue('setup.missingRole', [role], { role }));
  }
  const staff = new Set(Object.values(roles).flat());
  if (staff.size < 3) errors.push(issue('setup.tooFewStaff', [], { count: staff.size }));
  const scrutineers = new Set([...roles.chiefScrutineer, ...roles.scrutineers]);
  if (scrutineers.size < 2) errors.push(issue('setup.tooFewScrutineers', ['scrutineers'], { count: scrutineers.size }));
  if (!Number.isInteger(setup.ballotStock) || setup.ballotStock < 1) errors.push(issue('setup.ballotStock', ['ballotStock']));
  else if (setup.ballotStock > LIMITS.count) errors.push(issue('schema.tooBig', ['ballotStock'], { maximum: LIMITS.count }));
  if (!setup.emptyBoxCheckedBy.trim()) errors.push(issue('setup.emptyBoxNotChecked', ['emptyBoxCheckedBy']));
  // A staff name goes on the sheets: no invisible or direction-changing characters in it.
  for (const key of ['chair', 'chiefScrutineer', 'emptyBoxCheckedBy'] as const) errors.push(...checkNameCharacters(setup[key], [key]));
  for (const key of ['scrutineers', 'callers', 'recorders', 'checkinClerks'] as const) {
    setup[key].forEach((name, index) => errors.push(...checkNameCharacters(name, [key, index])));
  }

  const candidateNames = new Set(election.positions.flatMap((position) => position.candidates.map((candidate) => normalizePersonName(candidate.name))));
  for (const role of ['chiefScrutineer', 'scrutineers', 'callers', 'recorders'] as const) {
    for (const name of roles[role]) {
      if (candidateNames.has(normalizePersonName(name))) warnings.push(issue('setup.candidateInCountingRole', [role], { role, name }));
    }
  }
  return { errors, warnings };
}

/** Turnout in percent of the registered voters, one decimal. */
export function turnoutPercent(participants: number, registered: number): number {
  return registered > 0 ? Math.round((participants / registered) * 1000) / 10 : 0;
}

/** What a clerk is told before closing the polls: the close is allowed, but the round will not stand as it is. */
export type CloseWarning =
  /** §3: too few took part — the round will be invalid (选举无效). */
  | { readonly kind: 'turnout'; readonly participants: number; readonly registered: number; readonly needed: number }
  /** Mobile boxes still out: their ballots and the voters they served are not back. */
  | { readonly kind: 'tripsOut'; readonly trips: number; readonly ballotsOut: number };

/**
 * The warnings before the polls close (RULES §3 turnout, decided by `turnoutNeeded` — the same
 * rule the count applies; mobile boxes not returned). Empty when the close is unremarkable.
 */
export function closePollsWarnings(args: {
  readonly election: ElectionDefinition;
  readonly round: number;
  readonly participants: number;
  /** Null when not known (the count holds it from the boxes' opening on): no turnout warning. */
  readonly registeredVoters: number | null;
  readonly trips: readonly MobileTripRecord[];
}): CloseWarning[] {
  const warnings: CloseWarning[] = [];
  if (args.registeredVoters !== null) {
    const needed = turnoutNeeded({ election: args.election, rules: electionRules(args.election), isRunoff: args.round > 1 }, args.registeredVoters);
    if (args.participants < needed) warnings.push({ kind: 'turnout', participants: args.participants, registered: args.registeredVoters, needed });
  }
  const out = args.trips.filter((trip) => trip.round === args.round && trip.status === 'out');
  if (out.length > 0) warnings.push({ kind: 'tripsOut', trips: out.length, ballotsOut: out.reduce((sum, trip) => sum + trip.ballotsOut, 0) });
  return warnings;
}
