/**
 * The lookups a cold start and the first write after it make must read a few index entries, not
 * the collection: each query the storage runs for them is planned on an index that answers both
 * its selector and its sort (the storage then stops at the limit). Under the audit schema's
 * version 0 the head lookups were planned on `[_meta.lwt, id]` and each read the whole log
 * (28 reads of 10,000 events at a cold start: 6.5 s before the count screen showed).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../renderer/db/audit';
import { auditHeadSeq, latestAudit } from '../../../renderer/db/auditTail';
import type { StationDatabase } from '../../../renderer/db/database';
import { auditChainKey } from '../../../shared/station/auditChain';
import { actor, databases, quietOpenCoreBanner } from './helpers';

const dbs = databases();
beforeAll(quietOpenCoreBanner);
afterEach(() => dbs.closeAll());

interface Plan {
  readonly index: readonly string[];
  readonly sortSatisfiedByIndex: boolean;
  readonly selectorSatisfiedByIndex: boolean;
}

/** Records the plan of every query the audit collection's storage runs. */
function recordPlans(db: StationDatabase): Plan[] {
  const plans: Plan[] = [];
  const instance = db.audit.storageInstance as unknown as { query(prepared: { queryPlan: Plan }): Promise<unknown> };
  const query = instance.query.bind(instance);
  instance.query = (prepared) => {
    plans.push(prepared.queryPlan);
    return query(prepared);
  };
  return plans;
}

describe('index-backed lookups', () => {
  it('the audit head, the latest events and the first append after a restart: every query answered by its index', async () => {
    const db = await dbs.station();
    const lead = createAuditLog(db);
    const desk = createAuditLog(db, { chain: () => auditChainKey('desk-A') });
    for (let i = 0; i < 30; i++) {
      await lead.append({ type: 'lead', data: { i }, ...actor });
      await desk.append({ type: 'desk', data: { i }, ...actor });
    }
    const plans = recordPlans(db);
    expect(await auditHeadSeq(db)).toBe(30);
    expect(await auditHeadSeq(db, auditChainKey('desk-A'))).toBe(30);
    expect((await latestAudit(db, 5)).map((event) => event.seq)).toEqual([26, 27, 28, 29, 30]);
    // A new log (as after a restart) finds its head before its first append.
    expect((await createAuditLog(db).append({ type: 'lead', data: {}, ...actor })).seq).toBe(31);
    expect(plans.length).toBeGreaterThan(10);
    for (const plan of plans) expect(plan, JSON.stringify(plan)).toMatchObject({ index: ['_deleted', 'id'], sortSatisfiedByIndex: true, selectorSatisfiedByIndex: true });
  });
});
