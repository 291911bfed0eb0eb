/**
 * 以姓氏笔画为序: candidates and ties are ordered by stroke count (ICU stroke collation).
 * Equal names keep the order they were given in (Array.prototype.sort is stable).
 */
const strokeCollator = new Intl.Collator('zh-u-co-stroke');

export function compareByStroke(a: string, b: string): number {
  return strokeCollator.compare(a, b);
}

/** Sort items by the stroke order of their name; ties keep the given order. */
export function sortByStroke<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareByStroke(nameOf(a), nameOf(b)));
}

/** Most votes first; equal votes by the stroke order of the name, then by the person key. */
export function compareByVotes(
  a: { readonly for: number; readonly name: string; readonly person: string },
  b: { readonly for: number; readonly name: string; readonly person: string },
): number {
  if (a.for !== b.for) return b.for - a.for;
  const byName = compareByStroke(a.name, b.name);
  if (byName !== 0) return byName;
  return a.person < b.person ? -1 : a.person > b.person ? 1 : 0;
}
