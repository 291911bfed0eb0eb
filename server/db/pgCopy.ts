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
    private readonly chunks: Iterable<string>,
  ) {
    this.result = new Promise<number>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Run `sql` (a `COPY … FROM STDIN`) on `client` with `chunks` as the data; the number of rows. */
  static run(client: pg.PoolClient | pg.Client, sql: string, chunks: Iterable<string>): Promise<number> {
    const copy = new CopyIn(sql, chunks);
    client.query(copy as unknown as pg.Submittable);
    return copy.result;
  }

  submit(connection: CopyConnection): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    try {
      for (const chunk of this.chunks) if (chunk.length > 0) connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
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
export function copyJsonField(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}
