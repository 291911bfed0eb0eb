/**
 * Find a voter as the clerk types: by name (汉字), pinyin initials or full pinyin (latin
 * letters), the last digits of the ID number, the address or the residence group.
 * An in-memory index over the roll: one linear pass with one or two string tests per voter,
 * chosen by what the query looks like (measured in `npm run bench`: 50,000 voters).
 */
export interface SearchableVoter {
  readonly id: string;
  readonly name: string;
  readonly idTail: string;
  readonly address: string;
  readonly group: string;
  readonly pinyinInitials: string;
  readonly pinyinFull: string;
}

export type MatchKind = 'name' | 'pinyin' | 'idTail' | 'address' | 'group';

export interface VoterMatch<V extends SearchableVoter> {
  readonly voter: V;
  readonly kind: MatchKind;
}

const LATIN = /^[a-z]+$/;
const ID_TAIL = /^[0-9]{1,3}[0-9x]?$/;

export class VoterIndex<V extends SearchableVoter> {
  private readonly voters: readonly V[];
  private readonly byId: ReadonlyMap<string, V>;

  constructor(voters: readonly V[]) {
    this.voters = voters;
    this.byId = new Map(voters.map((voter) => [voter.id, voter]));
  }

  get size(): number {
    return this.voters.length;
  }

  get(id: string): V | undefined {
    return this.byId.get(id);
  }

  /** Best matches first: exact/prefix before substring; at most `limit`. */
  search(rawQuery: string, limit = 20): VoterMatch<V>[] {
    const query = rawQuery.trim().toLowerCase().replace(/\s+/g, '');
    if (query === '') return [];
    const first: VoterMatch<V>[] = [];
    const second: VoterMatch<V>[] = [];
    const take = (bucket: VoterMatch<V>[], voter: V, kind: MatchKind) => {
      if (bucket.length < limit) bucket.push({ voter, kind });
    };
    if (LATIN.test(query)) {
      for (const voter of this.voters) {
        if (voter.pinyinInitials.startsWith(query)) take(first, voter, 'pinyin');
        else if (voter.pinyinFull.startsWith(query)) take(second, voter, 'pinyin');
        if (first.length >= limit) break;
      }
    } else if (ID_TAIL.test(query)) {
      for (const voter of this.voters) {
        if (voter.idTail.toLowerCase().startsWith(query)) take(first, voter, 'idTail');
        else if (voter.address.includes(query)) take(second, voter, 'address');
        if (first.length >= limit) break;
      }
    } else {
      for (const voter of this.voters) {
        if (voter.name.startsWith(query)) take(first, voter, 'name');
        else if (voter.name.includes(query)) take(second, voter, 'name');
        else if (voter.address.includes(query)) take(second, voter, 'address');
        else if (voter.group.includes(query)) take(second, voter, 'group');
        if (first.length >= limit) break;
      }
    }
    return [...first, ...second].slice(0, limit);
  }
}
