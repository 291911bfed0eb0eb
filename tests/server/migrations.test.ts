/** Migrations: recorded, idempotent, and safe when several instances start at once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from '../../server/db/migrations';
import type { Db } from '../../server/db/types';
import { BACKENDS, type TestDatabase } from './helpers/backends';

describe.each(BACKENDS)('migrations on $name', (backend) => {
  let database: TestDatabase;
  let dbs: Db[] = [];
  beforeAll(async () => {
    database = await backend.create();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    await database.drop();
  });

  it('runs each migration once, however many instances start together', async () => {
    dbs = backend.name === 'PostgreSQL' ? await Promise.all([database.open(), database.open(), database.open()]) : [await database.open()];
    const again = await Promise.all(dbs.map((db) => runMigrations(db)));
    expect(again.every((applied) => applied.length === 0)).toBe(true);
    const rows = await dbs[0]!.query<{ version: number }>('SELECT version FROM migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
  });
});
