/** Open the district database: PostgreSQL when a URL is given, else PGlite in `dataDir`; migrated. */
import { runMigrations } from './migrations';
import { openPg } from './pg';
import { openPglite } from './pglite';
import type { Db } from './types';

export interface OpenDbOptions {
  /** postgres://… — a real PostgreSQL server. */
  readonly databaseUrl?: string | undefined;
  /** PGlite's data folder when there is no URL; undefined: in memory. */
  readonly dataDir?: string | undefined;
  /** PGlite only: start from this `dumpDataDir()` archive instead of an empty cluster. */
  readonly template?: Blob | undefined;
  /** Pool size on PostgreSQL. */
  readonly maxConnections?: number;
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  const db =
    options.databaseUrl !== undefined && options.databaseUrl !== ''
      ? await openPg(options.databaseUrl, options.maxConnections === undefined ? {} : { max: options.maxConnections })
      : await openPglite(options.dataDir, options.template);
  try {
    await runMigrations(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export type { Change, Db, Queryable, Tx } from './types';
