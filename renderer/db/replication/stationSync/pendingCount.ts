/**
 * The pending counts: local writes the district has not acknowledged, per collection. Counted
 * from RxDB's push checkpoint by an index count, throttled, never on the station's write path.
 */
import { normalizeMangoQuery, prepareQuery, type MangoQuerySelector } from 'rxdb';
import type { SyncCollectionName } from '../protocol';
import type { AnyCollection, AnyDoc, Replication, SyncConfig, SyncRun } from './context';
import type { SyncStatusBoard } from './status';

const PENDING_RECOUNT_MS = 250;

/** The `lwt` of RxDB's push checkpoint (`{ id, lwt }`): every local write up to it is pushed. */
function pushedUpTo(replication: Replication | undefined): number | null {
  const checkpoint = replication?.internalReplicationState?.lastCheckpointDoc.up?.checkpointData as { lwt?: unknown } | undefined;
  return typeof checkpoint?.lwt === 'number' ? checkpoint.lwt : null;
}

/** Local documents written after `since` (ms, RxDB's `_meta.lwt`): an index count, no documents read. */
async function countPending(collection: AnyCollection, since: number): Promise<number> {
  const schema = collection.schema.jsonSchema;
  const query = normalizeMangoQuery<AnyDoc>(schema, {
    // RxDB's own field, which no document type names.
    selector: { '_meta.lwt': { $gt: since } } as MangoQuerySelector<AnyDoc>,
    index: ['_meta.lwt', collection.schema.primaryPath],
  });
  const result = await collection.storageInstance.count(prepareQuery(schema, query));
  return result.count;
}

export class PendingCounter {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private recounting = false;
  private recountAgain = false;
  /** The push checkpoint seen last, so that writes made while offline are counted too. */
  private readonly pushedLwt = new Map<SyncCollectionName, number>();
  private readonly config: SyncConfig;
  private readonly run: SyncRun;
  private readonly board: SyncStatusBoard;

  constructor(config: SyncConfig, run: SyncRun, board: SyncStatusBoard) {
    this.config = config;
    this.run = run;
    this.board = board;
  }

  /** Recount soon (at most once per PENDING_RECOUNT_MS). */
  schedule(): void {
    if (this.timer !== null || this.run.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.recount();
    }, PENDING_RECOUNT_MS);
  }

  /** Recount now (once more after the current count, if one runs). */
  async recount(): Promise<void> {
    if (this.recounting) {
      this.recountAgain = true;
      return;
    }
    this.recounting = true;
    try {
      do {
        this.recountAgain = false;
        const current = this.run.session;
        await Promise.all(this.config.collections.map((name) => this.countOne(name, current?.replications.get(name))));
        this.board.update();
      } while (this.recountAgain && !this.run.stopped);
    } finally {
      this.recounting = false;
    }
  }

  /** The scheduled recount is dropped (stop). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
  }

  private async countOne(name: SyncCollectionName, replication: Replication | undefined): Promise<void> {
    const seen = pushedUpTo(replication);
    if (seen !== null) this.pushedLwt.set(name, seen);
    const since = this.pushedLwt.get(name);
    if (since === undefined) return; // not known before the first push checkpoint is read
    try {
      this.board.notePending(name, await countPending(this.config.db[name] as AnyCollection, since));
    } catch {
      // the database is closing: the count stays as it was
    }
  }
}
