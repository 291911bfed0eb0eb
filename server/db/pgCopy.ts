/**
 * `COPY … FROM STDIN` on a `pg` client without a streaming dependency: a Submittable (the
 * interface `pg` uses for its own queries) that sends the data as CopyData messages when the
 * server asks for it, one per chunk as the chunks are made: the socket takes each at once, so
 * PostgreSQL parses one chunk while the next is being built. (One push is at most 32 MB.)
 */
import type pg from 'pg';

/** The part of pg's Connection a COPY needs (not in @types/pg). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

export class CopyIn {
  private rows = 0;
  private settled = false;
  private failure: Error | null = null;
  private readonly result: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: Error) => void;

  private constructor(
    private readonly sql: string,
    private readonly chunks: Iterable<Uint8Array<ArrayBuffer>>,
  ) {
    this.result = new Promise<number>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Run `sql` (a `COPY … FROM STDIN`) on `client` with `chunks` as the data; the number of rows. */
  static run(client: pg.PoolClient | pg.Client, sql: string, chunks: Iterable<Uint8Array<ArrayBuffer>>): Promise<number> {
    const copy = new CopyIn(sql, chunks);
    client.query(copy as unknown as pg.Submittable);
    return copy.result;
  }

  submit(connection: CopyConnection): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    try {
      // pg's writer needs a Buffer (a view of the same bytes, not a copy).
      for (const chunk of this.chunks) if (chunk.length > 0) connection.sendCopyFromChunk(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (error) {
      // The server ends the COPY with an error, which settles this query as failed.
      this.failure = error instanceof Error ? error : new Error(String(error));
      connection.sendCopyFail(this.failure.message);
      return;
    }
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rows = Number(/(\d+)$/.exec(message.text ?? '')?.[1] ?? 0);
  }

  /** Errors settle at once (as pg's own queries do); the client waits for ReadyForQuery before its next query. */
  handleError(error: Error): void {
    this.failure ??= error;
    this.settle();
  }

  handleReadyForQuery(): void {
    this.settle();
  }

  // Messages a COPY FROM never gets; pg may still call these on any active query.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.failure) this.reject(this.failure);
    else this.resolve(this.rows);
  }
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field of PostgreSQL's COPY text format: backslash, tab, newline and carriage return escaped. */
export function copyTextField(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIALS, (ch) => COPY_ESCAPES[ch]!) : value;
}

/**
 * `copyTextField` for the output of JSON.stringify, which never holds a raw tab, newline or
 * carriage return (they are escaped): only backslashes need doubling.
 */
export function copyJsonField<T extends string>(json: T): T {
  return (json.includes('\\') ? json.replaceAll('\\', '\\\\') : json) as T;
}

/**
 * Text in which every character stands for one byte (U+0000–U+00FF) of UTF-8: how the COPY path
 * carries JSON read straight from a request body without decoding it (`scanNewDocuments`), and
 * what its lines are built from. `Buffer.from(t, 'latin1')` gives the bytes back. COPY's escaping
 * works on it unchanged: a byte of a multi-byte UTF-8 character is never `\\`, tab, newline or
 * carriage return.
 */
export type Utf8Bytes = string & { readonly __utf8Bytes: true };

// eslint-disable-next-line no-control-regex -- the class is every non-ASCII character: all but U+0000–U+007F
const NON_ASCII = /[^\u0000-\u007f]/;

/** `text` as Utf8Bytes (ASCII text is its own UTF-8). */
export function utf8Bytes(text: string): Utf8Bytes {
  return (NON_ASCII.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text) as Utf8Bytes;
}

/** Utf8Bytes of a part of `bytes`, as they are. */
export function utf8BytesOf(bytes: Buffer, start = 0, end = bytes.length): Utf8Bytes {
  return bytes.toString('latin1', start, end) as Utf8Bytes;
}

/** The text Utf8Bytes stand for. */
export function fromUtf8Bytes(bytes: Utf8Bytes): string {
  return NON_ASCII.test(bytes) ? Buffer.from(bytes, 'latin1').toString('utf8') : bytes;
}

/** Lines of Utf8Bytes as one COPY data chunk. */
export function copyChunk(lines: readonly Utf8Bytes[]): Uint8Array<ArrayBuffer> {
  return Buffer.from(lines.join(''), 'latin1');
}
