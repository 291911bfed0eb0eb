/**
 * The replicated collections of docs/SYNC.md and which of them are append-only: the one list
 * of shared/station/sync.ts (the station replicates the same), under the server's names.
 */
import { APPEND_ONLY_COLLECTIONS, isSyncCollection, SYNC_COLLECTIONS, type SyncCollectionName } from '../../shared/station/sync';

export const COLLECTIONS = SYNC_COLLECTIONS;

export type CollectionName = SyncCollectionName;

/** A document of these, once stored, is never changed: a push that would change it is a conflict. */
export const APPEND_ONLY: ReadonlySet<CollectionName> = APPEND_ONLY_COLLECTIONS;

export const isCollection: (name: string) => name is CollectionName = isSyncCollection;
