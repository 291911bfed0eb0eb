/**
 * Pull and push of one station's collection (docs/SYNC.md). A push runs in one transaction
 * behind a per-(station, collection) advisory lock, so sequence numbers are handed out in
 * commit order and a pull checkpoint never skips a document; pushing the same rows again
 * changes nothing. Documents are stored without `_deleted` (kept in its own column).
 */
import { canonicalJson } from '../../shared/crypto/canonical';
import { sha256Hex } from '../../shared/crypto/hash';
import { copyChunk, copyJsonField, copyTextField, utf8Bytes, type Utf8Bytes } from '../db/pgCopy';
import type { Db, Queryable, Tx } from '../db/types';
import { issue } from '../../shared/election/issues';
import { CHECKED_TIME_FIELDS, EARLIEST_RECORD_TIME, recordTimeProblem } from '../../shared/station/recordTimes';
import { HttpError } from '../http/io';
import { markChecksStale, markChecksStaleAfterCopy } from '../results/coverage';
import { APPEND_ONLY, type CollectionName } from './collections';

export type Doc = Record<string, unknown> & { readonly id: string };
export type WireDoc = Doc & { readonly _deleted: boolean };

export interface PushRow {
  readonly assumedMasterState: WireDoc | null;
  readonly newDocumentState: WireDoc;
}

/**
 * A new document as the COPY fast path stores it: its id, its stored fields as JSON (UTF-8), its
 * deleted flag, and its revision when it came with one.
 */
export interface DocumentText {
  readonly id: string;
  readonly dataJson: Utf8Bytes;
  readonly deleted: boolean;
  readonly rev?: number;
  /** The checked time fields it holds (shared/station/recordTimes.ts), as the parsed document has them. */
  readonly times?: Readonly<Record<string, unknown>>;
}

export interface Checkpoint {
  readonly seq: number;
}

export const MAX_ID_LENGTH = 200;

/**
 * A station record's revision on the wire: RxDB's `_rev`, `"{height}-{token}"`. The height is the
 * station's own count of writes of that document (monotone per document), signed with the push
 * or the bundle that carries it (docs/SYNC.md "Revisions"). No backslash or quote in the token,
 * so the byte reader (pushText.ts) reads every valid one without escapes.
 */
const REVISION = /^([1-9][0-9]{0,14})-[\x21\x23-\x5b\x5d-\x7e]{0,128}$/;

/** The height of a `_rev` value, or null when it is not a revision. */
export function revisionHeight(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = REVISION.exec(value);
  return match ? Number(match[1]) : null;
}

/** A document's revision: its `_rev` height, null without one (an older station, a test client). */
export function documentRevision(doc: Record<string, unknown>): number | null {
  return doc._rev === undefined ? null : revisionHeight(doc._rev);
}

/**
 * How an arriving revision stands to the stored one: `unordered` when either is unknown (then
 * the rules without revisions apply), except that a state with a revision is newer than one
 * without, and one without is older than one with.
 */
export function compareRevisions(incoming: number | null, stored: number | null): 'newer' | 'older' | 'same' | 'unordered' {
  if (incoming === null && stored === null) return 'unordered';
  if (stored === null) return 'newer';
  if (incoming === null) return 'older';
  return incoming > stored ? 'newer' : incoming < stored ? 'older' : 'same';
}

/**
 * What a document is stored as: its fields without RxDB's own bookkeeping (`_deleted`, `_meta`,
 * `_rev`, `_attachments`: never stored, never compared), and the deleted flag.
 */
export function splitDoc(doc: Record<string, unknown>): { data: Record<string, unknown>; deleted: boolean } {
  // Rest destructuring: several times faster than filtering the entries.
  const { _deleted, _meta, _rev, _attachments, ...data } = doc;
  return { data, deleted: _deleted === true };
}

