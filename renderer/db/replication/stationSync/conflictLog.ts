/**
 * Conflicts met by the replications (the policy itself is `../conflicts.ts`): told to the
 * state and to `conflicts$`, and recorded in the audit log in batches (one event per
 * collection and batch).
 */
import type { RxReplicationConflict } from 'rxdb';
import { Subject } from 'rxjs';
import { replicatedContent, sameContent } from '../conflicts';
import type { SyncCollectionName, WireDocument } from '../protocol';
import type { AnyDoc, SyncConfig } from './context';
import type { SyncStatusBoard } from './status';
import type { SyncConflict } from './types';

const AUDIT_BATCH_MS = 50;

/** The conflict as the station saw it, or null when both copies say the same. */
export function stationConflict(collection: SyncCollectionName, { input, output }: RxReplicationConflict<AnyDoc>, now: () => Date): SyncConflict | null {
  if (sameContent(input.newDocumentState, input.realMasterState)) return null;
  return {
    collection,
    id: String((input.realMasterState as { id?: unknown }).id),
    kept: sameContent(output, input.realMasterState) ? 'district' : 'station',
    station: replicatedContent(input.newDocumentState) as WireDocument,
    district: replicatedContent(input.realMasterState) as WireDocument,
    at: now().toISOString(),
  };
}

export class ConflictLog {
  readonly conflicts$ = new Subject<SyncConflict>();
  private queue: SyncConflict[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly config: Pick<SyncConfig, 'audit' | 'now'>;
  private readonly board: SyncStatusBoard;

  constructor(config: Pick<SyncConfig, 'audit' | 'now'>, board: SyncStatusBoard) {
    this.config = config;
    this.board = board;
  }

  record(conflict: SyncConflict): void {
    this.board.noteConflict(conflict);
    this.conflicts$.next(conflict);
    this.board.update();
    if (!this.config.audit) return;
    this.queue.push(conflict);
    this.timer ??= setTimeout(() => void this.flush(), AUDIT_BATCH_MS);
  }

  /** Writes what is still queued at once (stop). */
  async close(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      await this.flush();
    }
  }

  complete(): void {
    this.conflicts$.complete();
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    const byCollection = new Map<SyncCollectionName, SyncConflict[]>();
    for (const conflict of batch) byCollection.set(conflict.collection, [...(byCollection.get(conflict.collection) ?? []), conflict]);
    for (const [collection, list] of byCollection) {
      try {
        await this.config.audit?.append({
          type: 'sync.conflict',
          data: { collection, conflicts: list.map(({ id, kept, station, district }) => ({ id, kept, station, district })) },
          clerk: '—',
          desk: 'sync',
          at: this.config.now().toISOString(),
        });
      } catch (error) {
        this.board.failedLocally('local:audit', error);
      }
    }
  }
}
