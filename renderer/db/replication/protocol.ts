/**
 * The station side of docs/SYNC.md: names, paths, the signed text and the wire shapes. Pure
 * (no DOM, no Node): the renderer, main's checks and the tests share it.
 */
import { canonicalJson } from '../../../shared/crypto/canonical';
import type { CollectionName } from '../database';

export const SYNC_PURPOSE = 'polling-station/sync@1';
export const BUNDLE_FORMAT = 'polling-station/bundle@1';
export const SYNC_BASE_PATH = '/sync/v1';

/** The replicated collections (docs/SYNC.md "Collections"); `election` and `voters` come from the package. */
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
] as const satisfies readonly CollectionName[];

export type SyncCollectionName = (typeof SYNC_COLLECTIONS)[number];

/** Never changed once stored: a withdrawn ballot is a new document, an audit event is chained. */
export const APPEND_ONLY_COLLECTIONS: ReadonlySet<SyncCollectionName> = new Set<SyncCollectionName>(['ballots', 'audit']);

export function isSyncCollection(name: string): name is SyncCollectionName {
  return (SYNC_COLLECTIONS as readonly string[]).includes(name);
}

export const SYNC_HEADERS = {
  station: 'X-Station-Id',
  timestamp: 'X-Station-Timestamp',
  nonce: 'X-Station-Nonce',
  signature: 'X-Station-Signature',
} as const;

/** The server's pull checkpoint: documents with a greater `seq` are newer. */
export interface SyncCheckpoint {
  readonly seq: number;
}

/** A document on the wire: its fields and `_deleted` (no `_meta`, `_rev`, `_attachments`). */
export type WireDocument = Record<string, unknown> & { readonly id: string; readonly _deleted?: boolean };

export interface PullResponse {
  readonly documents: WireDocument[];
  readonly checkpoint: SyncCheckpoint | null;
}

export interface PushRow {
  readonly assumedMasterState: WireDocument | null;
  readonly newDocumentState: WireDocument;
}

export interface SyncSigningFields {
  readonly method: 'GET' | 'POST';
  /** The path as sent, with its query string. */
  readonly path: string;
  /** Hex SHA-256 of the raw body (of '' for a GET). */
  readonly bodySha256: string;
  readonly stationId: string;
  /** ISO 8601 UTC with milliseconds. */
  readonly timestamp: string;
  /** 16 random bytes, base64url. */
  readonly nonce: string;
}

/** The canonical text the station key signs for one request. */
export function syncSigningText(fields: SyncSigningFields): string {
  return canonicalJson({
    purpose: SYNC_PURPOSE,
    method: fields.method,
    path: fields.path,
    bodySha256: fields.bodySha256,
    stationId: fields.stationId,
    timestamp: fields.timestamp,
    nonce: fields.nonce,
  });
}

/** `https://host/prefix/` → `https://host/prefix`; null unless an http(s) URL without credentials, query or fragment. */
export function normalizeServerUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isWireDocument(value: unknown): value is WireDocument {
  return isObject(value) && typeof value.id === 'string' && value.id.length > 0;
}

export function isCheckpoint(value: unknown): value is SyncCheckpoint {
  return isObject(value) && typeof value.seq === 'number' && Number.isSafeInteger(value.seq) && value.seq >= 0;
}

/** Why a pull answer (or a stream event) is malformed, or null. */
export function pullResponseProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not a JSON object';
  if (!Array.isArray(value.documents)) return '"documents" is not an array';
  const bad = value.documents.findIndex((doc) => !isWireDocument(doc));
  if (bad >= 0) return `documents[${bad}] is not a document with an id`;
  if (value.checkpoint !== null && !isCheckpoint(value.checkpoint)) return '"checkpoint" is neither null nor { seq }';
  return null;
}

/** Why a push answer is malformed, or null. */
export function pushResponseProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'not an array of conflicting documents';
  const bad = value.findIndex((doc) => !isWireDocument(doc));
  return bad >= 0 ? `[${bad}] is not a document with an id` : null;
}
