/**
 * What main signs for the district sync (docs/SYNC.md) with the station key. The renderer asks,
 * main checks: only the canonical text of a sync request (`purpose: 'polling-station/sync@1'`)
 * or of an export bundle (`format: 'polling-station/bundle@1'`) is signed — so a renderer,
 * even a compromised one, cannot make main sign a SignedResult, a package or any other data
 * with the station's key. Anything else is refused with a `SyncSigningRefused` error.
 *
 * The checks are main's own (nothing from the renderer is trusted): the text must be exactly
 * `canonicalJson` of what it parses to, carry exactly the fields of its kind, well formed, and
 * a sync request's timestamp must be within 5 minutes of this computer's clock (no signatures
 * for later use).
 *
 * And main signs only what it can check against its own records (issue 12, item 3): a POST's
 * body comes with the text (its SHA-256 must be `bodySha256`; a GET's is empty), and every
 * check-in, ballot or count record (boxes, resolutions) a push carries must be a state main's
 * journal holds of that record (journaledStates) — the station pushes only what it wrote, and it
 * journals before it writes. Not checked against the journal: collections main keeps no journal
 * of (setup, machine, audit, trips); a posted or bundled result, which carries its own station
 * signature that only main's recount produces (stationSheets.ts) and the district verifies; a
 * bundle's documents, which hold the district's copies a sync kept after a conflict.
 */
import { canonicalJson, utf8 } from '../../shared/crypto/canonical';
import { base64urlDecode } from '../../shared/crypto/encoding';
import { sha256Hex } from '../../shared/crypto/hash';
import { journaledStates, type JournaledStates } from './journal/states';
import { BUNDLE_FORMAT, SYNC_PURPOSE as SYNC_SIGNING_PURPOSE } from '../../shared/station/sync';
import { loadOrCreateStationKey } from './keys';

export { BUNDLE_FORMAT, SYNC_SIGNING_PURPOSE };

/** The fields of a sync request's signed text, in docs/SYNC.md. */
const SYNC_FIELDS = ['bodySha256', 'method', 'nonce', 'path', 'purpose', 'stationId', 'timestamp'] as const;
/** The fields of a bundle without its signature. */
const BUNDLE_FIELDS = ['documents', 'electionHash', 'exportedAt', 'format', 'signedResults', 'station', 'stationKey'] as const;

/** The server refuses a timestamp further than this from its clock; main signs none further either. */
export const SYNC_CLOCK_WINDOW_MS = 5 * 60_000;
/** A request text is a few hundred characters; anything much larger is not one. */
const MAX_SYNC_TEXT = 16 * 1024;

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export class SyncSigningRefused extends Error {
  constructor(detail: string) {
    super(`main refuses to sign: ${detail}`);
    this.name = 'SyncSigningRefused';
  }
}

function refuse(detail: string): never {
  throw new SyncSigningRefused(detail);
}

/** The object `text` is the canonical JSON of, or a refusal. */
function parseCanonicalObject(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') refuse('the text must be a string');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    refuse('the text is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) refuse('the text is not a JSON object');
  let canonical: string;
  try {
    canonical = canonicalJson(value);
  } catch {
    refuse('the text has no canonical JSON form');
  }
  if (canonical !== text) refuse('the text is not canonical JSON (RFC 8785)');
  return value as Record<string, unknown>;
}

function exactFields(object: Record<string, unknown>, fields: readonly string[], what: string): void {
  const keys = Object.keys(object).sort();
  if (keys.length !== fields.length || keys.some((key, i) => key !== fields[i])) {
    refuse(`${what} must have exactly the fields ${fields.join(', ')}`);
  }
}

function isSixteenBytes(nonce: string): boolean {
  try {
    return base64urlDecode(nonce).length === 16;
  } catch {
    return false;
  }
}

/** Refuses (throws) unless `text` is the canonical signing text of a sync request. */
export function checkSyncRequestText(text: string, now: Date = new Date()): void {
  if (typeof text === 'string' && text.length > MAX_SYNC_TEXT) refuse('the text is too long for a sync request');
  const request = parseCanonicalObject(text);
  if (request.purpose !== SYNC_SIGNING_PURPOSE) refuse(`only texts with purpose "${SYNC_SIGNING_PURPOSE}" are signed here`);
  exactFields(request, SYNC_FIELDS, 'a sync request');
  const { method, path, bodySha256, stationId, timestamp, nonce } = request;
  if (method !== 'GET' && method !== 'POST') refuse('method must be GET or POST');
  if (typeof path !== 'string' || !path.startsWith('/') || !path.includes('/sync/v1/') || /[\s#]/.test(path)) {
    refuse('path must be a /sync/v1/ path (with its query string)');
  }
  if (typeof bodySha256 !== 'string' || !SHA256_HEX.test(bodySha256)) refuse('bodySha256 must be a lowercase hex SHA-256');
  if (typeof stationId !== 'string' || stationId.length === 0 || stationId.length > 128) refuse('stationId must be 1–128 characters');
  if (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp)) refuse('timestamp must be ISO 8601 UTC with milliseconds');
  const at = Date.parse(timestamp);
  if (!Number.isFinite(at) || Math.abs(at - now.getTime()) > SYNC_CLOCK_WINDOW_MS) refuse('timestamp is more than 5 minutes from this computer’s clock');
  if (typeof nonce !== 'string' || !BASE64URL.test(nonce) || !isSixteenBytes(nonce)) refuse('nonce must be 16 bytes in base64url');
}

