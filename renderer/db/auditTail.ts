/**
 * The end of the audit log without reading all of it. RxDB reads a descending sort by reading
 * the whole index range (its storages keep ascending indexes only), which at a cold start with
 * 10,000 events was a third of a second; here the head is found by id lookups — seqs run 1, 2,
 * 3 … without a gap (the chain requires it) and the id carries the seq — and only the events
 * above `head − limit` are read.
 */
import { auditId } from '../../shared/station/recordIds';
import type { AuditEvent } from '../../shared/station/records';
import type { AuditDatabase } from './audit';

/** The highest seq in the log (0 when it is empty): a doubling, then a halving search by id. */
export async function auditHeadSeq(db: AuditDatabase): Promise<number> {
  const exists = async (seq: number) => (await db.audit.findOne(auditId(seq)).exec()) !== null;
  if (!(await exists(1))) return 0;
  let low = 1;
  let high = 2;
  while (await exists(high)) {
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await exists(mid)) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * The `limit` latest events in seq order. Everything above `head − limit` is read, so an event
 * past a gap (a log someone cut) is still among them.
 */
export async function latestAudit(db: AuditDatabase, limit: number): Promise<AuditEvent[]> {
  const head = await auditHeadSeq(db);
  const docs = await db.audit.find({ selector: { seq: { $gt: head - limit } }, sort: [{ seq: 'asc' }] }).exec();
  return docs.slice(-limit).map((doc) => doc.toMutableJSON() as AuditEvent);
}
