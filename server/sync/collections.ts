/** The replicated collections of docs/SYNC.md and which of them are append-only. */
export const COLLECTIONS = [
  'checkins',
  'proxies',
  'trips',
  'spoiled',
  'reconciliation',
  'audit',
  'ballots',
  'countRecords',
  'machine',
  'setup',
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];

/** A document of these, once stored, is never changed: a push that would change it is a conflict. */
export const APPEND_ONLY: ReadonlySet<CollectionName> = new Set<CollectionName>(['ballots', 'audit']);

export function isCollection(name: string): name is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(name);
}
