/**
 * The HTTP client of docs/SYNC.md: every request carries the four X-Station-* headers, signed
 * through the bridge (the private key stays in main). The transport is injectable: `fetch` for
 * requests, and a reader of Server-Sent Events for the live stream.
 *
 * The default stream reader runs over `fetch` (a ReadableStream of `text/event-stream`), not
 * `EventSource`: EventSource cannot send request headers, and every request here must be
 * signed. It works the same in Chromium and in Node ≥ 18.
 */
import { sha256Hex } from '../../../shared/crypto/hash';
import { base64urlEncode } from '../../../shared/crypto/encoding';
import { issue, type IssueCode, type ValidationIssue } from '../../../shared/election/issues';
import { issueMessages } from '../../../shared/election/messages';
import {
  pullResponseProblem,
  pushResponseProblem,
  SYNC_BASE_PATH,
  SYNC_HEADERS,
  syncSigningText,
  type PullResponse,
  type PushRow,
  type SyncCheckpoint,
  type SyncCollectionName,
  type WireDocument,
} from './protocol';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Yields the `data` of each Server-Sent Event of the stream at `url` (requested with `headers`). */
export type EventStreamReader = (url: string, init: { readonly headers: Record<string, string>; readonly signal: AbortSignal }) => AsyncIterable<string>;

export interface SyncTransport {
  readonly fetch: FetchLike;
  readonly events: EventStreamReader;
}

/** A request that failed: `issue` says why (a code of shared/election/messages.ts). */
export class SyncRequestError extends Error {
  constructor(
    readonly issue: ValidationIssue,
    /** The HTTP status, or null when no answer came. */
    readonly status: number | null,
  ) {
    super(`${issue.code}${issue.params ? ` ${JSON.stringify(issue.params)}` : ''}`);
    this.name = 'SyncRequestError';
  }
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
    return detail.slice(0, 300);
  }
  return String(error).slice(0, 300);
}

function isIssueCode(code: unknown): code is IssueCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(issueMessages, code);
}

/** The server's `{ code, message, issues }` as an issue; anything else as `sync.httpError`. */
export async function responseError(response: Response): Promise<SyncRequestError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON
  }
  const found = body as { code?: unknown; message?: unknown; issues?: unknown } | null;
  const first = Array.isArray(found?.issues) ? (found.issues[0] as Partial<ValidationIssue> | undefined) : undefined;
  if (first && isIssueCode(first.code)) {
    const params = first.params && typeof first.params === 'object' ? first.params : undefined;
    return new SyncRequestError(issue(first.code, Array.isArray(first.path) ? first.path : [], params), response.status);
  }
  if (found && isIssueCode(found.code)) return new SyncRequestError(issue(found.code, []), response.status);
  const detail = typeof found?.message === 'string' ? found.message : response.statusText || 'error';
  return new SyncRequestError(issue('sync.httpError', [], { status: response.status, detail: detail.slice(0, 300) }), response.status);
}

function badResponse(detail: string): SyncRequestError {
  return new SyncRequestError(issue('sync.badResponse', [], { detail }), null);
}

/** The `data` of each event of a `text/event-stream` body (comments and other fields skipped). */
export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline: RegExpExecArray | null;
      const lineEnd = /\r\n|\r|\n/g;
      let start = 0;
      while ((newline = lineEnd.exec(buffer)) !== null) {
        // A lone '\r' at the very end may be half of a '\r\n': wait for the next chunk.
        if (newline[0] === '\r' && newline.index === buffer.length - 1 && !done) break;
        const line = buffer.slice(start, newline.index);
        start = newline.index + newline[0].length;
        if (line === '') {
          if (data.length > 0) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
        // ':' comments (heartbeats), event:, id:, retry: are not used by the protocol.
      }
      buffer = buffer.slice(start);
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

function defaultFetch(): FetchLike {
  return (url, init) => globalThis.fetch(url, init);
}

/** The default stream reader: `fetch` with the signed headers, the body read as SSE. */
export function fetchEventStream(fetchFn: FetchLike = defaultFetch()): EventStreamReader {
  return async function* (url, init) {
    let response: Response;
    try {
      response = await fetchFn(url, { method: 'GET', headers: { ...init.headers, accept: 'text/event-stream' }, signal: init.signal });
    } catch (error) {
      if (isAbort(error, init.signal)) throw error;
      throw new SyncRequestError(issue('sync.unreachable', [], { detail: describe(error) }), null);
    }
    if (!response.ok) throw await responseError(response);
    if (!response.body) throw badResponse('the stream has no body');
    try {
      yield* readEventStream(response.body);
    } catch (error) {
      if (isAbort(error, init.signal)) throw error;
      throw new SyncRequestError(issue('sync.unreachable', [], { detail: describe(error) }), null);
    }
  };
}

export function defaultTransport(overrides: Partial<SyncTransport> = {}): SyncTransport {
  const fetchFn = overrides.fetch ?? defaultFetch();
  return { fetch: fetchFn, events: overrides.events ?? fetchEventStream(fetchFn) };
}

/** 16 random bytes, base64url. */
export function randomNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return base64urlEncode(bytes);
}

export interface SignRequestArgs {
  readonly method: 'GET' | 'POST';
  /** Path with query string, exactly as sent. */
  readonly path: string;
  readonly body?: string;
  readonly stationId: string;
  /** The bridge's `signSyncRequest`: main checks the body against its records before it signs. */
  readonly sign: (canonicalText: string, body?: string) => Promise<string>;
  readonly now?: Date;
  readonly nonce?: string;
}

