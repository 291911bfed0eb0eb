/** The embedded database: PGlite (PostgreSQL in WASM) in a data folder, or in memory. */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Change, ChangeListener, Db, Tx } from './types';

/**
 * `dataDir` undefined: in memory. `template`: a `dumpDataDir()` archive to start from (tests use
 * one to skip PGlite's initdb, which takes seconds).
 */
export async function openPglite(dataDir?: string, template?: Blob): Promise<Db & { dump(): Promise<Blob> }> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), ...(template === undefined ? {} : { loadDataDir: template }) });
  const events = new EventEmitter();
  events.setMaxListeners(0);

  return {
    kind: 'pglite',
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      return (await pg.query<R>(sql, [...params])).rows;
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const pending: Change[] = [];
      const result = await pg.transaction(async (inner) =>
        fn({
          query: async <R extends object>(sql: string, params: readonly unknown[] = []) => (await inner.query<R>(sql, [...params])).rows,
          notify: async (change) => {
            pending.push(change);
          },
          copyFrom: async (target, chunks, lockKey) => {
            if (lockKey !== undefined) await inner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
            const result = await inner.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([...chunks]) });
            return result.affectedRows ?? 0;
          },
        }),
      );
      for (const change of pending) events.emit('change', change);
      return result;
    },
    onChange(listener: ChangeListener) {
      events.on('change', listener);
      return () => events.off('change', listener);
    },
    async dump() {
      return pg.dumpDataDir('gzip');
    },
    async close() {
      events.removeAllListeners();
      if (!pg.closed) await pg.close();
    },
  };
}
