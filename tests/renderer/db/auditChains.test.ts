/**
 * One audit chain per machine of a station (issue 16): a desk's events carry its chain key in
 * their ids, so the desks' logs meet in the lead's database (and at the hub) without colliding;
 * each machine appends onto its own chain's head whatever the others hold, and every chain is
 * checked from its own beginning.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditChainKey, createAuditLog, verifyAuditChains } from '../../../renderer/db/audit';
import { auditHeadSeq, latestAudit } from '../../../renderer/db/auditTail';
import { auditChainOf, auditId, proxyId, spoiledId, tripId } from '../../../shared/station/recordIds';
import type { AuditEvent } from '../../../shared/station/records';
import { actor, databases, quietOpenCoreBanner } from './helpers';

const dbs = databases();
beforeAll(quietOpenCoreBanner);
afterEach(() => dbs.closeAll());

const all = async (db: Awaited<ReturnType<typeof dbs.station>>): Promise<AuditEvent[]> =>
  (await db.audit.find({ sort: [{ seq: 'asc' }] }).exec()).map((doc) => doc.toMutableJSON() as AuditEvent);

describe('audit chains of several machines', () => {
  it('names a desk chain by its desk id, apart from the lead’s ids', () => {
    const key = auditChainKey('desk-7f3a');
    expect(key).toMatch(/^d[0-9a-f]{12}$/);
    expect(auditChainKey('desk-7f3a')).toBe(key);
    expect(auditChainKey('desk-7f3b')).not.toBe(key);
    expect(auditId(42)).toBe('audit-000000042');
    expect(auditId(42, key)).toBe(`audit-${key}-000000042`);
    expect(auditChainOf(auditId(42))).toBe('');
    expect(auditChainOf(auditId(42, key))).toBe(key);
    expect(auditChainOf('audit-42')).toBeNull();
    expect(tripId(1, 2, key)).toBe(`1-M2-${key}`);
    expect(proxyId(1, 'v-000042', 2, key)).toBe(`1:v-000042:2-${key}`);
    expect(proxyId(1, 'v-000042', 2)).toBe('1:v-000042:2');
    expect(spoiledId(1, 7, 'v-000042', key)).toBe(`1-S0007-v-000042-${key}`);
  });

  it('keeps each machine’s chain whole in one database: no id taken twice, each head its own', async () => {
    const db = await dbs.station();
    const deskA = auditChainKey('desk-A');
    const deskB = auditChainKey('desk-B');
    // Three machines append to the same database (as the lead's holds the desks' replicated events).
    const lead = createAuditLog(db);
    const a = createAuditLog(db, { chain: () => deskA });
    const b = createAuditLog(db, { chain: () => deskB });
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => lead.append({ type: 'lead', data: { i }, ...actor })),
      ...Array.from({ length: 7 }, (_, i) => a.append({ type: 'a', data: { i }, ...actor })),
      ...Array.from({ length: 3 }, (_, i) => b.append({ type: 'b', data: { i }, ...actor })),
    ]);
    // A fresh log of the lead (a restart) finds the lead's head, not the desk's higher seq.
    const leadAgain = createAuditLog(db);
    expect((await leadAgain.append({ type: 'lead', data: { i: 5 }, ...actor })).seq).toBe(6);
    expect(await auditHeadSeq(db)).toBe(6);
    expect(await auditHeadSeq(db, deskA)).toBe(7);
    expect(await auditHeadSeq(db, deskB)).toBe(3);
    expect((await latestAudit(db, 2, deskA)).map((event) => event.id)).toEqual([auditId(6, deskA), auditId(7, deskA)]);

    const events = await all(db);
    expect(events).toHaveLength(6 + 7 + 3);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    expect(verifyAuditChains(events)).toBe(-1);
    // A change in one desk's chain is found there.
    const tampered = events.map((event) => (event.id === auditId(4, deskA) ? { ...event, data: { i: 99 } } : event));
    expect(tampered[verifyAuditChains(tampered)]?.id).toBe(auditId(4, deskA));
    // A desk chain missing its first event is broken (a chain starts at seq 1).
    const cut = events.filter((event) => event.id !== auditId(1, deskB));
    expect(cut[verifyAuditChains(cut)]?.id).toBe(auditId(2, deskB));
  });
});
