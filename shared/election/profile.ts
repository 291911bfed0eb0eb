/**
 * The rules profile carried by an election package (RULES.md, "(profile)" points).
 * Every omitted key takes the national default; nothing else in the code may assume a value.
 */
import type { ElectionDefinition, RulesInput } from './schemas';

export interface RulesProfile {
  readonly overvoteScope: 'position' | 'ballot';
  readonly majorityBase: 'recovered' | 'issued';
  readonly womenRule: 'reserve' | 'dedicated' | 'none';
  readonly runoffThreshold: 'oneThird' | 'majority';
  readonly runoffExtraCandidates: number;
  readonly maxRunoffs: number;
  readonly runoffTurnoutRule: boolean;
  readonly samePersonTwoPositions: 'higher' | 'void-both';
  readonly maxProxiesPerHolder: number;
  readonly proxyHolders: 'anyVoter' | 'closeRelatives';
  readonly mobileBoxStaff: number;
  readonly mobileBoxOvercount: 'voidBox' | 'none';
  /** Vacancies after the last runoff are acceptable only once this many members are elected (四川: 5). */
  readonly minMembersForVacancy: number | null;
  /** Per position id; a position not listed needs one more candidate than seats. */
  readonly minExtraCandidates: Readonly<Record<string, number>>;
  /**
   * Per position id, the most candidates beyond the seats; a position not listed has no limit,
   * except the 委员 position (the lowest-ranked), which may have at most 3 more (RULES §1).
   */
  readonly maxExtraCandidates: Readonly<Record<string, number>>;
  /** Seats of the whole committee: 居委会 5–9 (村委会 3–7). */
  readonly committeeSize: { readonly min: number; readonly max: number };
}

export const DEFAULT_RULES: RulesProfile = {
  overvoteScope: 'position',
  majorityBase: 'recovered',
  womenRule: 'reserve',
  runoffThreshold: 'oneThird',
  runoffExtraCandidates: 1,
  maxRunoffs: 1,
  runoffTurnoutRule: true,
  samePersonTwoPositions: 'higher',
  maxProxiesPerHolder: 3,
  proxyHolders: 'anyVoter',
  mobileBoxStaff: 3,
  mobileBoxOvercount: 'voidBox',
  minMembersForVacancy: null,
  minExtraCandidates: {},
  maxExtraCandidates: {},
  committeeSize: { min: 5, max: 9 },
};

export const DEFAULT_MIN_EXTRA_CANDIDATES = 1;
/** 委员: "one to three more" candidates than seats (RULES §1). */
export const DEFAULT_MAX_EXTRA_MEMBER_CANDIDATES = 3;

export function resolveRules(rules: RulesInput | undefined): RulesProfile {
  const given = rules ?? {};
  return {
    overvoteScope: given.overvoteScope ?? DEFAULT_RULES.overvoteScope,
    majorityBase: given.majorityBase ?? DEFAULT_RULES.majorityBase,
    womenRule: given.womenRule ?? DEFAULT_RULES.womenRule,
    runoffThreshold: given.runoffThreshold ?? DEFAULT_RULES.runoffThreshold,
    runoffExtraCandidates: given.runoffExtraCandidates ?? DEFAULT_RULES.runoffExtraCandidates,
    maxRunoffs: given.maxRunoffs ?? DEFAULT_RULES.maxRunoffs,
    runoffTurnoutRule: given.runoffTurnoutRule ?? DEFAULT_RULES.runoffTurnoutRule,
    samePersonTwoPositions: given.samePersonTwoPositions ?? DEFAULT_RULES.samePersonTwoPositions,
    maxProxiesPerHolder: given.maxProxiesPerHolder ?? DEFAULT_RULES.maxProxiesPerHolder,
    proxyHolders: given.proxyHolders ?? DEFAULT_RULES.proxyHolders,
    mobileBoxStaff: given.mobileBoxStaff ?? DEFAULT_RULES.mobileBoxStaff,
    mobileBoxOvercount: given.mobileBoxOvercount ?? DEFAULT_RULES.mobileBoxOvercount,
    minMembersForVacancy: given.minMembersForVacancy ?? DEFAULT_RULES.minMembersForVacancy,
    minExtraCandidates: given.minExtraCandidates ?? DEFAULT_RULES.minExtraCandidates,
    maxExtraCandidates: given.maxExtraCandidates ?? DEFAULT_RULES.maxExtraCandidates,
    committeeSize: given.committeeSize ?? DEFAULT_RULES.committeeSize,
  };
}

export function electionRules(election: ElectionDefinition): RulesProfile {
  return resolveRules(election.rules);
}

// Own properties only: a position id like "constructor" must not find Object.prototype's.
export function minExtraCandidatesFor(profile: RulesProfile, positionId: string): number {
  return Object.hasOwn(profile.minExtraCandidates, positionId) ? (profile.minExtraCandidates[positionId] as number) : DEFAULT_MIN_EXTRA_CANDIDATES;
}

/** The most candidates beyond the seats `positionId` may have, or null for no limit. */
export function maxExtraCandidatesFor(profile: RulesProfile, positionId: string, isMembersPosition: boolean): number | null {
  if (Object.hasOwn(profile.maxExtraCandidates, positionId)) return profile.maxExtraCandidates[positionId] as number;
  return isMembersPosition ? DEFAULT_MAX_EXTRA_MEMBER_CANDIDATES : null;
}
