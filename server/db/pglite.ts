/** The embedded database: PGlite (PostgreSQL in WASM) in a data folder, or in memory. */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Change, ChangeListener, Db, Tx } from './types';

/**
 * PGlite runs no autovacuum, so nothing refreshes the planner's statistics: a table that was
 * empty when last analysed stays "empty" to the planner however large it grows, and a lookup by
 * primary key is planned as a scan of a whole station's collection (the hub's check-in claim
 * slowed as the day went on). As autovacuum would, `ANALYZE` runs once 50 + 10 % of the
 * statements and transactions so far have run since the last one (a cheap stand-in for rows
 * changed: at most a logarithmic number of analyses), queued behind the running statement.
 */
const ANALYZE_BASE = 50;
const ANALYZE_FRACTION = 0.1;

/**
 * `dataDir` undefined: in memory. `template`: a `dumpDataDir()` archive to start from (tests use
 * one to skip PGlite's initdb, which takes seconds).
 */
export async function openPglite(dataDir?: string, template?: Blob): Promise<Db & { dump(): Promise<Blob> }> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), ...(template === undefined ? {} : { loadDataDir: template }) });
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let statements = 0;
  let statementsAtAnalyze = 0;
  let analyzing: Promise<void> | null = null;
  const analyzeWhenDue = () => {
    statements++;
    if (analyzing !== null || statements - statementsAtAnalyze < ANALYZE_BASE + ANALYZE_FRACTION * statementsAtAnalyze) return;
    statementsAtAnalyze = statements;
    // Queued behind the running transaction (PGlite's query takes the same lock), never awaited by a writer.
    analyzing = (async () => {
      if (!pg.closed) await pg.query('ANALYZE');
    })()
      .catch(() => undefined)
      .finally(() => {
        analyzing = null;
      });
  };

  return {
    kind: 'pglite',
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      const rows = (await pg.query<R>(sql, [...params])).rows;
      analyzeWhenDue();
      return rows;
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
      analyzeWhenDue();
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
      await analyzing;
      if (!pg.closed) await pg.close();
    },
  };
}
