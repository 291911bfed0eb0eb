/**
 * The hub's transaction as a `Db`: the district's own storage functions (server/sync/documents.ts,
 * each of which opens its transaction) then run inside the hub's one transaction — a check-in's
 * compare-and-set, or a push and the anomalies it reveals, commit together or not at all. Each
 * inner "transaction" is a savepoint, so a step that fails and is retried (pushDocuments' COPY
 * meeting a stored id) rolls back only its own part.
 */
import type { ChangeListener, Db, Tx } from '../../db/types';

export function transactionAsDb(outer: Db, tx: Tx): Db {
  let savepoints = 0;
  return {
    kind: outer.kind,
    query: (sql, params) => tx.query(sql, params),
    async transaction<T>(fn: (inner: Tx) => Promise<T>): Promise<T> {
      const name = `hub_step_${++savepoints}`;
      await tx.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(tx);
        await tx.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    },
    onChange: (listener: ChangeListener) => outer.onChange(listener),
    close: () => Promise.reject(new Error('the hub transaction is not a database to close')),
  };
}
