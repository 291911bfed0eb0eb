/**
 * The machine's snapshot is saved after every transition and restored on start, so a crash,
 * a reload or a power cut resumes exactly where the station was.
 */
import { createActor, type Actor, type Snapshot } from 'xstate';
import { pollingDayMachine, type PollingDayMachine } from './pollingDay';

export interface SnapshotStore {
  load(): Promise<unknown | null>;
  save(snapshot: unknown): Promise<void>;
}

export type PollingDayActor = Actor<PollingDayMachine>;

/**
 * Start the machine from the stored snapshot (or fresh) and save each new snapshot in order.
 * `saved` resolves when every snapshot so far has been written.
 */
export async function startPersistedMachine(store: SnapshotStore): Promise<{ actor: PollingDayActor; saved: () => Promise<void> }> {
  const stored = await store.load();
  const actor = stored
    ? createActor(pollingDayMachine, { snapshot: stored as Snapshot<unknown> as never })
    : createActor(pollingDayMachine);
  let queue: Promise<void> = Promise.resolve();
  let last: unknown = stored ? JSON.stringify(stored) : null;
  actor.subscribe((snapshot) => {
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as unknown;
    const text = JSON.stringify(persisted);
    if (text === last || snapshot.status !== 'active') return;
    last = text;
    queue = queue.then(() => store.save(persisted));
  });
  actor.start();
  return { actor, saved: () => queue };
}
