/**
 * Every server test runs on both databases: embedded PGlite (in memory) and a real PostgreSQL
 * (`TEST_DATABASE_URL`, `DATABASE_URL`, or postgres://postgres:postgres@127.0.0.1:5432/postgres
 * as `server/scripts/start-postgres.sh` sets it up), with a fresh database per test file.
 * Without a reachable PostgreSQL the PostgreSQL half fails under CI=true, and is skipped
 * (with a warning) on a developer's machine.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { startDistrictServer, type DistrictServer } from '../../../server/app';
import { MIGRATIONS } from '../../../server/db/migrations';
import { openDb } from '../../../server/db/open';
import { openPglite } from '../../../server/db/pglite';
import type { Db } from '../../../server/db/types';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** postgres://… of the fresh database, or undefined for PGlite. */
  readonly url: string | undefined;
  open(): Promise<Db>;
  drop(): Promise<void>;
}

export interface Backend {
  readonly name: 'PGlite' | 'PostgreSQL';
  /** A fresh, empty database for one test file. */
  create(): Promise<TestDatabase>;
}

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await postgresReachable();
if (unreachable !== null && process.env.CI !== 'true') {
  console.warn(`[tests/server] PostgreSQL at ${ADMIN_URL} is not reachable (${unreachable}); its half is skipped. Run server/scripts/start-postgres.sh.`);
}

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * PGlite's initdb takes seconds; every test database starts from one migrated cluster, dumped
 * once per PGlite version and migration list into the temp folder.
 */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function pgliteTemplate(): Promise<Blob> {
  const migrations = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 12);
  const file = join(tmpdir(), `district-pglite-${pgliteVersion()}-${migrations}.tgz`);
  if (!existsSync(file)) {
    const db = await openPglite();
    const { runMigrations } = await import('../../../server/db/migrations');
    await runMigrations(db);
    const dump = await db.dump();
    await db.close();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

const pglite: Backend = {
  name: 'PGlite',
  async create() {
    const template = await pgliteTemplate();
    return { url: undefined, open: () => openDb({ template }), drop: async () => undefined };
  },
};

const postgres: Backend = {
  name: 'PostgreSQL',
  create: () => createPostgresDatabase('district_test'),
};

/**
 * A fresh PostgreSQL database named `<prefix>_<random>`, dropped by `drop()`: empty, or a copy of
 * the database `template` (PostgreSQL's CREATE DATABASE … TEMPLATE; nobody may be connected to it).
 */
export async function createPostgresDatabase(prefix: string, template?: TestDatabase): Promise<TestDatabase> {
  if (unreachable !== null) throw new Error(`PostgreSQL at ${ADMIN_URL} is not reachable: ${unreachable} (run server/scripts/start-postgres.sh)`);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template?.url === undefined ? '' : ` TEMPLATE ${new URL(template.url).pathname.slice(1)}`}`);
  await admin.end();
  const url = databaseUrl(name);
  return {
    url,
    open: () => openDb({ databaseUrl: url }),
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** The backends to run: PostgreSQL is left out only off CI when it is unreachable. */
export const BACKENDS: readonly Backend[] = unreachable !== null && process.env.CI !== 'true' ? [pglite] : [pglite, postgres];

export interface TestServer {
  readonly db: Db;
  readonly server: DistrictServer;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** A fresh database, opened and migrated, with a server on a free loopback port. */
export async function startTestServer(backend: Backend): Promise<TestServer> {
  const database = await backend.create();
  const db = await database.open();
  const server = await startDistrictServer({ port: 0, db });
  return {
    db,
    server,
    database,
    close: async () => {
      await server.close();
      await db.close();
      await database.drop();
    },
  };
}
