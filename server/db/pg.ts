/**
 * PostgreSQL through a `pg` pool. Changes are broadcast with NOTIFY inside the writing
 * transaction (delivered on commit to every instance) and received on one LISTEN connection,
 * which reconnects by itself; after a reconnect listeners get `'resync'`.
 */
import pg from 'pg';
import { CopyIn } from './pgCopy';
import type { Change, ChangeListener, Db, Tx } from './types';

export const CHANGE_CHANNEL = 'district_changes';

/** bigint (int8) and numeric counts as numbers: sequence values stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
    oid === 20 ? (value: string) => Number(value) : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof pg.types.getTypeParser,
};

export async function openPg(connectionString: string, options: { readonly max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 20, types });
  pool.on('error', () => {
    /* an idle client lost its connection: the pool replaces it */
  });
  await pool.query('SELECT 1');
  const listeners = new Set<ChangeListener>();
  let closed = false;
  let listener: pg.Client | null = null;

  const emit = (change: Change | 'resync') => {
    for (const fn of listeners) fn(change);
  };

  async function connectListener(reconnecting: boolean): Promise<void> {
    while (!closed) {
      const client = new pg.Client({ connectionString, types });
      try {
        await client.connect();
        client.on('notification', (message) => {
          if (message.channel !== CHANGE_CHANNEL || message.payload === undefined) return;
          try {
            emit(JSON.parse(message.payload) as Change);
          } catch {
            emit('resync');
          }
        });
        client.on('error', () => {
          if (listener !== client || closed) return;
          listener = null;
          void client.end().catch(() => undefined);
          void connectListener(true);
        });
        await client.query(`LISTEN ${CHANGE_CHANNEL}`);
        listener = client;
        if (reconnecting) emit('resync');
        return;
      } catch {
        await client.end().catch(() => undefined);
        if (!reconnecting) throw new Error(`cannot LISTEN on ${CHANGE_CHANNEL}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
  await connectListener(false);

  return {
    kind: 'pg',
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      return (await pool.query(sql, [...params])).rows as R[];
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      // Notifications go with the COMMIT, in one round trip (still inside the transaction: sent only if it commits).
      const notifications: string[] = [];
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <R extends object>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, [...params])).rows as R[],
          notify: async (change) => {
            notifications.push(`SELECT pg_notify('${CHANGE_CHANNEL}', ${client.escapeLiteral(JSON.stringify(change))});`);
          },
          copyFrom: (target, chunks, lockKey) =>
            CopyIn.run(client, `${lockKey === undefined ? '' : `SELECT pg_advisory_xact_lock(hashtext(${client.escapeLiteral(lockKey)}));`}COPY ${target} FROM STDIN`, chunks),
        });
        await client.query(`${notifications.join('')}COMMIT`);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    onChange(fn: ChangeListener) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async close() {
      closed = true;
      listeners.clear();
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