/** The four authentication headers of docs/SYNC.md for one request. */
export async function signedHeaders(args: SignRequestArgs): Promise<Record<string, string>> {
  const timestamp = (args.now ?? new Date()).toISOString();
  const nonce = args.nonce ?? randomNonce();
  const text = syncSigningText({ method: args.method, path: args.path, bodySha256: sha256Hex(args.body ?? ''), stationId: args.stationId, timestamp, nonce });
  let signature: string;
  try {
    signature = await args.sign(text, args.body);
  } catch (error) {
    throw new SyncRequestError(issue('sync.signRefused', [], { detail: describe(error) }), null);
  }
  return {
    [SYNC_HEADERS.station]: args.stationId,
    [SYNC_HEADERS.timestamp]: timestamp,
    [SYNC_HEADERS.nonce]: nonce,
    [SYNC_HEADERS.signature]: signature,
  };
}

export interface SyncClientOptions {
  /** Normalized (see `normalizeServerUrl`): no trailing slash. */
  readonly serverUrl: string;
  readonly stationId: string;
  /** The bridge's `signSyncRequest` (text, body). */
  readonly sign: (canonicalText: string, body?: string) => Promise<string>;
  readonly transport?: Partial<SyncTransport>;
  /** Aborts every request and stream of this client. */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

export interface SyncClient {
  pull(collection: SyncCollectionName, checkpoint: SyncCheckpoint | undefined, limit: number): Promise<PullResponse>;
  /** The server's state of every conflicting row. */
  push(collection: SyncCollectionName, rows: readonly PushRow[]): Promise<WireDocument[]>;
  /** One connection of the live stream: the parsed JSON of each event. */
  events(collection: SyncCollectionName, signal: AbortSignal): AsyncIterable<unknown>;
  /** POST /sync/v1/result; the server's answer (StoredResult). */
  postResult(signed: unknown): Promise<unknown>;
}

/**
 * One request of the protocol as a transport carries it: the parsed JSON of a 2xx answer, else a
 * SyncRequestError (`sync.unreachable` when no answer came). The district's is a signed `fetch`
 * (below); the station hub's goes through the bridge (`hubClient.ts`).
 */
export type ProtocolSend = (method: 'GET' | 'POST', pathAndQuery: string, body?: string) => Promise<unknown>;

/** The answer's text as JSON, or `sync.badResponse`. */
export function parseAnswer(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badResponse('the answer is not JSON');
  }
}

/**
 * The protocol of docs/SYNC.md over any transport: pull by checkpoint, push with conflicts, the
 * result — one implementation for the district (`basePath` /sync/v1) and the station hub
 * (/hub/v1, the same semantics: docs/HUB.md). `events` is absent where there is no stream.
 */
export function protocolClient(
  send: ProtocolSend,
  basePath: string,
  events: SyncClient['events'] = () => {
    throw badResponse('no live stream over this transport');
  },
): SyncClient {
  return {
    async pull(collection, checkpoint, limit) {
      const query = `checkpoint=${checkpoint ? encodeURIComponent(JSON.stringify({ seq: checkpoint.seq })) : ''}&limit=${limit}`;
      const answer = await send('GET', `${basePath}/${collection}/pull?${query}`);
      const problem = pullResponseProblem(answer);
      if (problem) throw badResponse(`pull ${collection}: ${problem}`);
      return answer as PullResponse;
    },
    async push(collection, rows) {
      const body = JSON.stringify(rows.map((row) => ({ assumedMasterState: row.assumedMasterState, newDocumentState: row.newDocumentState })));
      const answer = await send('POST', `${basePath}/${collection}/push`, body);
      const problem = pushResponseProblem(answer);
      if (problem) throw badResponse(`push ${collection}: ${problem}`);
      return answer as WireDocument[];
    },
    events,
    async postResult(signed) {
      return send('POST', `${basePath}/result`, JSON.stringify(signed));
    },
  };
}

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const transport = defaultTransport(options.transport);
  const now = options.now ?? (() => new Date());
  const base = options.serverUrl.replace(/\/+$/, '');

  /** The URL as fetch will send it, and its path + query as the server sees it (what is signed). */
  function target(pathAndQuery: string): { href: string; path: string } {
    const url = new URL(`${base}${pathAndQuery}`);
    return { href: url.href, path: `${url.pathname}${url.search}` };
  }

  const send: ProtocolSend = async (method, pathAndQuery, body) => {
    const { href, path } = target(pathAndQuery);
    const headers = await signedHeaders({ method, path, stationId: options.stationId, sign: options.sign, now: now(), ...(body !== undefined ? { body } : {}) });
    let response: Response;
    try {
      response = await transport.fetch(href, {
        method,
        headers: body !== undefined ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(body !== undefined ? { body } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (isAbort(error, options.signal)) throw error;
      throw new SyncRequestError(issue('sync.unreachable', [], { detail: describe(error) }), null);
    }
    if (!response.ok) throw await responseError(response);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (isAbort(error, options.signal)) throw error;
      throw new SyncRequestError(issue('sync.unreachable', [], { detail: describe(error) }), null);
    }
    return parseAnswer(text);
  };

  return protocolClient(send, SYNC_BASE_PATH, async function* (collection, signal) {
    const { href, path } = target(`${SYNC_BASE_PATH}/${collection}/stream`);
    const headers = await signedHeaders({ method: 'GET', path, stationId: options.stationId, sign: options.sign, now: now() });
    for await (const data of transport.events(href, { headers, signal })) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        throw badResponse(`stream ${collection}: an event is not JSON`);
      }
      yield parsed;
    }
  });
}