function stateKey(data: Record<string, unknown>, deleted: boolean): string {
  return canonicalJson({ d: data, x: deleted });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const MAX_DEPTH = 64;

/** Text PostgreSQL's jsonb cannot hold (U+0000, a lone surrogate), or nesting too deep; else null. */
function badValue(value: unknown, depth: number): string | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return 'a document cannot contain the character U+0000';
    if (LONE_SURROGATE.test(value)) return 'a document cannot contain a lone UTF-16 surrogate';
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_DEPTH) return `a document cannot be nested deeper than ${MAX_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = badValue(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const found = badValue(key, depth + 1) ?? badValue(item, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Not an object, or no usable id: the checks that need no walk through the values. */
function shapeProblem(doc: unknown): string | null {
  if (!isObject(doc)) return 'a document must be a JSON object';
  if (typeof doc.id !== 'string' || doc.id.length === 0 || doc.id.length > MAX_ID_LENGTH) return `a document needs an id of 1–${MAX_ID_LENGTH} characters`;
  if (doc._rev !== undefined && revisionHeight(doc._rev) === null) return 'a document\'s `_rev` must be a revision "N-…" (N a whole number ≥ 1)';
  return null;
}

/** Why a (JSON-parsed) document cannot be stored, or null. */
export function documentProblem(doc: unknown): string | null {
  return shapeProblem(doc) ?? badValue(doc, 0);
}

/** A `\u0000` or surrogate escape (`\uD800`–`\uDFFF`): the only ways JSON text can carry those. */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * Whether JSON text (decoded from UTF-8, which never yields U+0000 or a lone surrogate outside
 * an escape) surely holds no string with U+0000 or a lone surrogate: then only the nesting of
 * its values needs checking. False means "look closer" (an escaped backslash before `u0000`, a
 * well-formed escaped pair), not "bad".
 */
export function jsonTextHasPlainStrings(text: string): boolean {
  return !SUSPECT_ESCAPE.test(text);
}

/** `badValue` for values whose strings are known to be fine: only the nesting. */
function tooDeep(value: object, depth: number): string | null {
  if (depth > MAX_DEPTH) return `a document cannot be nested deeper than ${MAX_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'object' && item !== null) {
        const found = tooDeep(item as object, depth + 1);
        if (found) return found;
      }
    }
    return null;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) {
      const found = tooDeep(item, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** `documentProblem` for a document whose strings are known to be fine. */
function plainDocumentProblem(doc: unknown): string | null {
  return shapeProblem(doc) ?? tooDeep(doc as object, 0);
}

/**
 * Validate a push body; the first problem as text, or the rows. With `text` (the body as
 * received, decoded from UTF-8), a body that `jsonTextHasPlainStrings` clears skips the check of
 * every string: the answer is the same, only faster.
 */
export function readPushRows(body: unknown, maxRows: number, text?: string): { ok: true; rows: PushRow[] } | { ok: false; detail: string } {
  if (!Array.isArray(body)) return { ok: false, detail: 'the body must be an array of { assumedMasterState, newDocumentState }' };
  if (body.length > maxRows) return { ok: false, detail: `at most ${maxRows} rows per push` };
  const check = text !== undefined && jsonTextHasPlainStrings(text) ? plainDocumentProblem : documentProblem;
  const rows: PushRow[] = [];
  for (const [i, row] of body.entries()) {
    if (!isObject(row)) return { ok: false, detail: `row ${i} is not an object` };
    const problem = check(row.newDocumentState);
    if (problem) return { ok: false, detail: `row ${i}: newDocumentState: ${problem}` };
    const assumed = row.assumedMasterState;
    if (assumed !== undefined && assumed !== null) {
      const assumedProblem = check(assumed);
      if (assumedProblem) return { ok: false, detail: `row ${i}: assumedMasterState: ${assumedProblem}` };
    }
    rows.push({
      newDocumentState: row.newDocumentState as WireDoc,
      assumedMasterState: assumed === undefined || assumed === null ? null : (assumed as WireDoc),
    });
  }
  return { ok: true, rows };
}

/** A PostgreSQL text[] literal (`{"a","b"}`), passed as text: both drivers treat it alike. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

interface Stored {
  data: Record<string, unknown>;
  deleted: boolean;
  rev: number | null;
  key: string | null;
}

/** A state that is not the current one, kept in `document_history`. */
interface HistoryRow {
  readonly id: string;
  readonly rev: number | null;
  readonly data: Record<string, unknown>;
  readonly deleted: boolean;
  readonly reason: 'older' | 'replaced' | 'refused';
  readonly hash: string;
}

/**
 * Refuse a record whose times are impossible (shared/station/recordTimes.ts): a 400 naming the
 * record, the field and the rule; thrown inside the push's transaction, so nothing is written.
 */
export function checkRecordTimes(collection: CollectionName, id: string, fields: Readonly<Record<string, unknown>> | undefined, uploadedAt: number): void {
  if (fields === undefined || CHECKED_TIME_FIELDS[collection] === undefined) return;
  const problem = recordTimeProblem(collection, fields, uploadedAt);
  if (problem === null) return;
  throw new HttpError(400, [
    issue(problem.code, [collection, id, problem.field], { collection, id, field: problem.field, value: problem.value, earliest: EARLIEST_RECORD_TIME, uploadedAt: new Date(uploadedAt).toISOString() }),
  ]);
}

/** The canonical key of a state, computed once and only when a comparison needs it. */
function keyOf(state: Stored): string {
  state.key ??= stateKey(state.data, state.deleted);
  return state.key;
}

const toWire = (data: Record<string, unknown>, deleted: boolean): WireDoc => ({ ...data, _deleted: deleted }) as WireDoc;

export interface PushOutcome {
  /** The server state of every conflicting row (docs/SYNC.md "Push"), older revisions included. */
  readonly conflicts: WireDoc[];
  readonly written: number;
  /** Rows refused because the stored state has a newer revision (kept as history); also in `conflicts`. */
  readonly older?: number;
}

export interface PushHooks {
  /**
   * Called inside the push's transaction once its rows are written, before it commits (the
   * fault tests kill the server here: server/sync/faults.ts).
   */
  readonly beforeCommit?: () => Promise<void>;
  /**
   * Called once the push's rows are in (its COPY done, or the general path holding the lock):
   * the next push of its connection may now queue for the lock (server/sync/pushOrder.ts).
   */
  readonly written?: () => void;
}

/**
 * Apply rows in one transaction. `mode: 'bundle'` treats every row's assumed state as the
 * current one (the station's signed file is its word on its mutable documents); append-only
 * documents still never change. In both modes a row whose revision is older than the stored
 * one never becomes the current state: it is kept as history and answered as a conflict (a
 * bundle's row of the stored revision too).
 */
export async function pushRows(
  db: Db,
  stationId: string,
  collection: CollectionName,
  rows: readonly PushRow[],
  mode: 'push' | 'bundle' = 'push',
  hooks: PushHooks = {},
): Promise<PushOutcome> {
  if (rows.length === 0) return { conflicts: [], written: 0 };
  return pushDocuments(db, stationId, collection, documentTexts(rows), () => rows, mode, hooks);
}

/**
 * One push behind its collection's lock. The common case, every document new: one COPY, all or
 * nothing, in one transaction. When one of them is already stored — a unique violation rolls
 * that transaction back — or the same id comes twice, `rows()` (the same rows, parsed) go down
 * the general path in a second one. `hooks.written` is called only once the rows are in (never
 * between the two), so a push queued behind this one cannot come between them.
 */
export async function pushDocuments(
  db: Db,
  stationId: string,
  collection: CollectionName,
  documents: Iterable<DocumentText>,
  rows: () => readonly PushRow[],
  mode: 'push' | 'bundle' = 'push',
  hooks: PushHooks = {},
): Promise<PushOutcome> {
  try {
    return await db.transaction(async (tx) => {
      // The collection's lock and the COPY in one round trip.
      const written = await tx.copyFrom('documents (station_id, collection, id, data, deleted, rev)', copyText(stationId, collection, documents), collectionLockKey(stationId, collection));
      hooks.written?.();
      if (written === 0) return { conflicts: [], written: 0 };
      return finishWrite(tx, stationId, collection, written, hooks);
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
  }
  return db.transaction((tx) => applyRows(tx, stationId, collection, rows(), mode, hooks));
}

/** Parsed rows as the COPY stores them, one at a time (the COPY streams while the next is made). */
function* documentTexts(rows: readonly PushRow[]): Generator<DocumentText> {
  for (const row of rows) {
    const { data, deleted } = splitDoc(row.newDocumentState);
    const rev = documentRevision(row.newDocumentState);
    yield { id: row.newDocumentState.id, dataJson: utf8Bytes(JSON.stringify(data)), deleted, ...(rev === null ? {} : { rev }), times: row.newDocumentState };
  }
}

const UNIQUE_VIOLATION = '23505';

/** The advisory lock of one station's collection: its writes, one transaction at a time. */
const collectionLockKey = (stationId: string, collection: CollectionName) => `documents\u0001${stationId}\u0001${collection}`;

const lockCollection = (tx: Tx, stationId: string, collection: CollectionName) => tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [collectionLockKey(stationId, collection)]);

/** Rows per COPY chunk: PostgreSQL parses one while the next is built. */
const COPY_CHUNK_ROWS = 250;

/** The documents as COPY text for `documents (station_id, collection, id, data, deleted, rev)`, a chunk of lines at a time. */
function* copyText(stationId: string, collection: CollectionName, documents: Iterable<DocumentText>): Generator<Uint8Array<ArrayBuffer>> {
  const head = utf8Bytes(`${copyTextField(stationId)}\t${copyTextField(collection)}\t`);
  const uploadedAt = Date.now();
  let lines: Utf8Bytes[] = [];
  for (const doc of documents) {
    checkRecordTimes(collection, doc.id, doc.times, uploadedAt);
    lines.push(`${head}${utf8Bytes(copyTextField(doc.id))}\t${copyJsonField(doc.dataJson)}\t${doc.deleted ? 't' : 'f'}\t${doc.rev === undefined ? '\\N' : String(doc.rev)}\n` as Utf8Bytes);
    if (lines.length === COPY_CHUNK_ROWS) {
      yield copyChunk(lines);
      lines = [];
    }
  }
  if (lines.length > 0) yield copyChunk(lines);
}

/**
 * After the COPY of `written` new documents (the highest sequence numbers so far, behind the
 * collection's lock, so `currval` — this session's last `nextval` — is the batch's last one):
 * the station's checks go stale, the change is announced on commit.
 */
async function finishWrite(tx: Tx, stationId: string, collection: CollectionName, written: number, hooks: PushHooks): Promise<PushOutcome> {
  const seq = await markChecksStaleAfterCopy(tx, stationId);
  await hooks.beforeCommit?.();
  await tx.notify({ kind: 'documents', station: stationId, collection, seq });
  return { conflicts: [], written };
}

/** The history key of a state: its revision and its canonical content. */
const historyHash = (rev: number | null, key: string): string => sha256Hex(`${rev ?? '-'}\u0001${key}`);

/**
 * The general case: insert what is new, compare the rest with the stored state (conflicts,
 * updates). A row never replaces a stored state of a newer revision (docs/SYNC.md "Revisions").
 */
async function applyRows(tx: Tx, stationId: string, collection: CollectionName, rows: readonly PushRow[], mode: 'push' | 'bundle', hooks: PushHooks): Promise<PushOutcome> {
  const uploadedAt = Date.now();
  for (const row of rows) checkRecordTimes(collection, row.newDocumentState.id, row.newDocumentState, uploadedAt);
  await lockCollection(tx, stationId, collection);
  hooks.written?.();
  let maxSeq = 0;

  // New documents go straight in; only the ids already there are read back and compared.
  const firstById = new Map<string, { id: string; data: Record<string, unknown>; deleted: boolean; rev: number | null }>();
  for (const row of rows) {
    const id = row.newDocumentState.id;
    if (!firstById.has(id)) firstById.set(id, { id, ...splitDoc(row.newDocumentState), rev: documentRevision(row.newDocumentState) });
  }
  const inserted = await tx.query<{ id: string; seq: number }>(
    `INSERT INTO documents (station_id, collection, id, data, deleted, rev)
     SELECT $1, $2, x.doc->>'id', x.doc->'data', (x.doc->>'deleted')::boolean, (x.doc->>'rev')::bigint
       FROM jsonb_array_elements($3::text::jsonb) WITH ORDINALITY AS x(doc, ord)
      ORDER BY x.ord
     ON CONFLICT (station_id, collection, id) DO NOTHING
     RETURNING id, seq`,
    [stationId, collection, JSON.stringify([...firstById.values()])],
  );
  const insertedIds = new Set<string>();
  for (const row of inserted) {
    insertedIds.add(row.id);
    maxSeq = Math.max(maxSeq, row.seq);
  }

  const current = new Map<string, Stored>();
  const existing = [...firstById.keys()].filter((id) => !insertedIds.has(id));
  if (existing.length > 0) {
    const found = await tx.query<{ id: string; data: Record<string, unknown>; deleted: boolean; rev: number | null }>(
      `SELECT d.id, d.data, d.deleted, d.rev
         FROM unnest($3::text::text[]) AS x(id)
         CROSS JOIN LATERAL (
           SELECT id, data, deleted, rev FROM documents WHERE station_id = $1 AND collection = $2 AND id = x.id
         ) AS d`,
      [stationId, collection, textArrayLiteral(existing)],
    );
    for (const row of found) current.set(row.id, { data: row.data, deleted: row.deleted, rev: row.rev, key: null });
  }
  for (const id of insertedIds) {
    const first = firstById.get(id)!;
    current.set(id, { data: first.data, deleted: first.deleted, rev: first.rev, key: null });
  }

  const updates = new Map<string, { id: string; data: Record<string, unknown>; deleted: boolean; rev: number | null }>();
  /** Same content arrived with a newer revision: only the revision is raised (no new sequence number). */
  const raised = new Map<string, { id: string; rev: number }>();
  const history = new Map<string, HistoryRow>();
  const keep = (id: string, state: { data: Record<string, unknown>; deleted: boolean; rev: number | null }, key: string, reason: HistoryRow['reason']) => {
    const hash = historyHash(state.rev, key);
    if (!history.has(hash)) history.set(hash, { id, rev: state.rev, data: state.data, deleted: state.deleted, reason, hash });
  };
  const conflicts = new Map<string, WireDoc>();
  let older = 0;
  const appendOnly = APPEND_ONLY.has(collection);
  const seenInserted = new Set<string>();
  for (const row of rows) {
    const id = row.newDocumentState.id;
    if (insertedIds.has(id) && !seenInserted.has(id)) {
      seenInserted.add(id); // this row was the insert itself
      continue;
    }
    const stored = current.get(id);
    if (!stored) throw new Error(`push: document ${id} neither inserted nor found`);
    const { data, deleted } = splitDoc(row.newDocumentState);
    const rev = documentRevision(row.newDocumentState);
    const key = stateKey(data, deleted);
    const order = compareRevisions(rev, stored.rev);
    if (keyOf(stored) === key) {
      // Already there: a retried push changes nothing, but a newer revision of the same state is remembered.
      if (order === 'newer' && rev !== null) {
        stored.rev = rev;
        if (updates.has(id)) updates.set(id, { ...updates.get(id)!, rev });
        else raised.set(id, { id, rev });
      }
      continue;
    }
    if (order === 'older' || (order === 'same' && mode === 'bundle')) {
      // Never the current state: kept as history, answered with the stored (newer) state.
      keep(id, { data, deleted, rev }, key, 'older');
      older++;
      conflicts.set(id, toWire(stored.data, stored.deleted));
      continue;
    }
    const assumed = row.assumedMasterState === null ? null : splitDoc(row.assumedMasterState);
    const accepted = !appendOnly && (mode === 'bundle' || (assumed !== null && stateKey(assumed.data, assumed.deleted) === keyOf(stored)));
    if (!accepted) {
      // A stored ballot or audit event sent again with other content: never applied, but kept
      // (the dashboard shows the attempted rewrite, api/anomalies.ts).
      if (appendOnly) keep(id, { data, deleted, rev }, key, 'refused');
      conflicts.set(id, toWire(stored.data, stored.deleted));
      continue;
    }
    keep(id, stored, keyOf(stored), 'replaced');
    conflicts.delete(id);
    raised.delete(id);
    updates.set(id, { id, data, deleted, rev: rev ?? stored.rev });
    current.set(id, { data, deleted, rev: rev ?? stored.rev, key });
  }

  if (updates.size > 0) {
    const rowsOut = await tx.query<{ seq: number }>(
      `UPDATE documents d SET data = x.data, deleted = x.deleted, rev = x.rev, seq = nextval('documents_seq'), updated_at = now()
         FROM jsonb_to_recordset($3::text::jsonb) AS x(id text, data jsonb, deleted boolean, rev bigint)
        WHERE d.station_id = $1 AND d.collection = $2 AND d.id = x.id
       RETURNING d.seq`,
      [stationId, collection, JSON.stringify([...updates.values()])],
    );
    for (const row of rowsOut) maxSeq = Math.max(maxSeq, row.seq);
  }
  if (raised.size > 0) {
    await tx.query(
      `UPDATE documents d SET rev = x.rev
         FROM jsonb_to_recordset($3::text::jsonb) AS x(id text, rev bigint)
        WHERE d.station_id = $1 AND d.collection = $2 AND d.id = x.id AND (d.rev IS NULL OR d.rev < x.rev)`,
      [stationId, collection, JSON.stringify([...raised.values()])],
    );
  }
  if (history.size > 0) {
    await tx.query(
      `INSERT INTO document_history (station_id, collection, id, rev, data, deleted, reason, source, state_hash)
       SELECT $1, $2, x.id, x.rev, x.data, x.deleted, x.reason, $4, x.hash
         FROM jsonb_to_recordset($3::text::jsonb) AS x(id text, rev bigint, data jsonb, deleted boolean, reason text, hash text)
       ON CONFLICT (station_id, collection, id, state_hash) DO NOTHING`,
      [stationId, collection, JSON.stringify([...history.values()]), mode],
    );
  }
  const written = insertedIds.size + updates.size;
  // New or changed records: the station's checked results no longer cover exactly its records.
  if (written > 0) await markChecksStale(tx, stationId);
  if (written > 0) await hooks.beforeCommit?.();
  if (written > 0) await tx.notify({ kind: 'documents', station: stationId, collection, seq: maxSeq });
  return older > 0 ? { conflicts: [...conflicts.values()], written, older } : { conflicts: [...conflicts.values()], written };
}

/** Documents with `seq > checkpoint.seq`, in server order, at most `limit`. */
export async function pullDocuments(
  db: Queryable,
  stationId: string,
  collection: CollectionName,
  checkpoint: Checkpoint | null,
  limit: number,
): Promise<{ documents: WireDoc[]; checkpoint: Checkpoint | null }> {
  const rows = await db.query<{ data: Record<string, unknown>; deleted: boolean; seq: number }>(
    `SELECT data, deleted, seq FROM documents
      WHERE station_id = $1 AND collection = $2 AND seq > $3
      ORDER BY seq LIMIT $4`,
    [stationId, collection, checkpoint?.seq ?? 0, limit],
  );
  const last = rows[rows.length - 1];
  return {
    documents: rows.map((row) => toWire(row.data, row.deleted)),
    checkpoint: last ? { seq: last.seq } : checkpoint,
  };
}

/** The highest sequence number of a station's collection (0 when empty). */
export async function latestSeq(db: Queryable, stationId: string, collection: CollectionName): Promise<number> {
  const rows = await db.query<{ seq: number | null }>(
    'SELECT max(seq) AS seq FROM documents WHERE station_id = $1 AND collection = $2',
    [stationId, collection],
  );
  return rows[0]?.seq ?? 0;
}

/** Parse `?checkpoint=`: empty or absent is null; otherwise `{ seq }` with a whole seq ≥ 0. */
export function readCheckpoint(text: string | null): { ok: true; checkpoint: Checkpoint | null } | { ok: false } {
  if (text === null || text === '' || text === 'null') return { ok: true, checkpoint: null };
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null) return { ok: true, checkpoint: null };
    if (isObject(value) && Number.isSafeInteger(value.seq) && (value.seq as number) >= 0) return { ok: true, checkpoint: { seq: value.seq as number } };
  } catch {
    /* fall through */
  }
  return { ok: false };
}
