/**
 * Two windows of one station, simulated by two RxDatabase instances of the same name in one
 * process (dev-mode only: `ignoreDuplicate`). Dev-mode also checks every schema strictly.
 * Only the audit collection is opened twice: the free RxDB allows 13 collections per process.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addRxPlugin, createRxDatabase, type RxCollection } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { createAuditLog, listAudit, verifyAuditChain } from '../../../renderer/db/audit';
import { STATION_COLLECTIONS } from '../../../renderer/db/database';
import type { AuditDoc } from '../../../renderer/db/schemas/audit';
import { actor, databases, quietOpenCoreBanner, testStorage, uniqueName } from './helpers';

const dbs = databases();
beforeAll(() => {
  quietOpenCoreBanner();
  disableWarnings();
  addRxPlugin(RxDBDevModePlugin);
});
afterEach(() => dbs.closeAll());

async function auditWindow(name: string) {
  const db = dbs.track(await createRxDatabase<{ audit: RxCollection<AuditDoc> }>({ name, storage: testStorage(), multiInstance: true, ignoreDuplicate: true }));
  await db.addCollections({ audit: STATION_COLLECTIONS.audit });
  return db;
}

describe('several windows of one station', () => {
  it("passes dev-mode's schema checks for every collection", async () => {
    const db = await dbs.station();
    expect(Object.keys(db.collections)).toHaveLength(Object.keys(STATION_COLLECTIONS).length);
  });

  it('two windows appending at once never fork the audit chain', async () => {
    const name = uniqueName('windows');
    const [first, second] = [await auditWindow(name), await auditWindow(name)];
    const [a, b] = [createAuditLog(first), createAuditLog(second)];
    await Promise.all(
      Array.from({ length: 15 }, (_, i) => [a.append({ type: 'desk1', data: { i }, ...actor }), b.append({ type: 'desk2', data: { i }, ...actor, desk: '2号台' })]).flat(),
    );
    const seen = [await listAudit(first, { limit: 100 }), await listAudit(second, { limit: 100 })];
    for (const events of seen) {
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(verifyAuditChain(events)).toBe(-1);
    }
    expect(seen[1]).toEqual(seen[0]);
    // Each window's own events stay in the order it appended them.
    for (const type of ['desk1', 'desk2']) {
      expect(seen[0]!.filter((event) => event.type === type).map((event) => event.data.i)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    }
  });
});
