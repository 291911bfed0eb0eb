/** A station's sync client for tests: every request signed as docs/SYNC.md says. */
import type { PushRow, WireDoc } from '../../../server/sync/documents';
import { signSyncRequest } from '../../../server/sync/signing';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export class SyncError extends Error {
  constructor(
    readonly status: number,
    readonly body: { code?: string; message?: string } & Record<string, unknown>,
  ) {
    super(`HTTP ${status} ${body.code ?? ''}: ${body.message ?? ''}`);
  }
}

export interface StationIdentity {
  readonly stationId: string;
  readonly secretKey: string;
}

export interface PreparedRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer<ArrayBuffer> | undefined;
}

export class StationClient {
  constructor(
    readonly baseUrl: string,
    readonly identity: StationIdentity,
    readonly fetchImpl: FetchLike = (url, init) => fetch(url, init),
  ) {}

  /** Signed headers for `method path body` (tests may tamper with them). */
  headers(method: string, path: string, body: Uint8Array | string = ''): Record<string, string> {
    return signSyncRequest({ method, path, body, stationId: this.identity.stationId, secretKey: this.identity.secretKey });
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }> {
    return this.send<T>(this.prepare(method, path, body, headers));
  }

  /** A request encoded and signed now, to be sent later (the city benchmark signs before its clock starts). */
  prepare(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>): PreparedRequest {
    // The body as bytes, encoded once: signed and sent as they are.
    return this.prepareBytes(method, path, body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8'), headers);
  }

  /** The same with the JSON body already encoded (`bytes`), or none. */
  prepareBytes(method: 'GET' | 'POST', path: string, bytes: Buffer<ArrayBuffer> | undefined, headers?: Record<string, string>): PreparedRequest {
    const signed = headers ?? signSyncRequest({ method, path, body: bytes ?? '', stationId: this.identity.stationId, secretKey: this.identity.secretKey });
    return { method, path, headers: { ...signed, ...(bytes === undefined ? {} : { 'content-type': 'application/json' }) }, body: bytes };
  }

  async send<T>(prepared: PreparedRequest): Promise<{ status: number; body: T }> {
    const response = await this.fetchImpl(`${this.baseUrl}${prepared.path}`, {
      method: prepared.method,
      headers: prepared.headers,
      ...(prepared.body === undefined ? {} : { body: prepared.body }),
    });
    const parsed = (await response.json()) as T;
    if (!response.ok) throw new SyncError(response.status, parsed as SyncError['body']);
    return { status: response.status, body: parsed };
  }

  static pullPath(collection: string, checkpoint: { seq: number } | null | undefined, limit: number): string {
    const cp = checkpoint ? encodeURIComponent(JSON.stringify(checkpoint)) : '';
    return `/sync/v1/${collection}/pull?checkpoint=${cp}&limit=${limit}`;
  }

  static pushPath(collection: string): string {
    return `/sync/v1/${collection}/push`;
  }

  async pull(collection: string, checkpoint: { seq: number } | null | undefined, limit = 100): Promise<{ documents: WireDoc[]; checkpoint: { seq: number } | null }> {
    return (await this.request<{ documents: WireDoc[]; checkpoint: { seq: number } | null }>('GET', StationClient.pullPath(collection, checkpoint, limit))).body;
  }

  /** Every document, page by page. */
  async pullAll(collection: string, limit = 1000): Promise<{ documents: WireDoc[]; checkpoint: { seq: number } | null }> {
    const documents: WireDoc[] = [];
    let checkpoint: { seq: number } | null = null;
    for (;;) {
      const page = await this.pull(collection, checkpoint, limit);
      documents.push(...page.documents);
      checkpoint = page.checkpoint;
      if (page.documents.length < limit) return { documents, checkpoint };
    }
  }

  async push(collection: string, rows: readonly PushRow[] | readonly { assumedMasterState?: unknown; newDocumentState: unknown }[]): Promise<WireDoc[]> {
    return (await this.request<WireDoc[]>('POST', StationClient.pushPath(collection), rows)).body;
  }

  /** Push new documents (no assumed state) in batches. */
  async pushNew(collection: string, docs: readonly object[], batch = 500): Promise<void> {
    for (let at = 0; at < docs.length; at += batch) {
      const conflicts = await this.push(collection, docs.slice(at, at + batch).map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } })));
      if (conflicts.length > 0) throw new Error(`${conflicts.length} unexpected conflicts`);
    }
  }

  async postResult(signed: unknown): Promise<{ status: number; body: { status: string; round: number; difference: string[] | null } }> {
    return this.request('POST', '/sync/v1/result', signed);
  }
}
