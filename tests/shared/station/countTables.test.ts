/** Counting at several tables: each table's places, and double entry compared table by table. */
import { describe, expect, it } from 'vitest';
import { compareEntries, type EnteredBallot } from '../../../shared/rules/doubleEntry';
import { firstPlaceOf, isCountTable, lastPlaceOf, placeInTable, tableOfPlace } from '../../../shared/station/countTables';
import { ballotDocId, countBallotId, resolutionId } from '../../../shared/station/recordIds';

const blank = (seq: number): EnteredBallot => ({ seq, status: 'blank', marks: null });

describe('count tables', () => {
  it('table 0 keeps the places and ids of a one-table count; a desk table has its own six-digit range', () => {
    expect(firstPlaceOf(0)).toBe(1);
    expect(ballotDocId(1, 'A', firstPlaceOf(0), 1)).toBe('R1-A-000001-1');
    expect(countBallotId(1, 30)).toBe('R1-0030');
    expect(ballotDocId(1, 'B', firstPlaceOf(2) + 29, 1)).toBe('R1-B-200030-1');
    expect(resolutionId(1, firstPlaceOf(9) + 4)).toBe('resolution-1-900005');
    expect(lastPlaceOf(9)).toBe(999_999);
    expect(tableOfPlace(99_999)).toBe(0);
    expect(tableOfPlace(100_001)).toBe(1);
    expect(placeInTable(200_030)).toBe(30);
    expect([0, 9].every(isCountTable)).toBe(true);
    expect([-1, 10, 1.5, '1'].some(isCountTable)).toBe(false);
  });

  it('double entry compares each table from its first place: the places between tables are no disagreement, a gap within one is', () => {
    const a = [blank(1), blank(2), blank(100_001), blank(100_002), blank(300_001)];
    const b = [blank(1), blank(2), blank(100_002), blank(300_001), blank(300_002)];
    expect(compareEntries(a, b).map((d) => [d.seq, d.a !== null, d.b !== null])).toEqual([
      [100_001, true, false],
      [300_002, false, true],
    ]);
    // One table: as before, every place from 1.
    expect(compareEntries([blank(1), blank(3)], [blank(1), blank(3)]).map((d) => d.seq)).toEqual([2]);
  });
});