/** Refuses (throws) unless `text` is the canonical text of an unsigned bundle of this station's key. */
export function checkBundleText(text: string, stationPublicKey: string): void {
  const bundle = parseCanonicalObject(text);
  if (bundle.format !== BUNDLE_FORMAT) refuse(`only texts with format "${BUNDLE_FORMAT}" are signed here`);
  exactFields(bundle, BUNDLE_FIELDS, 'a bundle (without its signature)');
  const { station, electionHash, documents, signedResults, exportedAt, stationKey } = bundle;
  if (typeof station !== 'string' || station.length === 0 || station.length > 128) refuse('station must be 1–128 characters');
  if (typeof electionHash !== 'string' || !SHA256_HEX.test(electionHash)) refuse('electionHash must be a lowercase hex SHA-256');
  if (documents === null || typeof documents !== 'object' || Array.isArray(documents)) refuse('documents must be an object of arrays');
  if (Object.values(documents).some((list) => !Array.isArray(list))) refuse('documents must be an object of arrays');
  if (!Array.isArray(signedResults)) refuse('signedResults must be an array');
  if (typeof exportedAt !== 'string' || !Number.isFinite(Date.parse(exportedAt))) refuse('exportedAt must be an ISO 8601 time');
  if (stationKey !== stationPublicKey) refuse('stationKey must be this station’s public key');
}

/** The collections whose records main journals: what a push or bundle of them must match. */
const JOURNALED: Readonly<Record<string, keyof JournaledStates>> = { checkins: 'checkins', ballots: 'ballots', countRecords: 'count' };

/** The document without RxDB's own fields (`_rev`, `_meta`, `_deleted`, `_attachments`). */
function withoutMeta(doc: unknown): Record<string, unknown> {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) refuse('a document must be a JSON object');
  return Object.fromEntries(Object.entries(doc as Record<string, unknown>).filter(([key]) => !key.startsWith('_')));
}

/** Refuses unless every document of `collection` is a state main's journal holds of it. */
function checkAgainstJournal(collection: string, docs: readonly unknown[], states: JournaledStates): void {
  const journaled = JOURNALED[collection];
  if (journaled === undefined) return;
  for (const raw of docs) {
    const doc = withoutMeta(raw);
    // Count records main does not recount from (results, sheets) are the renderer's own.
    if (collection === 'countRecords' && doc.kind !== 'boxes' && doc.kind !== 'resolution') continue;
    const id = typeof doc.id === 'string' ? doc.id : refuse(`a ${collection} document without an id`);
    if (!states[journaled].get(id)?.has(canonicalJson(doc))) refuse(`${collection} ${id} is not as main's journal holds it`);
  }
}

/** Refuses unless the body of a sync request fits main's records. */
function checkSyncBody(dataDir: string, text: string, body: string | undefined): void {
  const request = JSON.parse(text) as { method: string; path: string; bodySha256: string };
  if (sha256Hex(body ?? '') !== request.bodySha256) refuse(request.method === 'POST' && body === undefined ? 'a POST is signed only with its body' : 'bodySha256 is not the SHA-256 of the body');
  if (request.method !== 'POST' || body === undefined) return;
  const route = request.path.split('?', 1)[0] ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    refuse('the body is not JSON');
  }
  const push = /^\/sync\/v1\/([A-Za-z]+)\/push$/.exec(route);
  if (push) {
    if (!Array.isArray(parsed)) refuse('a push body is an array of rows');
    const docs = (parsed as Array<{ newDocumentState?: unknown }>).map((row) => row?.newDocumentState);
    checkAgainstJournal(push[1]!, docs, journaledStates(dataDir));
  }
}

/**
 * base64url Ed25519 signature of a sync request's canonical text, by the station key of
 * `dataDir`. `body`: the request's body (a POST's is required; it must fit main's records).
 */
export function signSyncRequestText(dataDir: string, text: string, now: Date = new Date(), body?: string): string {
  checkSyncRequestText(text, now);
  checkSyncBody(dataDir, text, body);
  return loadOrCreateStationKey(dataDir).sign(utf8(text));
}

/** base64url Ed25519 signature of a bundle's canonical text (without `signature`), by the station key. */
export function signBundleText(dataDir: string, text: string): string {
  const key = loadOrCreateStationKey(dataDir);
  checkBundleText(text, key.publicKey);
  return key.sign(utf8(text));
}

/** The bridge's two signing methods, served in-process for `dataDir` (nodeBridge, tests). */
export function syncSigningBridge(dataDir: string): { signSyncRequest(text: string, body?: string): Promise<string>; signBundle(text: string): Promise<string> } {
  return {
    signSyncRequest: async (text, body) => signSyncRequestText(dataDir, text, new Date(), body),
    signBundle: async (text) => signBundleText(dataDir, text),
  };
}
