/**
 * The highest value of an indexed integer field without reading every document: RxDB answers a
 * descending sort by reading the whole index range (its storages keep ascending indexes only),
 * which with 10,000 ballots or audit events is a large part of a second. Here each lookup reads
 * one document — the first at or above a value, in index order — doubling, then halving:
 * O(log n) lookups, and right whatever gaps the values have.
 */
export async function highestIndexed(firstFrom: (atLeast: number) => Promise<number | null>): Promise<number | null> {
  let low = await firstFrom(Number.MIN_SAFE_INTEGER);
  if (low === null) return null;
  // A document at `low`; once the doubling stops, none at `high` or above.
  let high = Math.max(low + 1, low * 2);
  for (let found = await firstFrom(high); found !== null; found = await firstFrom(high)) {
    low = found;
    high = Math.max(found + 1, found * 2);
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const found = await firstFrom(mid);
    if (found === null) high = mid;
    else {
      low = found;
      high = Math.max(high, found + 1); // (past `high` only if a document was stored meanwhile)
    }
  }
  return low;
}
