/**
 * The station hub's own tables (issue 16), beside the district's in the hub's PGlite database
 * (`<data>/hub/db`): run by the district's runner (server/db/migrations.ts) after the district
 * migrations, recorded in `hub_migrations`. Ordered by version; append new ones at the end.
 */
import { runMigrations, type Migration, type MigrationSet } from '../db/migrations';
import type { Db } from '../db/types';
import { HUB_ANOMALIES_MIGRATION, HUB_BALLOT_COLLISION_MIGRATION, HUB_COUNT_TABLES_MIGRATION, HUB_ROUND_COUNTS_MIGRATION } from './records/migration';

export const HUB_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'desks, pairing codes, desk nonces',
    statements: [
      // A machine paired with the hub (the lead itself is the desk `lead`). Never deleted:
      // a revoked desk keeps its row (and its records their desk id) with `revoked_at` set.
      `CREATE TABLE hub_desks (
         id text PRIMARY KEY,
         name text NOT NULL,
         role text NOT NULL CHECK (role IN ('lead', 'checkin', 'count')),
         public_key text NOT NULL UNIQUE,
         paired_at timestamptz NOT NULL,
         last_contact timestamptz,
         revoked_at timestamptz)`,
      // A code the lead showed: only its SHA-256 is kept (the code itself lives in the hub's
      // memory for its five minutes). Used once; withdrawn after too many wrong attempts.
      `CREATE TABLE hub_pairing_codes (
         code_hash text PRIMARY KEY,
         created_at timestamptz NOT NULL,
         expires_at timestamptz NOT NULL,
         used_at timestamptz,
         used_by text REFERENCES hub_desks(id),
         withdrawn_at timestamptz)`,
      // A desk request's nonce, kept while its timestamp is within the clock window (and a little more).
      `CREATE TABLE hub_nonces (
         desk_id text NOT NULL REFERENCES hub_desks(id),
         nonce text NOT NULL,
         seen_at timestamptz NOT NULL,
         PRIMARY KEY (desk_id, nonce))`,
      `CREATE INDEX hub_nonces_seen ON hub_nonces (seen_at)`,
    ],
  },
  { version: 2, ...HUB_ANOMALIES_MIGRATION },
  { version: 3, ...HUB_ROUND_COUNTS_MIGRATION },
  { version: 4, ...HUB_COUNT_TABLES_MIGRATION },
  { version: 5, ...HUB_BALLOT_COLLISION_MIGRATION },
];

export const HUB_MIGRATION_SET: MigrationSet = { table: 'hub_migrations', migrations: HUB_MIGRATIONS };

/** The district's migrations, then the hub's. */
export async function runHubMigrations(db: Db): Promise<void> {
  await runMigrations(db);
  await runMigrations(db, HUB_MIGRATION_SET);
}
