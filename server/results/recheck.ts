/**
 * The recheck queue: a result set back to `pending` (待核验) because its station's records
 * changed is recounted at once — on every committed write of the station's documents (from any
 * instance: `Db.onChange`), after a missed notification, and at start. One recount per station
 * at a time; writes arriving meanwhile queue one more run. Several instances on one database may
 * both run it: the results lock makes the second find nothing pending.
 */
import type { Db } from '../db/types';
import { recheckStation, stationsPending } from './accept';

export interface RecheckQueue {
  /**
   * Resolves once no recount is running or queued and every result pending when it was called
   * has been recounted once (tests, shutdown). It does not wait for the change notification: on
   * PostgreSQL that arrives asynchronously (LISTEN/NOTIFY), after a write's commit has answered.
   */
  idle(): Promise<void>;
  stop(): void;
}

export function startRecheckQueue(db: Db, onError: (error: unknown) => void = (error) => console.error('[recheck]', error)): RecheckQueue {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  let stopped = false;

  const run = (stationId: string): void => {
    if (stopped) return;
    if (running.has(stationId)) {
      again.add(stationId);
      return;
    }
    const work = (async () => {
      try {
        let pending = await recheckStation(db, stationId);
        // Written to while it counted: count again (each run sees a later write).
        while (!stopped && (pending > 0 || again.delete(stationId))) pending = await recheckStation(db, stationId);
      } catch (error) {
        if (!stopped) onError(error);
      } finally {
        running.delete(stationId);
      }
    })();
    running.set(stationId, work);
  };
  const runAllPending = (): void => {
    void stationsPending(db).then((stations) => stations.forEach(run), (error: unknown) => !stopped && onError(error));
  };

  const unsubscribe = db.onChange((change) => {
    if (change === 'resync') runAllPending();
    else if (change.kind === 'documents') run(change.station);
  });
  runAllPending();

  return {
    async idle() {
      const settle = async () => {
        while (running.size > 0) await Promise.all(running.values());
      };
      await settle();
      if (stopped) return;
      (await stationsPending(db)).forEach(run);
      await settle();
    },
    stop() {
      stopped = true;
      unsubscribe();
    },
  };
}
