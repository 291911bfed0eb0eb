/**
 * The tamper-evident audit log: every action is an event with time, clerk and desk, and a hash
 * over its content and the previous event's hash. Appends in one tab are serialized; the seq
 * in the document id makes a second tab racing on the same seq fail and retry on the new head.
 */
import { canonicalJson } from '../../shared/crypto/canonical';
import { sha256Hex } from '../../shared/crypto/hash';
import type { AuditEvent } from '../../shared/station/records';
import type { StationDatabase } from './database';
import type { AuditDoc } from './schemas/station';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly clerk: string;
  readonly desk: string;
  readonly at?: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<AuditEvent>;
}

export function auditId(seq: number): string {
  return `audit-${String(seq).padStart(9, '0')}`;
}

export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  return sha256Hex(canonicalJson(event));
}

/** Index of the first event whose hash or link is wrong, or -1 when the chain holds. */
export function verifyAuditChain(events: readonly AuditEvent[]): number {
  let previous = GENESIS_HASH;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as AuditEvent;
    const { hash, ...content } = event;
    if (event.seq !== index + 1 || event.prevHash !== previous || hashAuditEvent(content) !== hash) return index;
    previous = hash;
  }
  return -1;
}

async function head(db: StationDatabase): Promise<{ seq: number; hash: string }> {
  const last = await db.audit.findOne({ selector: {}, sort: [{ seq: 'desc' }] }).exec();
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}

function isConflict(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'CONFLICT';
}

export function createAuditLog(db: StationDatabase): AuditLog {
  let queue: Promise<unknown> = Promise.resolve();
  const write = async (entry: AuditEntry): Promise<AuditEvent> => {
    for (let attempt = 0; ; attempt++) {
      const previous = await head(db);
      const content: Omit<AuditEvent, 'hash'> = {
        id: auditId(previous.seq + 1),
        seq: previous.seq + 1,
        at: entry.at ?? new Date().toISOString(),
        type: entry.type,
        data: JSON.parse(JSON.stringify(entry.data)) as Record<string, unknown>,
        prevHash: previous.hash,
        clerk: entry.clerk,
        desk: entry.desk,
      };
      const event: AuditEvent = { ...content, hash: hashAuditEvent(content) };
      try {
        await db.audit.insert(event as AuditDoc);
        return event;
      } catch (error) {
        if (!isConflict(error) || attempt > 20) throw error;
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

export async function listAudit(db: StationDatabase, options: { limit: number; beforeSeq?: number }): Promise<AuditEvent[]> {
  const selector = options.beforeSeq !== undefined ? { seq: { $lt: options.beforeSeq } } : {};
  const docs = await db.audit.find({ selector, sort: [{ seq: 'desc' }], limit: options.limit }).exec();
  return docs.map((doc) => doc.toMutableJSON() as AuditEvent).reverse();
}
