/**
 * The tamper-evident audit log: every action is an event with time, clerk and desk, numbered
 * (`seq` 1, 2, 3 …) and hashed together with the previous event's hash:
 *
 *   hash = sha256Hex(canonicalJson(event without `hash`)),  prevHash of seq 1 = '0' × 64.
 *
 * Changing, removing or reordering a stored event breaks the chain at that event.
 *
 * Appends in one window go through a promise queue, so they never fork the chain. The seq is in
 * the document id (`audit-000000042`): a second window appending on the same head gets a write
 * conflict instead of a silent fork, and retries on top of the event that won.
 *
 * A station of several machines (issue 16) has one chain per machine: a desk's ids carry its
 * chain key (recordIds.ts auditId), so the desks' events meet at the hub and in the lead's
 * database without colliding, and each machine appends only to its own chain.
 */
import { auditId } from '../../shared/station/recordIds';
import type { AuditEvent } from '../../shared/station/records';
import { auditChainKey, GENESIS, GENESIS_HASH, hashAuditEvent, verifyAuditChain, verifyAuditChains, type AuditAnchor } from '../../shared/station/auditChain';
import type { StationCollections } from './database';
import type { AuditDoc } from './schemas/audit';
import { auditHeadSeq } from './auditTail';

/** The part of the database the log needs (the whole StationDatabase will do). */
export interface AuditDatabase {
  readonly audit: StationCollections['audit'];
}

export interface AuditEntry {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly clerk: string;
  readonly desk: string;
  /** ISO time; defaults to the log's clock. */
  readonly at?: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<AuditEvent>;
}

export { GENESIS, GENESIS_HASH, hashAuditEvent, verifyAuditChain, verifyAuditChains, auditChainKey, type AuditAnchor };

/** Give up after this many lost races in a row (another window appending without pause). */
const MAX_ATTEMPTS = 1000;

export { auditId };

/** The log's last event, found by a few index lookups (auditTail.ts), not a descending sort that reads the whole log. */
async function readHead(db: AuditDatabase, chain: string): Promise<AuditAnchor> {
  const seq = await auditHeadSeq(db, chain);
  const last = seq > 0 ? await db.audit.findOne(auditId(seq, chain)).exec() : null;
  return last ? { seq: last.seq, hash: last.hash } : GENESIS;
}

/** The event already stored under the id we tried, when the insert lost a race. */
function conflictingEvent(error: unknown): AuditDoc | undefined {
  const rxError = error as { code?: string; parameters?: { writeError?: { status?: number; documentInDb?: AuditDoc } } } | null;
  if (rxError?.code !== 'CONFLICT') return undefined;
  return rxError.parameters?.writeError?.documentInDb;
}

/** JSON round trip: what is hashed is exactly what is stored (no undefined, Dates as text). */
function plainData(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

export interface AuditLogOptions {
  readonly now?: () => string;
  /**
   * This machine's chain (issue 16): '' for the lead or a lone station (the default), a desk's
   * `auditChainKey` once it is paired. Asked at every append.
   */
  readonly chain?: () => string;
}

export function createAuditLog(db: AuditDatabase, options: AuditLogOptions = {}): AuditLog {
  const now = options.now ?? (() => new Date().toISOString());
  const chainOf = options.chain ?? (() => '');
  let queue: Promise<unknown> = Promise.resolve();
  /** The head after this log's last append: the next one chains onto it (another window's append in between makes it conflict, and the head is read again). */
  let known: (AuditAnchor & { readonly chain: string }) | null = null;

  const write = async (entry: AuditEntry): Promise<AuditEvent> => {
    const at = entry.at ?? now();
    const data = plainData(entry.data);
    const chain = chainOf();
    let head: AuditAnchor = known && known.chain === chain ? known : await readHead(db, chain);
    for (let attempt = 1; ; attempt++) {
      const seq = head.seq + 1;
      const content: Omit<AuditEvent, 'hash'> = { id: auditId(seq, chain), seq, at, type: entry.type, data, prevHash: head.hash, clerk: entry.clerk, desk: entry.desk };
      const event: AuditEvent = { ...content, hash: hashAuditEvent(content) };
      try {
        await db.audit.insert({ ...event, data });
        known = { seq, hash: event.hash, chain };
        return event;
      } catch (error) {
        known = null;
        const winner = conflictingEvent(error);
        if (!winner || attempt >= MAX_ATTEMPTS) throw error;
        // Another window took this seq: chain onto its event, or onto a newer head if the
        // query already sees one (the query cache may lag behind the storage, the conflict not).
        const fresh = await readHead(db, chain);
        head = fresh.seq > winner.seq ? fresh : { seq: winner.seq, hash: winner.hash };
      }
    }
  };

  return {
    append(entry) {
      const result = queue.then(() => write(entry));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

/**
 * A page of the log in seq order: the `limit` latest events before `beforeSeq` (default: the
 * latest). Check a page that does not start at seq 1 with `verifyAuditChain(page, anchor)`.
 */
export async function listAudit(db: AuditDatabase, options: { readonly limit: number; readonly beforeSeq?: number }): Promise<AuditEvent[]> {
  const selector = options.beforeSeq !== undefined ? { seq: { $lt: options.beforeSeq } } : {};
  const docs = await db.audit.find({ selector, sort: [{ seq: 'desc' }], limit: options.limit }).exec();
  return docs.map((doc) => doc.toMutableJSON() as AuditEvent).reverse();
}
