/**
 * A station in Node for the sync tests: RxDB with the memory storage and the station's real
 * schemas for `ballots`, `checkins` and `countRecords`, replicated to the district server with
 * `replicateRxCollection` (signed pull/push, the SSE stream). Records the last pull checkpoint.
 */
import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { checkinsSchema, type CheckinDoc } from '../../../renderer/db/schemas/checkins';
import { ballotsSchema, countRecordsSchema, type BallotDoc, type CountRecordDoc } from '../../../renderer/db/schemas/count';
import type { StationClient } from './client';
import { syncStream } from './sse';

export interface RxStationCollections {
  ballots: RxCollection<BallotDoc>;
  checkins: RxCollection<CheckinDoc>;
  countRecords: RxCollection<CountRecordDoc>;
}

export type RxName = keyof RxStationCollections;

export interface RxStation {
  readonly db: RxDatabase<RxStationCollections>;
  readonly replications: Record<RxName, RxReplicationState<unknown, { seq: number }>>;
  /** The checkpoint each collection's last pull started from and ended at. */
  readonly checkpoints: Record<RxName, { seq: number } | null>;
  readonly pushes: { count: number };
  awaitInSync(): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

export async function openRxStation(client: StationClient, options: { batchSize?: number; retryTime?: number; live?: boolean } = {}): Promise<RxStation> {
  const db = await createRxDatabase<RxStationCollections>({ name: `station${process.pid}x${++counter}`, storage: getRxStorageMemory(), multiInstance: false });
  await db.addCollections({
    ballots: { schema: ballotsSchema },
    checkins: { schema: checkinsSchema },
    countRecords: { schema: countRecordsSchema },
  });
  const checkpoints: Record<RxName, { seq: number } | null> = { ballots: null, checkins: null, countRecords: null };
  const pushes = { count: 0 };
  const replicate = (name: RxName) =>
    replicateRxCollection<unknown, { seq: number }>({
      collection: db[name],
      replicationIdentifier: `district-${name}-${client.baseUrl}`,
      live: options.live ?? true,
      retryTime: options.retryTime ?? 100,
      waitForLeadership: false,
      toggleOnDocumentVisible: false,
      push: {
        batchSize: options.batchSize ?? 100,
        handler: async (rows) => {
          pushes.count++;
          return await client.push(name, rows);
        },
      },
      pull: {
        batchSize: options.batchSize ?? 100,
        handler: async (checkpoint, batchSize) => {
          const page = await client.pull(name, checkpoint ?? null, batchSize);
          checkpoints[name] = page.checkpoint;
          return { documents: page.documents, checkpoint: page.checkpoint ?? undefined };
        },
        stream$: syncStream(client, name),
      },
    });
  const replications = { ballots: replicate('ballots'), checkins: replicate('checkins'), countRecords: replicate('countRecords') };
  return {
    db,
    replications,
    checkpoints,
    pushes,
    async awaitInSync() {
      await Promise.all(Object.values(replications).map((state) => state.awaitInSync()));
    },
    async close() {
      await Promise.all(Object.values(replications).map((state) => state.cancel()));
      await db.close();
    },
  };
}
