/**
 * From a round's totals to its CountResult: validity of the round (RULES.md §3), who is
 * elected (§5), the women rule (§1), and the runoff the round calls (§6).
 */
import { FORMAT, type CountResult, type Notice, type PositionResult, type RunoffPosition, type Tally, type WomenRuleOutcome } from '../election/schemas';
import type { PersonKey, PositionContext, RoundContext } from './context';
import { compareByVotes } from './order';
import type { PositionTotals, RoundTotals } from './totals';

export interface RoundCounts {
  readonly registeredVoters: number;
  readonly participants: number;
  readonly ballotsIssued: number;
  readonly ballotsRecovered: number;
}

export type VoidReason = NonNullable<CountResult['voidReason']>;

/**
 * §3 turnout: the fewest participants that make a round valid — more than half of the registered
 * voters (representative mode: more than two thirds), or 0 in a runoff the rules exempt.
 */
export function turnoutNeeded(context: Pick<RoundContext, 'election' | 'rules' | 'isRunoff'>, registeredVoters: number): number {
  if (context.isRunoff && !context.rules.runoffTurnoutRule) return 0;
  return context.election.method === 'representative' ? Math.floor((registeredVoters * 2) / 3) + 1 : Math.floor(registeredVoters / 2) + 1;
}

/** §3: more than half (representative mode: two thirds) took part, and no box holds more ballots than were issued. */
export function roundVoidReason(context: RoundContext, counts: RoundCounts): VoidReason | null {
  if (counts.participants < turnoutNeeded(context, counts.registeredVoters)) return 'turnout';
  if (counts.ballotsRecovered > counts.ballotsIssued) return 'recoveredExceedsIssued';
  return null;
}

/** §5/§6: the smallest number of votes that wins in this round. */
export function roundThreshold(context: RoundContext, counts: RoundCounts): number {
  const base = context.rules.majorityBase === 'issued' ? counts.ballotsIssued : counts.ballotsRecovered;
  if (context.isRunoff && context.rules.runoffThreshold === 'oneThird') return Math.max(1, Math.ceil(base / 3));
  return Math.floor(base / 2) + 1;
}

function buildTallies(context: RoundContext, position: PositionContext, totals: PositionTotals, validBallots: number): Tally[] {
  const validSections = validBallots - totals.invalidSections;
  const rows: Tally[] = [];
  for (const person of position.candidates) {
    const votesFor = totals.forVotes.get(person) ?? 0;
    const against = totals.againstVotes.get(person) ?? 0;
    rows.push({ person, name: context.nameOf(person), candidate: true, for: votesFor, against, abstain: validSections - votesFor - against });
  }
  for (const [person, votesFor] of totals.forVotes) {
    if (!position.candidateSet.has(person)) rows.push({ person, name: context.nameOf(person), candidate: false, for: votesFor });
  }
  return rows.sort(compareByVotes);
}

interface Fill {
  readonly elected: Tally[];
  reservedForWomen: number;
  womenRuleOutcome: WomenRuleOutcome | null;
}

/** Seats by votes among the eligible (sorted); a tie across the last seat elects none of the tied. */
export function fillSeats(eligible: readonly Tally[], seats: number): Tally[] {
  if (seats <= 0) return [];
  if (eligible.length <= seats) return [...eligible];
  const last = eligible[seats - 1];
  const next = eligible[seats];
  if (last && next && last.for === next.for) return eligible.filter((row) => row.for > last.for);
  return eligible.slice(0, seats);
}

/** The first `count` of a sorted list, and everyone tied with the last of them. */
function cutWithTies(sorted: readonly Tally[], count: number): Tally[] {
  if (sorted.length <= count) return [...sorted];
  const last = sorted[count - 1];
  if (!last) return [];
  return sorted.filter((row, index) => index < count || row.for === last.for);
}

function mayTakeSeat(context: RoundContext, position: PositionContext, person: PersonKey): boolean {
  // A write-in's gender is unknown until the qualification check (资格审查): not excluded here.
  return !position.womenOnly || context.genderOf(person) !== 'M';
}

