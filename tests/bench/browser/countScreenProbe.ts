/**
 * Timing probes for the count-screen benchmark (browser side): an RxDB plugin that records,
 * for every query run and every insert of the station's collections, when it started and
 * ended. It wraps instances and prototypes of this page only; the app's code is unchanged.
 */
import { addRxPlugin, type RxCollection, type RxDatabase, type RxPlugin } from 'rxdb';

export interface Probe {
  readonly what: string;
  readonly start: number;
  readonly end: number;
}

export const probes: Probe[] = [];
export const marks: Record<string, number> = {};
let enabled = false;
let database: RxDatabase | null = null;

/** Start (or stop) recording query and insert times; `probes` is emptied on start. */
export function recordProbes(on: boolean): void {
  enabled = on;
  if (on) probes.length = 0;
}

/** The database the app opened (captured when RxDB created it). */
export function openedDatabase(): RxDatabase | null {
  return database;
}

export function timed<A extends unknown[], R>(what: () => string, run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return function (this: unknown, ...args: A): Promise<R> {
    if (!enabled) return run.apply(this, args);
    const start = performance.now();
    const label = what.call(this);
    return run.apply(this, args).finally(() => probes.push({ what: label, start, end: performance.now() }));
  };
}

interface QueryLike {
  collection: RxCollection;
  op: string;
  exec(): Promise<unknown>;
  _execOverDatabase(): Promise<unknown>;
}

const probePlugin: RxPlugin = {
  name: 'count-screen-bench-probe',
  rxdb: true,
  prototypes: {
    RxQuery(proto) {
      const query = proto as unknown as QueryLike;
      const exec = query.exec;
      query.exec = timed(function (this: QueryLike) {
        return `${this.collection.name}.${this.op}`;
      }, exec);
      // The storage query itself (also run by live queries, which do not go through exec()).
      const execOverDatabase = query._execOverDatabase;
      query._execOverDatabase = timed(function (this: QueryLike) {
        return `${this.collection.name}.${this.op}:storage`;
      }, execOverDatabase);
    },
  },
  hooks: {
    createRxDatabase: {
      after({ database: created }) {
        database = created;
        marks.databaseCreated ??= performance.now();
      },
    },
    createRxCollection: {
      after({ collection }) {
        marks.lastCollectionCreated = performance.now();
        const insert = collection.insert.bind(collection);
        (collection as { insert: typeof insert }).insert = timed(() => `${collection.name}.insert`, insert);
        const instance = collection.storageInstance;
        const bulkWrite = instance.bulkWrite.bind(instance);
        instance.bulkWrite = timed(() => `${collection.name}.storage.bulkWrite`, bulkWrite);
      },
    },
  },
};

addRxPlugin(probePlugin);
