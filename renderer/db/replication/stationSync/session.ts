/**
 * Sessions: one per stretch of network while the lock is held. A session is a signed client and
 * one replication per collection, aborted and cancelled together. Opening and closing run one
 * after the other, never overlapping; RxDB resumes each new session from its checkpoints.
 */
import { Subscription } from 'rxjs';
import { createSyncClient } from '../client';
import type { Session, SyncRun } from './context';
import { replicate, type ReplicationParts } from './replicate';

export interface SessionParts extends ReplicationParts {
  readonly run: SyncRun;
}

function openSession(parts: SessionParts): Session {
  const { config, pendingCount } = parts;
  const controller = new AbortController();
  const client = config.client
    ? config.client(controller.signal)
    : createSyncClient({
        serverUrl: config.serverUrl as string,
        stationId: config.stationId,
        sign: (text, body) => config.bridge.signSyncRequest(text, body),
        signal: controller.signal,
        now: config.now,
        ...(config.transport ? { transport: config.transport } : {}),
      });
  const current: Session = { controller, client, replications: new Map(), subscriptions: new Subscription(), initialDone: false };
  config.collections.forEach((name, index) => current.replications.set(name, replicate(parts, current, name, index)));
  void Promise.all([...current.replications.values()].map((replication) => replication.awaitInitialReplication())).then(
    () => {
      current.initialDone = true;
      void pendingCount.recount();
    },
    () => undefined,
  );
  return current;
}

async function closeSession(current: Session): Promise<void> {
  current.controller.abort();
  current.subscriptions.unsubscribe();
  await Promise.all([...current.replications.values()].map((replication) => replication.cancel().catch(() => undefined)));
}

/** Opens and closes `run.session`, one change after the other. */
export class SessionKeeper {
  private queue: Promise<void> = Promise.resolve();
  private readonly parts: SessionParts;

  constructor(parts: SessionParts) {
    this.parts = parts;
  }

  /** Opens a session if there should be one (lock held, online, a server address) and is none. */
  ensure(): Promise<void> {
    return this.enqueue(() => {
      const { run, config, board } = this.parts;
      if (run.stopped || !run.lockHeld || !run.online || run.session || !config.serverUrl) return;
      run.session = openSession(this.parts);
      board.update();
    });
  }

  /** Closes the session, forgetting its failures. */
  drop(): Promise<void> {
    return this.enqueue(async () => {
      const { run, board } = this.parts;
      const current = run.session;
      run.session = null;
      board.forgetSession();
      board.update();
      if (current) await closeSession(current);
    });
  }

  /** Closes the session for good (stop), once the changes under way are done. */
  async end(): Promise<void> {
    const { run } = this.parts;
    const current = run.session;
    run.session = null;
    await this.queue;
    if (current) await closeSession(current);
  }

  private enqueue(task: () => Promise<void> | void): Promise<void> {
    this.queue = this.queue.then(task).catch(() => undefined);
    return this.queue;
  }
}