export function decideRound(context: RoundContext, totals: RoundTotals, counts: RoundCounts): CountResult {
  const stats = {
    registeredVoters: counts.registeredVoters,
    participants: counts.participants,
    ballotsIssued: counts.ballotsIssued,
    ballotsRecovered: counts.ballotsRecovered,
    validBallots: totals.validBallots,
    invalidBallots: totals.invalidBallots,
  };
  const voidReason = roundVoidReason(context, counts);
  const threshold = roundThreshold(context, counts);
  const tallies = context.positions.map((position) =>
    buildTallies(context, position, totals.positions[position.index] ?? emptyPositionTotals(), totals.validBallots),
  );

  if (voidReason !== null) {
    return {
      format: FORMAT.countResult,
      round: context.round,
      valid: false,
      voidReason,
      stats,
      positions: context.positions.map((position) => ({
        id: position.id,
        title: position.title,
        seats: position.seats,
        threshold,
        invalidSections: totals.positions[position.index]?.invalidSections ?? 0,
        tallies: tallies[position.index] ?? [],
        elected: [],
        unfilled: position.seats,
        pendingQualification: [],
        womenRuleOutcome: null,
      })),
      runoff: null,
      notices: [],
      ...earlierRounds(context),
    };
  }

  const elected = new Set<PersonKey>(context.electedBefore);
  const eligibleFor = (position: PositionContext): Tally[] =>
    (tallies[position.index] ?? []).filter(
      (row) => row.for >= threshold && !elected.has(row.person) && mayTakeSeat(context, position, row.person),
    );

  // §5: positions in rank order; a person elected higher is not considered lower down.
  const fills: Fill[] = context.positions.map((position) => {
    const chosen = fillSeats(eligibleFor(position), position.seats);
    for (const row of chosen) elected.add(row.person);
    return { elected: chosen, reservedForWomen: 0, womenRuleOutcome: null };
  });

  applyWomenReserve(context, tallies, fills, elected, eligibleFor);

  const positions: PositionResult[] = context.positions.map((position) => {
    const fill = fills[position.index] as Fill;
    const electedPersons = [...fill.elected].sort(compareByVotes).map((row) => row.person);
    return {
      id: position.id,
      title: position.title,
      seats: position.seats,
      threshold,
      invalidSections: totals.positions[position.index]?.invalidSections ?? 0,
      tallies: tallies[position.index] ?? [],
      elected: electedPersons,
      unfilled: position.seats - electedPersons.length,
      pendingQualification: electedPersons.filter((person) => !context.candidatePersons.has(person)),
      womenRuleOutcome: fill.womenRuleOutcome,
    };
  });

  const runoffPositions = callRunoff(context, positions, fills, elected);
  const runoff = runoffPositions.length > 0 ? { positions: runoffPositions } : null;
  return {
    format: FORMAT.countResult,
    round: context.round,
    valid: true,
    voidReason: null,
    stats,
    positions,
    runoff,
    notices: runoff === null ? finalNotices(context, positions) : [],
    ...earlierRounds(context),
  };
}

/** A runoff's result carries who the rounds before it elected (round 1's has nothing to carry). */
function earlierRounds(context: RoundContext): Pick<CountResult, 'electedInEarlierRounds'> {
  if (!context.isRunoff) return {};
  return { electedInEarlierRounds: Object.fromEntries(Object.entries(context.electedEarlier).map(([positionId, persons]) => [positionId, [...persons]])) };
}

function emptyPositionTotals(): PositionTotals {
  return { forVotes: new Map(), againstVotes: new Map(), invalidSections: 0 };
}

/**
 * §1 `reserve`: when no woman is elected to any position (earlier rounds included), the
 * 委员 position is filled again with one seat for a woman first — the woman candidate of the
 * position with the most votes over the threshold takes it — and its other seats by votes.
 * When no woman candidate passed the threshold (or the top ones tie), that seat is held for a
 * women-only runoff.
 */
