/**
 * The station ⇄ district sync contract of docs/SYNC.md that both ends must agree on, in one
 * place: which collections replicate, which of them are append-only, the request headers and
 * the canonical text the station key signs for every request. Pure (no IO, no Node or browser
 * API): the renderer's replication (renderer/db/replication), main's signing checks and the
 * district server (server/sync) import it.
 */
import { canonicalJson } from '../crypto/canonical';

/** The `purpose` of a signed sync request's text. */
export const SYNC_PURPOSE = 'polling-station/sync@1';
/** The `format` of a signed bundle (a station's records handed over as a file). */
export const BUNDLE_FORMAT = 'polling-station/bundle@1';
/** Every sync path is under this prefix. */
export const SYNC_BASE_PATH = '/sync/v1';

/**
 * The replicated collections (docs/SYNC.md "Collections"), in the order the station starts
 * them. The station's `election` and `voters` come from the package and are not replicated.
 */
export const SYNC_COLLECTIONS = [
  'checkins',
  'proxies',
  'trips',
  'spoiled',
  'reconciliation',
  'audit',
  'ballots',
  'countRecords',
  'machine',
  'setup',
] as const;

export type SyncCollectionName = (typeof SYNC_COLLECTIONS)[number];

/**
 * A document of these, once stored, is never changed (a withdrawn ballot is a new document, an
 * audit event is chained): a push that would change it is a conflict that keeps the stored copy.
 */
export const APPEND_ONLY_COLLECTIONS: ReadonlySet<SyncCollectionName> = new Set<SyncCollectionName>(['ballots', 'audit']);

export function isSyncCollection(name: string): name is SyncCollectionName {
  return (SYNC_COLLECTIONS as readonly string[]).includes(name);
}

/** The authentication headers of every request (HTTP header names are case-insensitive). */
export const SYNC_HEADERS = {
  station: 'X-Station-Id',
  timestamp: 'X-Station-Timestamp',
  nonce: 'X-Station-Nonce',
  signature: 'X-Station-Signature',
} as const;

export interface SyncSigningFields {
  /** The HTTP method; signed in upper case. */
  readonly method: string;
  /** The request target exactly as sent: path and query string (`/sync/v1/ballots/pull?checkpoint=…&limit=100`). */
  readonly path: string;
  /** Hex SHA-256 of the raw body (of '' for a GET). */
  readonly bodySha256: string;
  readonly stationId: string;
  /** ISO 8601 UTC with milliseconds. */
  readonly timestamp: string;
  /** 16 random bytes, base64url. */
  readonly nonce: string;
}

/** The canonical text the station key signs for one request (docs/SYNC.md "Authentication"). */
export function syncSigningText(fields: SyncSigningFields): string {
  return canonicalJson({
    purpose: SYNC_PURPOSE,
    method: fields.method.toUpperCase(),
    path: fields.path,
    bodySha256: fields.bodySha256,
    stationId: fields.stationId,
    timestamp: fields.timestamp,
    nonce: fields.nonce,
  });
}

/**
 * `scheme://host[:port]` of a district server address — what the station's Content-Security-Policy
 * names in `connect-src` — or null for anything that is not an http(s) URL. One rule for main (the
 * policy it sends) and the renderer (whether its page's policy lets the sync connect).
 */
export function districtOriginOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
