/** highestIndexed: the highest stored value by "first at or above" lookups, whatever the gaps. */
import { describe, expect, it } from 'vitest';
import { highestIndexed } from '../../../renderer/db/highest';

/** Lookups over a set of stored values (as an ascending index answers them), counted. */
function index(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  let lookups = 0;
  const firstFrom = async (atLeast: number) => {
    lookups++;
    return sorted.find((value) => value >= atLeast) ?? null;
  };
  return { firstFrom, lookups: () => lookups };
}

describe('highestIndexed', () => {
  it('is null for no values and the value for one', async () => {
    expect(await highestIndexed(index([]).firstFrom)).toBeNull();
    expect(await highestIndexed(index([7]).firstFrom)).toBe(7);
    expect(await highestIndexed(index([1]).firstFrom)).toBe(1);
  });

  it('finds the highest of 1…10,000 in O(log n) lookups', async () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i + 1);
    const probe = index(values);
    expect(await highestIndexed(probe.firstFrom)).toBe(10_000);
    expect(probe.lookups()).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(10_000)) + 3);
  });

  it('is right whatever the gaps and repeats (seeded random sets)', async () => {
    let seed = 42;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 300; run++) {
      const values = Array.from({ length: 1 + Math.floor(next() * 60) }, () => 1 + Math.floor(next() * (next() < 0.5 ? 100 : 100_000)));
      expect(await highestIndexed(index(values).firstFrom)).toBe(Math.max(...values));
    }
    // A cut at a power of two (a removed audit event 8) does not hide what is above it.
    expect(await highestIndexed(index([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]).firstFrom)).toBe(12);
  });
});
