/** Nomination flags, the 差额 range and the primary decided by the count's seat filling. */
import { describe, expect, it } from 'vitest';
import { resolveRules } from '../../../../shared/election/profile';
import { candidateRange, decidePrimary, primaryNeeded, withinRange } from '../../../../shared/rules/preElection/candidates';
import { isEligible, nominationFlags, type NominationFacts } from '../../../../shared/rules/preElection/nominationFlags';
import { resolvePreElectionProfile } from '../../../../shared/rules/preElection/profile';

const profile = resolvePreElectionProfile({ minJointSignatures: 10, checklist: [{ id: 'record', zh: '近五年无违法犯罪记录', en: 'no record in five years' }] });
const all = new Set(['record']);
const nomination = (id: string, over: Partial<NominationFacts> = {}): NominationFacts => ({
  id,
  positionId: 'member',
  idNumber: `ID-${id}`,
  name: `名${id}`,
  birthDate: '1980-01-01',
  kind: 'self',
  signatures: null,
  active: true,
  confirmedItems: all,
  ...over,
});
const roll = new Map<string, { household: string }>([
  ['ID-a', { household: 'H1' }],
  ['ID-b', { household: 'H1' }],
  ['ID-c', { household: 'H2' }],
  ['ID-young', { household: 'H3' }],
  ['ID-member', { household: 'H4' }],
]);

describe('nomination flags', () => {
  const flagsOf = (nominations: NominationFacts[], sitting: Set<string> = new Set()) =>
    nominationFlags(nominations, {
      electionDate: '2027-03-21',
      profile,
      rollEntry: (idNumber) => roll.get(idNumber),
      sittingMember: (idNumber) => (sitting.has(idNumber) ? { role: 'member' } : undefined),
    });

  it('flags relatives (same household) without refusing them', () => {
    const flags = flagsOf([nomination('a'), nomination('b'), nomination('c')]);
    expect(flags.get('a')).toEqual([{ code: 'relative', refusing: false, params: { household: 'H1', names: '名b' } }]);
    expect(isEligible(flags.get('a')!)).toBe(true);
    expect(flags.get('c')).toEqual([]);
  });

  it('refuses under 18 on election day, not on the roll, a sitting committee member, and too few signatures', () => {
    const flags = flagsOf(
      [
        nomination('young', { birthDate: '2009-03-22' }),
        nomination('stranger'),
        nomination('member'),
        nomination('c', { kind: 'joint', signatures: 9 }),
      ],
      new Set(['ID-member']),
    );
    expect(flags.get('young')!.map((flag) => flag.code)).toEqual(['underAge']);
    expect(flags.get('young')![0]!.params).toEqual({ age: 17, minimum: 18 });
    expect(flags.get('stranger')!.map((flag) => flag.code)).toEqual(['notOnRoll']);
    expect(flags.get('member')!.map((flag) => flag.code)).toEqual(['inCommittee']);
    expect(flags.get('c')).toEqual([{ code: 'tooFewSignatures', refusing: true, params: { signatures: 9, minimum: 10 } }]);
    for (const id of ['young', 'stranger', 'member', 'c']) expect(isEligible(flags.get(id)!)).toBe(false);
    // The member left the committee: no longer refused.
    expect(flagsOf([nomination('member')]).get('member')).toEqual([]);
  });

  it('keeps the first of a duplicate, refuses two positions until one is withdrawn, and an unconfirmed checklist', () => {
    const flags = flagsOf([nomination('c'), nomination('c2', { idNumber: 'ID-c' }), nomination('c3', { idNumber: 'ID-c', positionId: 'chair' }), nomination('a', { confirmedItems: new Set() })]);
    expect(flags.get('c2')!.map((flag) => flag.code)).toEqual(['duplicate', 'otherPosition']);
    expect(flags.get('c')!.map((flag) => flag.code)).toEqual(['otherPosition']);
    expect(flags.get('a')!.map((flag) => flag.code)).toEqual(['checklistOpen']);
    expect(flags.get('a')![0]!.params).toMatchObject({ items: '近五年无违法犯罪记录', itemIds: 'record' });
    const withdrawn = flagsOf([nomination('c'), nomination('c3', { idNumber: 'ID-c', positionId: 'chair', active: false })]);
    expect(withdrawn.get('c')).toEqual([]);
    expect(withdrawn.get('c3')).toEqual([]);
  });
});

describe('差额 and the primary', () => {
  const positions = [
    { id: 'chair', rank: 1, seats: 1 },
    { id: 'member', rank: 3, seats: 3 },
  ];
  it('gives 主任 at least one more candidate and 委员 one to three more (profile)', () => {
    const rules = resolveRules(undefined);
    expect(candidateRange(positions[0]!, positions, rules)).toEqual({ min: 2, max: null });
    expect(candidateRange(positions[1]!, positions, rules)).toEqual({ min: 4, max: 6 });
    expect(candidateRange(positions[0]!, positions, resolveRules({ maxExtraCandidates: { chair: 1 } }))).toEqual({ min: 2, max: 2 });
    expect(withinRange(7, { min: 4, max: 6 })).toBe(false);
    expect(withinRange(5, { min: 4, max: 6 })).toBe(true);
    expect(primaryNeeded(6, 5)).toBe(true);
    expect(primaryNeeded(5, 5)).toBe(false);
  });

  it('advances the most votes; a tie across the last place advances none of the tied', () => {
    const votes = [
      { nominationId: 'n1', name: '王一', votes: 40 },
      { nominationId: 'n2', name: '李二', votes: 55 },
      { nominationId: 'n3', name: '张三', votes: 30 },
      { nominationId: 'n4', name: '赵四', votes: 30 },
    ];
    expect(decidePrimary(votes, 2)).toMatchObject({ advanced: ['n2', 'n1'], tiedAtCut: [] });
    const tied = decidePrimary(votes, 3);
    expect(tied.advanced).toEqual(['n2', 'n1']);
    expect([...tied.tiedAtCut].sort()).toEqual(['n3', 'n4']);
    expect(tied.ranking.map((row) => row.nominationId).slice(0, 2)).toEqual(['n2', 'n1']);
  });
});
