/** Enrolled stations: a station id, its public key, and the election package it was given. */
import { keyFingerprint } from '../shared/crypto/ed25519';
import { base64urlDecode } from '../shared/crypto/encoding';
import { electionHash } from '../shared/crypto/hash';
import { issue, type Outcome, type ValidationIssue } from '../shared/election/issues';
import type { ElectionDefinition, ElectionPackage } from '../shared/election/schemas';
import { stationIdProblem } from '../shared/station/stationId';
import type { Db, Queryable } from './db/types';

export interface StationRow {
  readonly id: string;
  readonly name: string;
  readonly publicKey: string;
  readonly electionHash: string | null;
  readonly registeredVoters: number | null;
  readonly rollSize: number | null;
  readonly ballotStock: number | null;
  readonly enrolledAt: Date;
  readonly lastContact: Date | null;
}

const COLUMNS = `id, name, public_key AS "publicKey", election_hash AS "electionHash",
  registered_voters AS "registeredVoters", roll_size AS "rollSize", ballot_stock AS "ballotStock",
  enrolled_at AS "enrolledAt", last_contact AS "lastContact"`;

/**
 * The enrolled station of `id`, or null. An id breaking the station-id rule
 * (shared/station/stationId.ts) is never enrolled: null without asking the database — so the
 * sync refuses such an id as unenrolled, by the same rule enrolment refuses it with.
 */
export async function findStation(db: Queryable, id: string): Promise<StationRow | null> {
  if (stationIdProblem(id) !== null) return null;
  const rows = await db.query<StationRow>(`SELECT ${COLUMNS} FROM stations WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listStations(db: Queryable): Promise<StationRow[]> {
  return db.query<StationRow>(`SELECT ${COLUMNS} FROM stations ORDER BY id`);
}

export async function electionOf(db: Queryable, hash: string | null): Promise<ElectionDefinition | null> {
  if (hash === null) return null;
  const rows = await db.query<{ definition: ElectionDefinition }>('SELECT definition FROM elections WHERE hash = $1', [hash]);
  return rows[0]?.definition ?? null;
}

export function isPublicKey(text: string): boolean {
  try {
    return base64urlDecode(text).length === 32;
  } catch {
    return false;
  }
}

export interface EnrolArgs {
  readonly stationId: string;
  readonly publicKey: string;
  /** The (verified) package the station was given: its election, name and roll size. */
  readonly package?: ElectionPackage;
  readonly name?: string;
  /** Replace a different key already enrolled for this station id. */
  readonly replace?: boolean;
}

/**
 * Enrol (or update) a station. A different key for an enrolled id needs `replace`. Refused: an
 * id the sync would refuse (the rule named), a key enrolled for another station (named).
 */
export async function enrolStation(db: Db, args: EnrolArgs): Promise<Outcome<StationRow>> {
  const issues: ValidationIssue[] = [];
  const idProblem = stationIdProblem(args.stationId);
  if (idProblem) issues.push(issue('station.badId', ['stationId'], { station: args.stationId, stationIdRule: idProblem.rule }));
  if (!isPublicKey(args.publicKey)) issues.push(issue('station.badKey', ['key']));
  if (args.package && args.package.station.id !== args.stationId) {
    issues.push(issue('station.packageMismatch', ['election', 'station', 'id'], { actual: args.package.station.id, expected: args.stationId }));
  }
  if (issues.length > 0) return { ok: false, issues };
  return db.transaction(async (tx) => {
    // One key, one station: enrolments of the same key wait for each other.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`station-key\u0001${args.publicKey}`]);
    const sharing = await tx.query<{ id: string }>('SELECT id FROM stations WHERE public_key = $1 AND id <> $2 ORDER BY id LIMIT 1', [args.publicKey, args.stationId]);
    if (sharing[0]) {
      return { ok: false, issues: [issue('station.keyInUse', ['key'], { other: sharing[0].id, fingerprint: keyFingerprint(args.publicKey) })] };
    }
    const existing = await findStation(tx, args.stationId);
    if (existing && existing.publicKey !== args.publicKey && args.replace !== true) {
      return { ok: false, issues: [issue('station.keyMismatch', ['key'], { station: args.stationId, fingerprint: keyFingerprint(existing.publicKey) })] };
    }
    let hash: string | null = existing?.electionHash ?? null;
    const pkg = args.package;
    if (pkg) {
      hash = electionHash(pkg.election);
      await tx.query(
        `INSERT INTO elections (hash, id, definition) VALUES ($1, $2, $3::text::jsonb) ON CONFLICT (hash) DO NOTHING`,
        [hash, pkg.election.id, JSON.stringify(pkg.election)],
      );
    }
    const name = args.name ?? pkg?.station.name ?? existing?.name ?? '';
    const registered = pkg ? pkg.roll.filter((voter) => voter.status === 'registered').length : (existing?.registeredVoters ?? null);
    await tx.query(
      `INSERT INTO stations (id, name, public_key, election_hash, registered_voters, roll_size, ballot_stock)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, public_key = EXCLUDED.public_key,
         election_hash = EXCLUDED.election_hash, registered_voters = EXCLUDED.registered_voters,
         roll_size = EXCLUDED.roll_size, ballot_stock = EXCLUDED.ballot_stock`,
      [args.stationId, name, args.publicKey, hash, registered, pkg ? pkg.roll.length : (existing?.rollSize ?? null), pkg ? pkg.ballotStock : (existing?.ballotStock ?? null)],
    );
    await tx.notify({ kind: 'station', station: args.stationId });
    const row = await findStation(tx, args.stationId);
    if (!row) throw new Error('enrolStation: the station row vanished');
    return { ok: true, value: row };
  });
}
