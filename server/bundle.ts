/**
 * A signed bundle file (docs/SYNC.md "Results and bundles"): a station with no network hands
 * over all its documents and signed results. Every check runs before anything is written;
 * documents are applied like a push (append-only ones never change) and results like
 * `POST /sync/v1/result`. Importing the same bundle twice changes nothing.
 */
import { z } from 'zod';
import { canonicalJson } from '../shared/crypto/canonical';
import { keyFingerprint } from '../shared/crypto/ed25519';
import { sha256Hex } from '../shared/crypto/hash';
import { verifyObject } from '../shared/crypto/signed';
import { issue, type Outcome, type ValidationIssue } from '../shared/election/issues';
import { isDemoResult } from '../shared/election/demo';
import { parseJsonText, parseWithSchema } from '../shared/election/parse';
import type { Db } from './db/types';
import { acceptResult, REAL_RESULTS_ONLY, recheckStation, type ResultPolicy, type ResultStatus } from './results/accept';
import { electionOf, findStation } from './stations';
import { isCollection, type CollectionName } from './sync/collections';
import { checkRecordTimes, documentProblem, pushRows, type WireDoc } from './sync/documents';
import { HttpError } from './http/io';
import { BUNDLE_FORMAT } from '../shared/station/sync';

export { BUNDLE_FORMAT };

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');

export const bundleSchema = z.looseObject({
  format: z.literal(BUNDLE_FORMAT),
  station: z.string().min(1).max(128),
  electionHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256'),
  documents: z.record(z.string(), z.array(z.unknown())),
  signedResults: z.array(z.unknown()),
  exportedAt: z.iso.datetime({ offset: true }),
  stationKey: base64url,
  signature: base64url,
});

export type Bundle = z.infer<typeof bundleSchema>;

export interface BundleSummary {
  readonly station: string;
  readonly bundleHash: string;
  readonly exportedAt: string;
  readonly alreadyImported: boolean;
  readonly documents: Readonly<Record<string, { readonly received: number; readonly written: number; readonly conflicts: number }>>;
  readonly results: readonly { readonly round: number | null; readonly status: ResultStatus | 'refused'; readonly issues?: readonly string[] }[];
}

const CHUNK = 1000;

/**
 * Parse and check a bundle against the enrolled station; nothing is written. A bundle with a
 * demo result (a demo station's) is refused whole unless `policy` accepts demos.
 */
export async function verifyBundle(db: Db, raw: unknown, policy: ResultPolicy = REAL_RESULTS_ONLY): Promise<Outcome<Bundle> & { readonly status?: number }> {
  const parsed = parseWithSchema(bundleSchema, raw, BUNDLE_FORMAT);
  if (!parsed.ok) return { ...parsed, status: 400 };
  const bundle = parsed.value;
  const station = await findStation(db, bundle.station);
  if (!station) return { ok: false, status: 401, issues: [issue('sync.unenrolled', ['station'], { station: bundle.station })] };
  const issues: ValidationIssue[] = [];
  if (bundle.stationKey !== station.publicKey) {
    issues.push(issue('signature.stationKeyMismatch', ['stationKey'], { fingerprint: fingerprintOrDash(bundle.stationKey) }));
  }
  if (!verifyObject(bundle, station.publicKey)) issues.push(issue('signature.invalid', ['signature']));
  if (issues.length > 0) return { ok: false, status: 422, issues };
  const election = await electionOf(db, station.electionHash);
  if (election && station.electionHash !== bundle.electionHash) {
    return { ok: false, status: 422, issues: [issue('signature.electionHashMismatch', ['electionHash'])] };
  }
  for (const [collection, docs] of Object.entries(bundle.documents)) {
    if (!isCollection(collection)) return { ok: false, status: 400, issues: [issue('bundle.unknownCollection', ['documents', collection], { collection })] };
    const uploadedAt = Date.now();
    for (const [i, doc] of docs.entries()) {
      if (documentProblem(doc) !== null) return { ok: false, status: 400, issues: [issue('bundle.badDocument', ['documents', collection, i])] };
      // An impossible time (1900, not a date, later than now) refuses the bundle whole, before anything is written.
      try {
        checkRecordTimes(collection, (doc as WireDoc).id, doc as WireDoc, uploadedAt);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        return { ok: false, status: 400, issues: error.issues.map((found) => ({ ...found, path: ['documents', collection, i, ...found.path.slice(2)] })) };
      }
    }
  }
  for (const [i, result] of bundle.signedResults.entries()) {
    const of = typeof result === 'object' && result !== null ? (result as { station?: unknown }).station : undefined;
    if (of !== bundle.station) {
      return { ok: false, status: 403, issues: [issue('bundle.stationMismatch', ['signedResults', i, 'station'], { station: String(of) })] };
    }
    if (!policy.acceptDemo && typeof result === 'object' && result !== null && isDemoResult(result)) {
      return { ok: false, status: 403, issues: [issue('results.demoRefused', ['signedResults', i, 'demo'])] };
    }
  }
  return { ok: true, value: bundle };
}

