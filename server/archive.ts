/**
 * The district imports a station's sealed election archive (issue 18) and keeps it (at least
 * 3 years: the archive duty). Like a bundle (bundle.ts) every check runs before anything is
 * written: the station is enrolled, the seal is signed by the key the district enrolled for it
 * and every file matches the seal (shared/station/archive.ts), the archive is of the station's
 * election, each round's signed result is the station's signature; a demo station's archive is
 * refused unless the policy accepts demos. Stored append-only (`archives`: a trigger refuses
 * UPDATE and DELETE), by the seal's id: the same archive twice is stored once. The district
 * recounts from the records it synced (results/); `npm run verify-archive` recounts the archive
 * itself.
 */
import { verifySignedResult } from '../shared/crypto/signed';
import { sha256Hex } from '../shared/crypto/hash';
import { issue, type Outcome, type ValidationIssue } from '../shared/election/issues';
import { signedResultSchema } from '../shared/election/schemas';
import { archiveJson, checkSeal, openArchive, resultFile } from '../shared/station/archive';
import type { Db } from './db/types';
import { REAL_RESULTS_ONLY, type ResultPolicy } from './results/accept';
import { findStation } from './stations';

export interface ArchiveSummary {
  readonly archiveId: string;
  readonly station: string;
  readonly electionHash: string;
  readonly rounds: number;
  readonly sealedAt: string;
  readonly bytes: number;
  readonly alreadyImported: boolean;
  readonly importedAt: string;
}

type Refusal = { readonly ok: false; readonly status: number; readonly issues: readonly ValidationIssue[] };

export async function importArchive(db: Db, bytes: Uint8Array, policy: ResultPolicy = REAL_RESULTS_ONLY): Promise<Outcome<ArchiveSummary> | Refusal> {
  const opened = openArchive(bytes);
  if (!opened.ok) return { ok: false, status: 400, issues: opened.issues };
  const archive = opened.value;
  const { manifest } = archive;
  const station = await findStation(db, manifest.station.id);
  if (!station) return { ok: false, status: 401, issues: [issue('sync.unenrolled', ['station'], { station: manifest.station.id })] };
  const broken = checkSeal(archive, { stationKey: station.publicKey }).filter((check) => !check.ok);
  if (broken.length > 0) return { ok: false, status: 422, issues: broken.map((check) => check.issue) };
  if (station.electionHash !== manifest.electionHash) return { ok: false, status: 422, issues: [issue('signature.electionHashMismatch', ['electionHash'])] };
  if (manifest.demo === true && !policy.acceptDemo) return { ok: false, status: 403, issues: [issue('results.demoRefused', ['demo'])] };
  for (let round = 1; round <= manifest.rounds; round++) {
    const parsed = signedResultSchema.safeParse(archiveJson(archive, resultFile(round)));
    const problems = parsed.success ? verifySignedResult(parsed.data, { stationKey: station.publicKey }) : [];
    const wrong = !parsed.success ? 'missing or malformed' : problems.length > 0 ? problems.map((found) => found.code).join(', ') : parsed.data.station !== station.id || parsed.data.result.round !== round ? 'another station or round' : null;
    if (wrong !== null) return { ok: false, status: 422, issues: [issue('archive.resultInvalid', [resultFile(round)], { round, detail: wrong })] };
  }
  const inserted = await db.query<{ imported_at: string }>(
    `INSERT INTO archives (id, station_id, election_hash, rounds, sealed_at, sha256, bytes)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING imported_at::text`,
    [archive.archiveId, station.id, manifest.electionHash, manifest.rounds, manifest.sealedAt, sha256Hex(bytes), bytes],
  );
  const importedAt = inserted[0]?.imported_at ?? (await db.query<{ imported_at: string }>('SELECT imported_at::text FROM archives WHERE id = $1', [archive.archiveId]))[0]?.imported_at ?? '';
  return {
    ok: true,
    value: {
      archiveId: archive.archiveId,
      station: station.id,
      electionHash: manifest.electionHash,
      rounds: manifest.rounds,
      sealedAt: manifest.sealedAt,
      bytes: bytes.length,
      alreadyImported: inserted.length === 0,
      importedAt,
    },
  };
}

/** The stored archive's bytes, exactly as imported (or null). */
export async function storedArchive(db: Db, archiveId: string): Promise<Uint8Array | null> {
  const rows = await db.query<{ bytes: Uint8Array }>('SELECT bytes FROM archives WHERE id = $1', [archiveId]);
  return rows[0] ? new Uint8Array(rows[0].bytes) : null;
}
