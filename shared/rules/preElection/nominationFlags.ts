/**
 * Why a nominee may not (yet) be a formal candidate, or what the office should look at: every
 * nomination is recorded and shown with its flags, never silently dropped (issue 17). Computed
 * from the current records each time, so a member who left the committee, a checklist confirmed
 * or a rival nomination withdrawn changes the flags at once.
 */
import { ageOn, VOTING_AGE } from './age';
import type { PreElectionProfile } from './profile';

export type NominationFlagCode = 'underAge' | 'notOnRoll' | 'inCommittee' | 'duplicate' | 'otherPosition' | 'tooFewSignatures' | 'relative' | 'checklistOpen';

export interface NominationFlag {
  readonly code: NominationFlagCode;
  /** True: the nominee cannot be a formal candidate while this flag stands. */
  readonly refusing: boolean;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface NominationFacts {
  readonly id: string;
  readonly positionId: string;
  readonly idNumber: string;
  readonly name: string;
  readonly birthDate: string;
  readonly kind: 'joint' | 'self';
  readonly signatures: number | null;
  readonly active: boolean;
  readonly confirmedItems: ReadonlySet<string>;
}

export interface FlagContext {
  readonly electionDate: string;
  readonly profile: Pick<PreElectionProfile, 'minJointSignatures' | 'checklist'>;
  /** The nominee's registered (not struck) entry on this community's roll. */
  readonly rollEntry: (idNumber: string) => { readonly household: string } | undefined;
  /** The nominee as a member of the election committee who has not left it. */
  readonly sittingMember: (idNumber: string) => { readonly role: string } | undefined;
}

/**
 * Flags of every nomination of one community, by nomination id (withdrawn ones: none). The
 * nominations are taken in the order given (the order they were made): the first of a person
 * for a position stands, later ones are duplicates.
 */
export function nominationFlags(nominations: readonly NominationFacts[], context: FlagContext): Map<string, NominationFlag[]> {
  const flags = new Map<string, NominationFlag[]>();
  const active = nominations.filter((nomination) => nomination.active);
  const firstFor = new Map<string, NominationFacts>();
  const positionsOf = new Map<string, Set<string>>();
  const householdOf = new Map<string, string>();
  for (const nomination of active) {
    const key = `${nomination.idNumber}\u0000${nomination.positionId}`;
    if (!firstFor.has(key)) firstFor.set(key, nomination);
    const positions = positionsOf.get(nomination.idNumber) ?? new Set<string>();
    positions.add(nomination.positionId);
    positionsOf.set(nomination.idNumber, positions);
    const household = context.rollEntry(nomination.idNumber)?.household ?? '';
    if (household !== '') householdOf.set(nomination.idNumber, household);
  }
  for (const nomination of nominations) {
    const own: NominationFlag[] = [];
    flags.set(nomination.id, own);
    if (!nomination.active) continue;
    const age = ageOn(nomination.birthDate, context.electionDate);
    if (age < VOTING_AGE) own.push({ code: 'underAge', refusing: true, params: { age, minimum: VOTING_AGE } });
    if (context.rollEntry(nomination.idNumber) === undefined) own.push({ code: 'notOnRoll', refusing: true, params: {} });
    const member = context.sittingMember(nomination.idNumber);
    if (member) own.push({ code: 'inCommittee', refusing: true, params: { role: member.role } });
    const first = firstFor.get(`${nomination.idNumber}\u0000${nomination.positionId}`);
    if (first && first.id !== nomination.id) own.push({ code: 'duplicate', refusing: true, params: { first: first.id } });
    const others = [...(positionsOf.get(nomination.idNumber) ?? [])].filter((position) => position !== nomination.positionId);
    if (others.length > 0) own.push({ code: 'otherPosition', refusing: true, params: { positions: others.join('、') } });
    if (nomination.kind === 'joint' && (nomination.signatures ?? 0) < context.profile.minJointSignatures) {
      own.push({ code: 'tooFewSignatures', refusing: true, params: { signatures: nomination.signatures ?? 0, minimum: context.profile.minJointSignatures } });
    }
    const household = householdOf.get(nomination.idNumber);
    if (household !== undefined) {
      const relatives = [...new Set(active.filter((other) => other.idNumber !== nomination.idNumber && householdOf.get(other.idNumber) === household).map((other) => other.name))];
      if (relatives.length > 0) own.push({ code: 'relative', refusing: false, params: { household, names: relatives.join('、') } });
    }
    const open = context.profile.checklist.filter((item) => !nomination.confirmedItems.has(item.id));
    if (open.length > 0) own.push({ code: 'checklistOpen', refusing: true, params: { items: open.map((item) => item.zh).join('、'), itemIds: open.map((item) => item.id).join(',') } });
  }
  return flags;
}

export function isEligible(flags: readonly NominationFlag[]): boolean {
  return flags.every((flag) => !flag.refusing);
}
