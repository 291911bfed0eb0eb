/**
 * The end of the audit log without reading all of it (at a cold start with 10,000 events, the
 * descending sort it was read with took a third of a second): the head by a few index lookups
 * (highest.ts), then only the events above `head − limit`.
 */
import type { AuditEvent } from '../../shared/station/records';
import type { AuditDatabase } from './audit';
import { highestIndexed } from './highest';

/** The highest seq in the log, 0 when it is empty (by lookups in the index on seq). */
export async function auditHeadSeq(db: AuditDatabase): Promise<number> {
  const firstFrom = async (seq: number): Promise<number | null> => (await db.audit.findOne({ selector: { seq: { $gte: Math.max(0, seq) } }, sort: [{ seq: 'asc' }] }).exec())?.seq ?? null;
  return (await highestIndexed(firstFrom)) ?? 0;
}

/** The `limit` latest events in seq order (fewer where the log has a gap: a log someone cut). */
export async function latestAudit(db: AuditDatabase, limit: number): Promise<AuditEvent[]> {
  const head = await auditHeadSeq(db);
  const docs = await db.audit.find({ selector: { seq: { $gt: head - limit } }, sort: [{ seq: 'asc' }] }).exec();
  return docs.slice(-limit).map((doc) => doc.toMutableJSON() as AuditEvent);
}
