/**
 * The conflict policy of the sync (docs/DECISIONS.md "Sync"). A conflict is a push whose
 * assumed server state is not the server's current one; the server then answers with its copy
 * and RxDB asks the collection's handler which state the station keeps (and pushes again).
 *
 * - Append-only collections (`ballots`, `audit`): the district's copy is kept. The district
 *   never changes a stored ballot or audit event, so a station cannot make it take another
 *   version; the station's version is not lost either: the sync records it (with the
 *   district's) in a `sync.conflict` audit event and surfaces the conflict.
 * - The other collections: the district's copy is kept unless the station's is strictly newer
 *   by the record's own time (checkins: issuedAt/undoneAt, trips: departedAt/returnedAt,
 *   proxies: recordedAt, spoiled/reconciliation/countRecords: at, machine: savedAt). `setup`
 *   has no time of its own: the district's copy is kept. The version not kept is recorded the
 *   same way.
 * - A desk of the station hub keeps the hub's copy of `checkins` and `proxies` (`keepTarget`):
 *   the hub refuses a desk's issued check-in of a voter another desk issued first and keeps the
 *   losing record in a duplicate anomaly, whose resolution is the 总监票人's; a desk keeping its
 *   own (later) copy would push it again and again. DECISIONS "One station, many desks".
 */
import type { RxConflictHandler, WithDeleted } from 'rxdb';
import { deepEqual } from 'rxdb/plugins/utils';
import { APPEND_ONLY_COLLECTIONS, type SyncCollectionName } from './protocol';

/** The fields that say when a record last changed, per collection (the latest one counts). */
export const RECORD_TIME_FIELDS: Readonly<Record<SyncCollectionName, readonly string[]>> = {
  checkins: ['issuedAt', 'undoneAt'],
  proxies: ['recordedAt'],
  trips: ['departedAt', 'returnedAt'],
  spoiled: ['at'],
  reconciliation: ['at'],
  audit: ['at'],
  ballots: ['at'],
  countRecords: ['at'],
  machine: ['savedAt'],
  setup: [],
};

/** A document's replicated content: its fields and `_deleted`, without RxDB's bookkeeping. */
export function replicatedContent(doc: object): Record<string, unknown> {
  const { _meta: _m, _rev: _r, _attachments: _a, _deleted, ...fields } = doc as Record<string, unknown>;
  return { ...fields, _deleted: _deleted === true };
}

/**
 * The replicated content with the station's revision of it (`_rev`, RxDB's "height-token"): the
 * district keeps the newest revision of each record (docs/SYNC.md "Revisions").
 */
export function withRevision(content: Record<string, unknown>, doc: object): Record<string, unknown> {
  const rev = (doc as { _rev?: unknown })._rev;
  return typeof rev === 'string' && rev !== '' ? { ...content, _rev: rev } : content;
}

export function sameContent(a: object, b: object): boolean {
  return deepEqual(replicatedContent(a), replicatedContent(b));
}

/** The record's own time in ms since 1970 (the latest of its time fields), or NaN when it has none. */
export function recordTime(collection: SyncCollectionName, doc: object): number {
  let latest = Number.NaN;
  for (const field of RECORD_TIME_FIELDS[collection]) {
    const value = (doc as Record<string, unknown>)[field];
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isFinite(time) && !(time <= latest)) latest = time;
  }
  return latest;
}

/** Which copy the policy keeps when the station's `local` met the district's `remote`. */
export function keptCopy(collection: SyncCollectionName, local: object, remote: object): 'district' | 'station' {
  if (APPEND_ONLY_COLLECTIONS.has(collection)) return 'district';
  const localTime = recordTime(collection, local);
  const remoteTime = recordTime(collection, remote);
  return Number.isFinite(localTime) && (!Number.isFinite(remoteTime) || localTime > remoteTime) ? 'station' : 'district';
}

export function stationConflictHandler<T>(collection: SyncCollectionName): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => sameContent(a, b),
    resolve: async ({ realMasterState, newDocumentState }): Promise<WithDeleted<T>> =>
      keptCopy(collection, newDocumentState, realMasterState) === 'station' ? newDocumentState : realMasterState,
  };
}

/** The handler of a collection whose target's copy always stands (a desk's `checkins` and `proxies` at the hub). */
export function targetKeptHandler<T>(): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => sameContent(a, b),
    resolve: async ({ realMasterState }): Promise<WithDeleted<T>> => realMasterState,
  };
}

/** The target keeps its copy of these (one handler object, as for the policy's). */
export const TARGET_KEPT_HANDLER: RxConflictHandler<unknown> = targetKeptHandler();

/** One handler object per collection, so a collection can be checked for it (`conflictHandler ===`). */
export const STATION_CONFLICT_HANDLERS: Readonly<Record<SyncCollectionName, RxConflictHandler<unknown>>> = {
  checkins: stationConflictHandler('checkins'),
  proxies: stationConflictHandler('proxies'),
  trips: stationConflictHandler('trips'),
  spoiled: stationConflictHandler('spoiled'),
  reconciliation: stationConflictHandler('reconciliation'),
  audit: stationConflictHandler('audit'),
  ballots: stationConflictHandler('ballots'),
  countRecords: stationConflictHandler('countRecords'),
  machine: stationConflictHandler('machine'),
  setup: stationConflictHandler('setup'),
};
