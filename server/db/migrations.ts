/**
 * Versioned migrations, run at start. All of them run in one transaction behind an advisory
 * lock, so two instances starting together on one database apply each migration once; a
 * migration already recorded in `migrations` is skipped (idempotent).
 */
import { PRE_ELECTION_MIGRATION } from '../preElection/migration';
import type { Db } from './types';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/** Any fixed number shared by every instance: the lock that serialises migrations. */
const MIGRATION_LOCK = 7_274_001;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'stations, documents, nonces, results, imports',
    statements: [
      `CREATE TABLE elections (
         hash text PRIMARY KEY,
         id text NOT NULL,
         definition jsonb NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE TABLE stations (
         id text PRIMARY KEY,
         name text NOT NULL DEFAULT '',
         public_key text NOT NULL,
         election_hash text REFERENCES elections(hash),
         registered_voters integer,
         roll_size integer,
         ballot_stock integer,
         enrolled_at timestamptz NOT NULL DEFAULT now(),
         last_contact timestamptz)`,
      `CREATE SEQUENCE documents_seq`,
      // No foreign key to stations: every writer is an authenticated, enrolled station, and
      // the per-row check would cost as much as the rest of an insert.
      `CREATE TABLE documents (
         station_id text NOT NULL,
         collection text NOT NULL,
         id text NOT NULL,
         data jsonb NOT NULL,
         deleted boolean NOT NULL DEFAULT false,
         seq bigint NOT NULL DEFAULT nextval('documents_seq'),
         updated_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (station_id, collection, id))`,
      `CREATE INDEX documents_pull ON documents (station_id, collection, seq)`,
      `CREATE TABLE nonces (
         station_id text NOT NULL,
         nonce text NOT NULL,
         seen_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (station_id, nonce))`,
      `CREATE INDEX nonces_seen ON nonces (seen_at)`,
      `CREATE TABLE results (
         rid bigserial PRIMARY KEY,
         station_id text NOT NULL REFERENCES stations(id),
         round integer NOT NULL,
         signed jsonb NOT NULL,
         signed_hash text NOT NULL,
         status text NOT NULL CHECK (status IN ('verified', 'disagrees', 'conflicting')),
         difference jsonb,
         source text NOT NULL DEFAULT 'sync',
         received_at timestamptz NOT NULL DEFAULT now(),
         checked_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (station_id, signed_hash))`,
      `CREATE UNIQUE INDEX results_accepted ON results (station_id, round) WHERE status <> 'conflicting'`,
      `CREATE TABLE imports (
         hash text PRIMARY KEY,
         station_id text NOT NULL REFERENCES stations(id),
         exported_at text,
         imported_at timestamptz NOT NULL DEFAULT now(),
         summary jsonb NOT NULL)`,
      `CREATE FUNCTION try_timestamptz(value text) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE AS $$
       BEGIN
         RETURN value::timestamptz;
       EXCEPTION WHEN others THEN
         RETURN NULL;
       END $$`,
    ],
  },
  {
    version: 2,
    name: 'document revisions and history',
    statements: [
      // The station's own revision of the stored state (the height of RxDB's `_rev`, signed
      // with the push or the bundle); null when the station sent none.
      `ALTER TABLE documents ADD COLUMN rev bigint`,
      // States that are not (or no longer) the current one: an older revision that arrived
      // late (`older`), a current state a newer one replaced (`replaced`). Each state once.
      `CREATE TABLE document_history (
         station_id text NOT NULL,
         collection text NOT NULL,
         id text NOT NULL,
         rev bigint,
         data jsonb NOT NULL,
         deleted boolean NOT NULL,
         reason text NOT NULL CHECK (reason IN ('older', 'replaced')),
         source text NOT NULL CHECK (source IN ('push', 'bundle')),
         state_hash text NOT NULL,
         received_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (station_id, collection, id, state_hash))`,
    ],
  },
  {
    version: 3,
    name: 'a verification covers an exact record set',
    statements: [
      // `pending` (待核验): the station's records changed since the last check; a recount is queued.
      `ALTER TABLE results DROP CONSTRAINT results_status_check`,
      `ALTER TABLE results ADD CONSTRAINT results_status_check CHECK (status IN ('verified', 'disagrees', 'conflicting', 'pending'))`,
      // The station's records the check covered: how many, their hash (server/results/coverage.ts)
      // and the highest sequence number among them.
      `ALTER TABLE results ADD COLUMN covered_count integer`,
      `ALTER TABLE results ADD COLUMN covered_hash text`,
      `ALTER TABLE results ADD COLUMN covered_seq bigint`,
      // A check made before coverage was recorded covers no known set: check it again.
      `UPDATE results SET status = 'pending' WHERE status IN ('verified', 'disagrees')`,
    ],
  },
  {
    version: 4,
    name: 'refused rewrites of append-only records are kept',
    statements: [
      // `refused`: a different state sent for a stored ballot or audit event (append-only: never
      // applied). Kept so the dashboard can show the attempt with both states (api/anomalies.ts).
      `ALTER TABLE document_history DROP CONSTRAINT document_history_reason_check`,
      `ALTER TABLE document_history ADD CONSTRAINT document_history_reason_check CHECK (reason IN ('older', 'replaced', 'refused'))`,
    ],
  },
  {
    version: 5,
    name: 'sealed election archives, append-only',
    statements: [
      // A station's sealed election archive (server/archive.ts), kept as imported: `id` is the
      // SHA-256 of its seal (the manifest), `sha256` the file's. Never changed nor removed.
      `CREATE TABLE archives (
         id text PRIMARY KEY,
         station_id text NOT NULL REFERENCES stations(id),
         election_hash text NOT NULL,
         rounds integer NOT NULL,
         sealed_at text NOT NULL,
         sha256 text NOT NULL,
         bytes bytea NOT NULL,
         imported_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE FUNCTION archives_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'archives are append-only: % of archive % refused', TG_OP, OLD.id;
       END $$`,
      `CREATE TRIGGER archives_append_only BEFORE UPDATE OR DELETE ON archives FOR EACH ROW EXECUTE FUNCTION archives_append_only()`,
    ],
  },
  // Before polling day (issue 17): server/preElection/migration.ts.
  PRE_ELECTION_MIGRATION,
];

/**
 * A list of migrations and the table that records which of them ran: the district's own
 * (`migrations`), or another list kept beside it in the same database (the station hub's,
 * server/hub/migrations.ts). `table` is SQL (a fixed name), never user input.
 */
export interface MigrationSet {
  readonly table: string;
  readonly migrations: readonly Migration[];
}

export const DISTRICT_MIGRATIONS: MigrationSet = { table: 'migrations', migrations: MIGRATIONS };

export async function runMigrations(db: Db, set: MigrationSet = DISTRICT_MIGRATIONS): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${set.table} (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query<{ version: number }>(`SELECT version FROM ${set.table}`)).map((row) => row.version));
    const applied: number[] = [];
    for (const migration of set.migrations) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(`INSERT INTO ${set.table} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}
