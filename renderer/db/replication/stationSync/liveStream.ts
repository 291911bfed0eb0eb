/**
 * The pull stream of a collection: the district's Server-Sent Events (reconnected with backoff,
 * RESYNC after every reconnection), or, for the collections beyond `liveStreams`, a RESYNC
 * every `pollIntervalMs` (see `../startStationSync.ts` on Chromium's connections per host) or
 * when `pullTrigger` says (the hub's heads).
 */
import type { RxReplicationPullStreamItem, WithDeleted } from 'rxdb';
import { interval, map, Observable } from 'rxjs';
import type { SyncClient } from '../client';
import { pullResponseProblem, type PullResponse, type SyncCheckpoint, type SyncCollectionName } from '../protocol';
import type { AnyDoc, SyncConfig } from './context';
import { jittered, type SyncStatusBoard } from './status';

export type PullStream = Observable<RxReplicationPullStreamItem<AnyDoc, SyncCheckpoint>>;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** The stream of the collection at `index` in the list. */
export function pullStream(config: SyncConfig, board: SyncStatusBoard, client: SyncClient, name: SyncCollectionName, index: number, signal: AbortSignal): PullStream {
  if (index < config.liveStreams) return liveEvents(config, board, client, name, signal);
  return config.pullTrigger ? config.pullTrigger(name) : interval(config.pollIntervalMs).pipe(map(() => 'RESYNC' as const));
}

function liveEvents(config: SyncConfig, board: SyncStatusBoard, client: SyncClient, name: SyncCollectionName, signal: AbortSignal): PullStream {
  return new Observable((subscriber) => {
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal.addEventListener('abort', abort);
    const key = `${name}:stream`;
    void (async () => {
      let delay = config.retryBase;
      while (!controller.signal.aborted) {
        try {
          for await (const event of client.events(name, controller.signal)) {
            delay = config.retryBase;
            board.succeeded(key);
            if (event === 'RESYNC') {
              subscriber.next('RESYNC');
            } else if (pullResponseProblem(event) === null) {
              const { documents, checkpoint } = event as PullResponse;
              if (documents.length > 0 && checkpoint) subscriber.next({ documents: documents as WithDeleted<AnyDoc>[], checkpoint });
            } else {
              subscriber.next('RESYNC'); // an event not understood: read the changes by pull
            }
          }
        } catch (error) {
          board.failed(key, error, undefined, controller.signal);
        }
        if (controller.signal.aborted) break;
        await sleep(jittered(delay), controller.signal);
        delay = Math.min(config.retryMax, delay * 2);
        // Changes may have been missed while disconnected (the server also says RESYNC on connect).
        if (!controller.signal.aborted) subscriber.next('RESYNC');
      }
    })();
    return () => {
      signal.removeEventListener('abort', abort);
      controller.abort();
    };
  });
}
