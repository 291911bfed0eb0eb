/**
 * The one database interface of the district server. Two implementations run the same SQL:
 * a `pg` pool on a PostgreSQL server (`DATABASE_URL`) and embedded PGlite in a data folder.
 * JSON values are passed as text and cast in SQL (`$1::text::jsonb`) so both drivers agree.
 */

/** A row as the driver returns it: bigint columns as numbers, timestamptz as Date, jsonb parsed. */
export type Row = Record<string, unknown>;

export interface Queryable {
  query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** What changed, broadcast to every server instance on the same database after commit. */
export type Change =
  | { readonly kind: 'documents'; readonly station: string; readonly collection: string; readonly seq: number }
  | { readonly kind: 'result'; readonly station: string; readonly round: number }
  | { readonly kind: 'station'; readonly station: string };

export interface Tx extends Queryable {
  /** Broadcast `change` when (and only if) this transaction commits. */
  notify(change: Change): Promise<void>;
  /**
   * `COPY {target} FROM …` with `chunks` as its data: UTF-8 bytes in PostgreSQL's text format
   * (one row a line, columns separated by tabs, `copyTextField` escaping), each chunk whole lines. The
   * chunks are taken one by one, so PostgreSQL reads the first while the next is made.
   * Returns the number of rows copied. `target` is SQL (`table (col, …)`), never user input.
   * With `lockKey`, the transaction's advisory lock on `hashtext(lockKey)` is taken first — on
   * PostgreSQL in the same round trip, so the COPY starts the moment the lock is granted.
   */
  copyFrom(target: string, chunks: Iterable<Uint8Array<ArrayBuffer>>, lockKey?: string): Promise<number>;
}

export type ChangeListener = (change: Change | 'resync') => void;

export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Run `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Receive every committed change (from any instance on this database); `'resync'` when
   * changes may have been missed (the notification connection was lost and is back).
   */
  onChange(listener: ChangeListener): () => void;
  close(): Promise<void>;
}