function applyWomenReserve(
  context: RoundContext,
  tallies: readonly Tally[][],
  fills: Fill[],
  elected: Set<PersonKey>,
  eligibleFor: (position: PositionContext) => Tally[],
): void {
  if (context.rules.womenRule !== 'reserve') return;
  const isWoman = (person: PersonKey): boolean => context.genderOf(person) === 'F';
  if ([...elected].some(isWoman)) return;
  const members = context.positionById.get(context.membersPositionId);
  if (!members || members.womenOnly) return;
  const fill = fills[members.index] as Fill;

  for (const row of fill.elected) elected.delete(row.person);
  const eligible = eligibleFor(members);
  // "the woman candidate of that position": a woman written in there (a candidate of another
  // position) does not take the reserved seat, though she may win an open one by votes.
  const womanCandidate = (person: PersonKey): boolean => isWoman(person) && members.candidateSet.has(person);
  const women = eligible.filter((row) => womanCandidate(row.person));
  const womenOnList = (tallies[members.index] ?? []).some((row) => womanCandidate(row.person) && !elected.has(row.person));

  let chosen: Tally[];
  if (!womenOnList) {
    chosen = fill.elected;
    fill.womenRuleOutcome = 'noWomanCandidate';
  } else {
    const top = women[0];
    const tiedTop = top ? women.filter((row) => row.for === top.for) : [];
    if (top && tiedTop.length === 1) {
      chosen = [top, ...fillSeats(eligible.filter((row) => row !== top), members.seats - 1)];
      fill.womenRuleOutcome = 'womanTookSeat';
    } else {
      chosen = fillSeats(eligible.filter((row) => !tiedTop.includes(row)), members.seats - 1);
      fill.reservedForWomen = 1;
      fill.womenRuleOutcome = 'seatHeldForWomen';
    }
  }
  fill.elected.splice(0, fill.elected.length, ...chosen);
  for (const row of chosen) elected.add(row.person);
}

/** §6: for each position with empty seats, the not-yet-elected with most votes, one more than the empty seats, ties at the cut included. */
function callRunoff(
  context: RoundContext,
  positions: readonly PositionResult[],
  fills: readonly Fill[],
  elected: ReadonlySet<PersonKey>,
): RunoffPosition[] {
  const runoffsHeld = context.round - 1;
  if (runoffsHeld >= context.rules.maxRunoffs) return [];
  const extra = context.rules.runoffExtraCandidates;
  const called: RunoffPosition[] = [];
  for (const position of context.positions) {
    const result = positions[position.index];
    const fill = fills[position.index];
    if (!result || !fill || result.unfilled <= 0) continue;
    const pool = result.tallies.filter((row) => !elected.has(row.person) && mayTakeSeat(context, position, row.person));
    const women = pool.filter((row) => context.genderOf(row.person) === 'F');
    const held = fill.reservedForWomen;
    let candidates: Tally[];
    let womenOnly = position.womenOnly;
    if (held > 0 && result.unfilled === held) {
      womenOnly = true;
      candidates = cutWithTies(women, result.unfilled + extra);
    } else if (held > 0) {
      const open = cutWithTies(pool, result.unfilled + extra);
      candidates = [...open, ...cutWithTies(women, held + extra).filter((row) => !open.includes(row))];
    } else {
      candidates = cutWithTies(womenOnly ? women : pool, result.unfilled + extra);
    }
    if (candidates.length === 0) continue;
    const entry: RunoffPosition = {
      id: position.id,
      seats: result.unfilled,
      candidates: candidates.sort(compareByVotes).map((row) => row.person),
      womenOnly,
    };
    called.push(held > 0 && !womenOnly ? { ...entry, reservedForWomen: held } : entry);
  }
  return called;
}

/** What the final result must say about empty seats (§6) and the women rule (§1). */
function finalNotices(context: RoundContext, positions: readonly PositionResult[]): Notice[] {
  const electedByPosition = new Map<string, number>();
  for (const [positionId, persons] of Object.entries(context.electedEarlier)) electedByPosition.set(positionId, persons.length);
  for (const position of positions) electedByPosition.set(position.id, (electedByPosition.get(position.id) ?? 0) + position.elected.length);

  const byRank = [...context.election.positions].sort((a, b) => a.rank - b.rank);
  const notices: Notice[] = [];
  const [chair, vice] = byRank;
  if (chair && (electedByPosition.get(chair.id) ?? 0) < chair.seats) {
    notices.push(vice && (electedByPosition.get(vice.id) ?? 0) > 0 ? 'chairVacantVicePresides' : 'chairAndViceVacant');
  }
  const totalSeats = byRank.reduce((sum, position) => sum + position.seats, 0);
  const totalElected = [...electedByPosition.values()].reduce((sum, n) => sum + n, 0);
  const minMembers = context.rules.minMembersForVacancy;
  if (minMembers !== null && totalElected < totalSeats && totalElected < minMembers) notices.push('belowMinMembersForVacancy');
  if (context.rules.womenRule === 'reserve') {
    const everyone = new Set<PersonKey>(context.electedBefore);
    for (const position of positions) for (const person of position.elected) everyone.add(person);
    if (![...everyone].some((person) => context.genderOf(person) === 'F')) notices.push('noWomanElected');
  }
  return notices;
}
