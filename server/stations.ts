/** Enrolled stations: a station id, its public key, and the election package it was given. */
import { keyFingerprint } from '../shared/crypto/ed25519';
import { base64urlDecode } from '../shared/crypto/encoding';
import { electionHash } from '../shared/crypto/hash';
import { issue, type Outcome, type ValidationIssue } from '../shared/election/issues';
import type { ElectionDefinition, ElectionPackage } from '../shared/election/schemas';
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

export async function findStation(db: Queryable, id: string): Promise<StationRow | null> {
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

/** Enrol (or update) a station. A different key for an enrolled id needs `replace`. */
export async function enrolStation(db: Db, args: EnrolArgs): Promise<Outcome<StationRow>> {
  const issues: ValidationIssue[] = [];
  if (!/^[^\s]{1,128}$/.test(args.stationId)) issues.push(issue('schema.format', ['stationId'], { expected: '1–128 characters, no spaces' }));
  if (!isPublicKey(args.publicKey)) issues.push(issue('station.badKey', ['key']));
  if (args.package && args.package.station.id !== args.stationId) {
    issues.push(issue('station.packageMismatch', ['election', 'station', 'id'], { actual: args.package.station.id, expected: args.stationId }));
  }
  if (issues.length > 0) return { ok: false, issues };
  return db.transaction(async (tx) => {
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
