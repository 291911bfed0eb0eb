/**
 * One RxDB replication of one collection (`replicateRxCollection`) within a session: pull by
 * checkpoint, push with the conflict policy of `../conflicts.ts`, each request's outcome told to
 * the state (and the replication's backoff), its activity, pushes and conflicts watched.
 */
import type { ReplicationPullOptions, ReplicationPushOptions, WithDeleted } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { replicatedContent, sameContent, STATION_CONFLICT_HANDLERS, TARGET_KEPT_HANDLER, withRevision } from '../conflicts';
import { APPEND_ONLY_COLLECTIONS, type SyncCheckpoint, type SyncCollectionName, type WireDocument } from '../protocol';
import { setupDocFromDistrict } from '../../schemas/setup';
import { stationConflict, type ConflictLog } from './conflictLog';
import type { AnyCollection, AnyDoc, Replication, Session, SyncConfig } from './context';
import { pullStream } from './liveStream';
import type { PendingCounter } from './pendingCount';
import type { SyncStatusBoard } from './status';

/** The parts a replication reports to. */
export interface ReplicationParts {
  readonly config: SyncConfig;
  readonly board: SyncStatusBoard;
  readonly pendingCount: PendingCounter;
  readonly conflictLog: ConflictLog;
}

/** The replication itself, once created (the handlers may run before). */
type Self = () => Replication | undefined;

export function replicate(parts: ReplicationParts, current: Session, name: SyncCollectionName, index: number): Replication {
  const { config } = parts;
  const collection = config.db[name] as AnyCollection;
  // The policy of conflicts.ts (RxDB reads the collection's handler when a replication starts).
  collection.conflictHandler = config.keepTarget.has(name) ? TARGET_KEPT_HANDLER : STATION_CONFLICT_HANDLERS[name];
  // The handlers read it through `self` (undefined should one run before it is returned).
  const created: { replication?: Replication } = {};
  const self: Self = () => created.replication;
  const replication = replicateRxCollection<AnyDoc, SyncCheckpoint>({
    replicationIdentifier: `polling-station-sync@1|${config.stationId}|${config.serverUrl}`,
    collection,
    live: true,
    retryTime: config.retryBase,
    waitForLeadership: false,
    toggleOnDocumentVisible: false,
    autoStart: true,
    pull: pullOptions(parts, current, name, index, self),
    ...(config.pullOnly.has(name) ? {} : { push: pushOptions(parts, current, name, self) }),
  });
  created.replication = replication;
  watch(parts, current, name, replication);
  return replication;
}

function pullOptions(parts: ReplicationParts, current: Session, name: SyncCollectionName, index: number, self: Self): ReplicationPullOptions<AnyDoc, SyncCheckpoint> {
  const { config, board } = parts;
  const { client, controller } = current;
  return {
    batchSize: config.batchSize,
    stream$: pullStream(config, board, client, name, index, controller.signal),
    // A setup the district holds from before the setup schema's version 1 stores as version 1.
    ...(name === 'setup' ? { modifier: (doc: WithDeleted<AnyDoc>) => setupDocFromDistrict(doc) } : {}),
    handler: async (checkpoint: SyncCheckpoint | undefined, limit: number) => {
      try {
        const answer = await client.pull(name, checkpoint, limit);
        board.succeeded(`${name}:pull`, self());
        return { documents: answer.documents as WithDeleted<AnyDoc>[], checkpoint: answer.checkpoint ?? checkpoint };
      } catch (error) {
        board.failed(`${name}:pull`, error, self(), controller.signal);
        throw error;
      }
    },
  };
}

function pushOptions(parts: ReplicationParts, current: Session, name: SyncCollectionName, self: Self): ReplicationPushOptions<AnyDoc> {
  const { config, board } = parts;
  const { client, controller } = current;
  return {
    batchSize: config.pushBatchSize,
    // The district never deletes a ballot or an audit event; the station's own removal
    // (re-provisioning) is not sent, or the district's copy would come back as a conflict.
    ...(APPEND_ONLY_COLLECTIONS.has(name) ? { modifier: (doc: WithDeleted<AnyDoc>) => (doc._deleted ? null : doc) } : {}),
    handler: async (rows) => {
      try {
        const revisions = await currentRevisions(config.db[name] as AnyCollection, rows.map((row) => row.newDocumentState));
        const conflicts = await client.push(
          name,
          rows.map((row) => {
            const content = replicatedContent(row.newDocumentState);
            return {
              assumedMasterState: row.assumedMasterState ? (replicatedContent(row.assumedMasterState) as WireDocument) : null,
              newDocumentState: withRevision(content, { _rev: revisions.get(content.id as string) }) as WireDocument,
            };
          }),
        );
        board.succeeded(`${name}:push`, self());
        return conflicts as WithDeleted<AnyDoc>[];
      } catch (error) {
        board.failed(`${name}:push`, error, self(), controller.signal);
        throw error;
      }
    },
  };
}

/**
 * The station's revision (`_rev`) of each pushed state (docs/SYNC.md "Revisions"). RxDB hands the
 * push handler documents without `_rev`, so it is read from the collection: exact when the
 * stored copy still has the pushed content (the usual case). A document written again since
 * RxDB read it gets none — the district then treats the state as older than any it holds with a
 * revision (never as newer), and the newer state follows in the next push with its own.
 */
async function currentRevisions(collection: AnyCollection, docs: readonly object[]): Promise<Map<string, string>> {
  const ids = docs.map((doc) => (doc as { id: string }).id);
  const stored = await collection.storageInstance.findDocumentsById(ids, true);
  const byId = new Map(stored.map((doc) => [(doc as unknown as { id: string }).id, doc]));
  const revisions = new Map<string, string>();
  for (const doc of docs) {
    const id = (doc as { id: string }).id;
    const current = byId.get(id);
    if (current && sameContent(current, doc)) revisions.set(id, current._rev);
  }
  return revisions;
}

function watch(parts: ReplicationParts, current: Session, name: SyncCollectionName, replication: Replication): void {
  const { config, board, pendingCount, conflictLog } = parts;
  const subs = current.subscriptions;
  subs.add(
    replication.active$.subscribe((isActive) => {
      board.noteActive(name, isActive);
      pendingCount.schedule();
      board.update();
    }),
  );
  subs.add(
    replication.sent$.subscribe(() => {
      board.noteSent();
      pendingCount.schedule();
    }),
  );
  subs.add(
    replication.error$.subscribe((error) => {
      // Failed requests were recorded by the handlers; anything else is a local failure
      // (e.g. a pulled document the station's schema refuses).
      const code = (error as { code?: string }).code;
      if (code !== 'RC_PULL' && code !== 'RC_PUSH' && code !== 'RC_STREAM') board.failed(`${name}:local`, error, undefined, current.controller.signal);
    }),
  );
  subs.add(
    replication.conflict$.subscribe((conflict) => {
      const seen = stationConflict(name, conflict, config.now);
      if (seen) conflictLog.record(seen);
    }),
  );
}
