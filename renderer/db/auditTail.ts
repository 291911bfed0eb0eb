/**
 * The end of the audit log without reading all of it (at a cold start with 10,000 events, the
 * descending sort it was read with took a third of a second): the head by a few index lookups
 * (highest.ts), then only the events above `head − limit`.
 */
import { auditId, auditIdRange } from '../../shared/station/recordIds';
import type { AuditEvent } from '../../shared/station/records';
import type { AuditDatabase } from './audit';
import { highestIndexed } from './highest';

/**
 * The highest seq of one machine's chain (`chain` '' = the lead's, or a lone station's; issue 16),
 * 0 when it is empty: lookups in the primary index within the chain's ids (auditIdRange), so the
 * events of the other desks' chains, pulled from the hub, are never taken for this one's.
 */
export async function auditHeadSeq(db: AuditDatabase, chain = ''): Promise<number> {
  const { end } = auditIdRange(chain);
  const firstFrom = async (seq: number): Promise<number | null> =>
    (await db.audit.findOne({ selector: { id: { $gte: auditId(Math.max(0, seq), chain), $lt: end } }, sort: [{ id: 'asc' }] }).exec())?.seq ?? null;
  return (await highestIndexed(firstFrom)) ?? 0;
}

/** The `limit` latest events of a chain in seq order (fewer where the log has a gap: a log someone cut). */
export async function latestAudit(db: AuditDatabase, limit: number, chain = ''): Promise<AuditEvent[]> {
  const head = await auditHeadSeq(db, chain);
  const { end } = auditIdRange(chain);
  const docs = await db.audit.find({ selector: { id: { $gt: auditId(Math.max(0, head - limit), chain), $lt: end } }, sort: [{ id: 'asc' }] }).exec();
  return docs.slice(-limit).map((doc) => doc.toMutableJSON() as AuditEvent);
}
