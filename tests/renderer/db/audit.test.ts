/** The audit log: an unbroken hash chain under concurrent appends; any change is detected. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../shared/crypto';
import { auditId, createAuditLog, GENESIS_HASH, hashAuditEvent, listAudit, verifyAuditChain } from '../../../renderer/db/audit';
import { actor, databases, quietOpenCoreBanner } from './helpers';

const dbs = databases();
beforeAll(quietOpenCoreBanner);
afterEach(() => dbs.closeAll());

describe('audit log', () => {
  it('chains 50 appends, 25 of them concurrent, as seq 1…50', async () => {
    const db = await dbs.station();
    const log = createAuditLog(db);
    const concurrent = await Promise.all(Array.from({ length: 25 }, (_, i) => log.append({ type: 'test.concurrent', data: { i }, ...actor })));
    expect(concurrent.map((event) => event.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    for (let i = 25; i < 40; i++) await log.append({ type: 'test.sequential', data: { i }, ...actor });
    await Promise.all(Array.from({ length: 10 }, (_, i) => log.append({ type: 'test.concurrent', data: { i: 40 + i }, ...actor })));

    const events = await listAudit(db, { limit: 100 });
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(events.map((event) => event.data.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events[0]!.id).toBe('audit-000000001');
    for (const [index, event] of events.entries()) {
      const { hash, ...content } = event;
      expect(hash).toBe(sha256Hex(canonicalJson(content)));
      if (index > 0) expect(event.prevHash).toBe(events[index - 1]!.hash);
    }
    expect(verifyAuditChain(events)).toBe(-1);
  });

  it('stores exactly what it hashed, with the clerk, desk and time given', async () => {
    const db = await dbs.station();
    const log = createAuditLog(db, { now: () => '2026-12-06T08:00:00.000+08:00' });
    const event = await log.append({ type: 'checkin.issued', data: { voterId: 'v1', skipped: undefined, when: new Date(0) }, clerk: '甲', desk: '2号台' });
    expect(event).toMatchObject({ seq: 1, at: '2026-12-06T08:00:00.000+08:00', clerk: '甲', desk: '2号台', data: { voterId: 'v1', when: '1970-01-01T00:00:00.000Z' } });
    expect(event.data).not.toHaveProperty('skipped');
    const [stored] = await listAudit(db, { limit: 1 });
    expect(stored).toEqual(event);
    const second = await log.append({ type: 'x', data: {}, ...actor, at: '2026-12-06T09:00:00.000+08:00' });
    expect(second.at).toBe('2026-12-06T09:00:00.000+08:00');
  });

  it('detects an event changed in the database, a removed event and a reordering', async () => {
    const db = await dbs.station();
    const log = createAuditLog(db);
    for (let i = 0; i < 20; i++) await log.append({ type: 'test', data: { i }, ...actor });

    const doc = await db.audit.findOne(auditId(7)).exec();
    await doc!.incrementalPatch({ data: { i: 999 } });
    const tampered = await listAudit(db, { limit: 100 });
    expect(tampered[6]!.data).toEqual({ i: 999 });
    expect(verifyAuditChain(tampered)).toBe(6);

    // Recomputing the changed event's own hash is not enough: the next event links the old one.
    const { hash: _hash, ...content } = tampered[6]!;
    const rehashed = tampered.map((event, index) => (index === 6 ? { ...event, hash: hashAuditEvent(content) } : event));
    expect(verifyAuditChain(rehashed)).toBe(7);

    await doc!.incrementalPatch({ data: { i: 6 } });
    const restored = await listAudit(db, { limit: 100 });
    expect(verifyAuditChain(restored)).toBe(-1);
    expect(verifyAuditChain(restored.filter((event) => event.seq !== 12))).toBe(11);
    expect(verifyAuditChain(restored.slice(1))).toBe(0);
    expect(verifyAuditChain([restored[0]!, restored[2]!, restored[1]!])).toBe(1);
    expect(verifyAuditChain([{ ...restored[0]!, clerk: '别人' }])).toBe(0);
  });

  it('pages backwards through the log; a page verifies from the event before it', async () => {
    const db = await dbs.station();
    const log = createAuditLog(db);
    for (let i = 0; i < 12; i++) await log.append({ type: 'test', data: { i }, ...actor });
    const latest = await listAudit(db, { limit: 5 });
    expect(latest.map((event) => event.seq)).toEqual([8, 9, 10, 11, 12]);
    const before = await listAudit(db, { limit: 5, beforeSeq: 8 });
    expect(before.map((event) => event.seq)).toEqual([3, 4, 5, 6, 7]);
    const anchor = before[before.length - 1]!;
    expect(verifyAuditChain(latest, anchor)).toBe(-1);
    expect(verifyAuditChain(latest)).toBe(0); // not the start of the log
    expect(await listAudit(db, { limit: 5, beforeSeq: 1 })).toEqual([]);
  });

  it('two log objects on one database (as two windows) racing on the same head do not fork the chain', async () => {
    const db = await dbs.station();
    await createAuditLog(db).append({ type: 'a', data: {}, ...actor });
    const other = createAuditLog(db);
    await other.append({ type: 'b', data: {}, ...actor });
    // Two log objects on one database (as two windows would be) racing on the same head.
    await Promise.all([createAuditLog(db).append({ type: 'c', data: {}, ...actor }), other.append({ type: 'd', data: {}, ...actor })]);
    const events = await listAudit(db, { limit: 10 });
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(events.map((event) => event.type).slice(2).sort()).toEqual(['c', 'd']);
    expect(verifyAuditChain(events)).toBe(-1);
  });
});
