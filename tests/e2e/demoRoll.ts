/** Picks voters from the demo roll that each kind of search finds among its first results. */
import { pinyin } from 'pinyin-pro';
import type { ElectionPackage, Voter } from '../../shared/election/schemas';
import { isCandidateVoter } from '../../shared/rules/polling';

export type SearchKind = 'name' | 'initials' | 'idTail' | 'address';

export interface PickedVoter {
  readonly voter: Voter;
  readonly kind: SearchKind;
  readonly query: string;
}

const initialsOf = (name: string) => pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();

/** `perKind` voters for each kind of search, each found by a query that matches at most 10 voters. */
export function pickVoters(pkg: ElectionPackage, perKind: number): PickedVoter[] {
  const eligible = pkg.roll.filter((voter) => voter.status === 'registered' && !isCandidateVoter(pkg.election, voter));
  const keyOf: Record<SearchKind, (voter: Voter) => string> = {
    name: (voter) => voter.name,
    initials: (voter) => initialsOf(voter.name),
    idTail: (voter) => voter.idTail,
    address: (voter) => voter.address,
  };
  const used = new Set<string>();
  const picked: PickedVoter[] = [];
  for (const kind of Object.keys(keyOf) as SearchKind[]) {
    const counts = new Map<string, number>();
    for (const voter of pkg.roll) counts.set(keyOf[kind](voter), (counts.get(keyOf[kind](voter)) ?? 0) + 1);
    let taken = 0;
    for (const voter of eligible) {
      const query = keyOf[kind](voter);
      if (taken >= perKind || used.has(voter.id) || (counts.get(query) ?? 0) > 10 || /^[0-9]+$/.test(query) === false && kind === 'idTail') continue;
      used.add(voter.id);
      picked.push({ voter, kind, query });
      taken++;
    }
  }
  return picked;
}

/** Voters not picked yet, for the proxy, mobile-box and refusal steps. */
export function otherVoters(pkg: ElectionPackage, picked: readonly PickedVoter[], count: number): Voter[] {
  const used = new Set(picked.map((p) => p.voter.id));
  return pkg.roll
    .filter((voter) => voter.status === 'registered' && !used.has(voter.id) && !isCandidateVoter(pkg.election, voter))
    .filter((voter) => pkg.roll.filter((other) => other.name === voter.name).length <= 10)
    .slice(0, count);
}
