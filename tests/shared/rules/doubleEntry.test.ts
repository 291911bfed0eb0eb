/**
 * Double entry pairs ballots by their number, never by their position in a desk's list (issue
 * 12, item 1): papers one desk lost disagree at their own places only, and one gap is one
 * disagreement for the 监票人 — not a cascade over every paper after it.
 */
import { describe, expect, it } from 'vitest';
import { compareEntries, groupDisagreements, type EnteredBallot } from '../../../shared/rules/doubleEntry';

const persons = ['p1', 'p2', 'p3', 'p4'];
/** Paper n of a pile: its reading is the same at both desks. */
const paper = (seq: number): EnteredBallot =>
  seq % 7 === 0 ? { seq, status: 'blank', marks: null } : { seq, status: 'valid', marks: { chair: { for: [persons[seq % persons.length] as string], against: [], writeIns: [] } } };
const pile = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => paper(from + i));

describe('double entry, ballot by ballot', () => {
  it('a desk that lost papers 25–30 disagrees at those places only; the papers after them still pair with their twins', () => {
    const a = [...pile(1, 24), ...pile(31, 40)];
    const b = pile(1, 40);
    const found = compareEntries(a, b);
    expect(found.map((d) => d.seq)).toEqual([25, 26, 27, 28, 29, 30]);
    expect(found.every((d) => d.a === null && d.b !== null)).toBe(true);
    // One gap, one disagreement to settle.
    expect(groupDisagreements(found)).toEqual([{ from: 25, to: 30, missing: 'A', disagreements: found }]);
  });

  it('papers read differently stay one place each; gaps of different desks or apart are separate', () => {
    const b = pile(1, 12).map((ballot) => (ballot.seq === 4 ? { ...ballot, status: 'unreadable' as const, marks: null } : ballot));
    const a = pile(1, 12).filter((ballot) => ![6, 7, 10].includes(ballot.seq));
    const bWithout = b.filter((ballot) => ![8, 9].includes(ballot.seq));
    const groups = groupDisagreements(compareEntries(a, bWithout));
    expect(groups.map(({ from, to, missing }) => [from, to, missing])).toEqual([
      [4, 4, null],
      [6, 7, 'A'],
      [8, 9, 'B'],
      [10, 10, 'A'],
    ]);
  });

  it('a desk still behind: only the places it has not reached, as one gap', () => {
    const groups = groupDisagreements(compareEntries(pile(1, 24), pile(1, 40)));
    expect(groups.map(({ from, to, missing }) => [from, to, missing])).toEqual([[25, 40, 'A']]);
  });
});