function fingerprintOrDash(key: string): string {
  try {
    return keyFingerprint(key);
  } catch {
    return '—';
  }
}

export async function importBundle(db: Db, raw: unknown, policy: ResultPolicy = REAL_RESULTS_ONLY): Promise<Outcome<BundleSummary> & { readonly status?: number }> {
  const verified = await verifyBundle(db, raw, policy);
  if (!verified.ok) return verified;
  const bundle = verified.value;
  const bundleHash = sha256Hex(canonicalJson(bundle));
  const earlier = await db.query<{ summary: BundleSummary }>('SELECT summary FROM imports WHERE hash = $1', [bundleHash]);
  if (earlier[0]) return { ok: true, value: { ...earlier[0].summary, alreadyImported: true } };

  const documents: Record<string, { received: number; written: number; conflicts: number }> = {};
  for (const [name, docs] of Object.entries(bundle.documents)) {
    const collection = name as CollectionName;
    const tally = { received: docs.length, written: 0, conflicts: 0 };
    for (let at = 0; at < docs.length; at += CHUNK) {
      const rows = docs.slice(at, at + CHUNK).map((doc) => ({ assumedMasterState: null, newDocumentState: doc as WireDoc }));
      const outcome = await pushRows(db, bundle.station, collection, rows, 'bundle');
      tally.written += outcome.written;
      tally.conflicts += outcome.conflicts.length;
    }
    documents[collection] = tally;
  }
  const results: BundleSummary['results'][number][] = [];
  for (const raw of bundle.signedResults) {
    const outcome = await acceptResult(db, bundle.station, raw, 'bundle', policy);
    const round = (raw as { result?: { round?: unknown } }).result?.round;
    if (outcome.ok) results.push({ round: outcome.result.round, status: outcome.result.status });
    else results.push({ round: typeof round === 'number' ? round : null, status: 'refused', issues: outcome.issues.map((found) => `${found.code} ${found.path.join('.')}`) });
  }
  // Results its records set back to pending (and not in the bundle) are recounted now, server or not.
  // (Still pending after a few tries: the station is writing meanwhile, and the servers' recheck queues follow it.)
  for (let tries = 0; tries < 3 && (await recheckStation(db, bundle.station)) > 0; tries++);
  await db.query('UPDATE stations SET last_contact = now() WHERE id = $1', [bundle.station]);
  const summary: BundleSummary = { station: bundle.station, bundleHash, exportedAt: bundle.exportedAt, alreadyImported: false, documents, results };
  await db.query(
    `INSERT INTO imports (hash, station_id, exported_at, summary) VALUES ($1, $2, $3, $4::text::jsonb) ON CONFLICT (hash) DO NOTHING`,
    [bundleHash, bundle.station, bundle.exportedAt, JSON.stringify(summary)],
  );
  return { ok: true, value: summary };
}

/** Read a bundle file's text and import it. */
export async function importBundleText(db: Db, text: string, policy: ResultPolicy = REAL_RESULTS_ONLY): Promise<Outcome<BundleSummary> & { readonly status?: number }> {
  const json = parseJsonText(text.replace(/^\uFEFF/, ''));
  if (!json.ok) return { ...json, status: 400 };
  return importBundle(db, json.value, policy);
}
