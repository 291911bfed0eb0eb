/**
 * The station side of docs/SYNC.md: the wire shapes and their checks, the server address. The
 * contract shared with the district server (collections, append-only set, headers, the signed
 * text) lives in shared/station/sync.ts and is re-exported here. Pure (no DOM, no Node).
 */
import { SYNC_COLLECTIONS } from '../../../shared/station/sync';
import type { CollectionName } from '../database';

export {
  APPEND_ONLY_COLLECTIONS,
  BUNDLE_FORMAT,
  isSyncCollection,
  SYNC_BASE_PATH,
  SYNC_COLLECTIONS,
  SYNC_HEADERS,
  SYNC_PURPOSE,
  syncSigningText,
  type SyncCollectionName,
  type SyncSigningFields,
} from '../../../shared/station/sync';

// Every replicated collection is a collection of the station database.
SYNC_COLLECTIONS satisfies readonly CollectionName[];

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
