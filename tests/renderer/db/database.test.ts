/** The station database: schemas validated, the roll migration, half imports, the audit chain. */
import { afterEach, describe, expect, it } from 'vitest';
import { createRxDatabase } from 'rxdb';
import { buildDemoPackage } from '../../../main/services/demo';
import { createAuditLog, listAudit, verifyAuditChain } from '../../../renderer/db/audit';
import type { StationDatabase } from '../../../renderer/db/database';
import { clearStation, discardHalfImport, openElection, storeImportedPackage } from '../../../renderer/db/importPackage';
import { votersMigrationStrategies, votersSchema, votersSchemaV0 } from '../../../renderer/db/schemas/election';
import { testDatabase, testStorage } from '../../helpers/station';

const opened: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});
async function db(): Promise<StationDatabase> {
  const created = await testDatabase();
  opened.push(created);
  return created;
}
const actor = { clerk: '冯静', desk: '1号台' };

describe('station database', () => {
  it('accepts valid records in every collection and refuses invalid ones', async () => {
    const station = await db();
    await station.checkins.insert({ id: '1:v1', round: 1, voterId: 'v1', kind: 'inPerson', status: 'issued', issuedAt: '2026-12-06T08:00:00Z', ...actor });
    await station.proxies.insert({ id: '1:v2:1', round: 1, entrustingVoterId: 'v3', holderVoterId: 'v2', formNumber: 'WT-1', relationship: 'spouse', recordedAt: 'x', ...actor });
    await station.trips.insert({ id: '1-M1', round: 1, ballotsOut: 5, staff: ['甲', '乙', '丙'], departedAt: 'x', status: 'out', ...actor });
    await station.spoiled.insert({ id: '1-S1', round: 1, voterId: 'v1', at: 'x', reason: '写错', ...actor });
    await station.reconciliation.insert({ id: 'round-1', round: 1, stock: 10, issued: 1, spoiled: 1, unused: 8, difference: 0, at: 'x', ...actor });
    await station.machine.insert({ id: 'polling-day', snapshot: { value: 'setup' }, savedAt: 'x' });
    await station.setup.insert({ id: 'setup', chair: '甲', chiefScrutineer: '乙', scrutineers: ['丙'], callers: ['丁'], recorders: ['戊'], checkinClerks: ['己'], ballotStock: 10, emptyBoxCheckedBy: '乙', emptyBoxCheckedAt: 'x' });
    const bad = [
      () => station.checkins.insert({ id: '1:v9', voterId: 'v9', kind: 'inPerson', status: 'issued', issuedAt: 'x', ...actor } as never),
      () => station.checkins.insert({ id: '1:v8', round: 1, voterId: 'v8', kind: 'byPost', status: 'issued', issuedAt: 'x', ...actor } as never),
      () => station.trips.insert({ id: '1-M2', round: 1, ballotsOut: -1, staff: [], departedAt: 'x', status: 'out', ...actor }),
      () => station.proxies.insert({ id: 'p', round: 1, entrustingVoterId: 'a', holderVoterId: 'b', formNumber: '1', relationship: 'neighbour', recordedAt: 'x', ...actor } as never),
    ];
    for (const write of bad) await expect(write()).rejects.toMatchObject({ code: 'VD2' });
    expect(await station.checkins.count().exec()).toBe(1);
  });

  it('migrates the roll from version 0 to 1, adding the pinyin of every name', async () => {
    const name = `migrate-${Date.now()}`;
    const v0 = await createRxDatabase({ name, storage: testStorage(), multiInstance: false });
    await v0.addCollections({ voters: { schema: votersSchemaV0 } });
    await v0.voters!.bulkInsert([
      { id: 'v1', name: '张伟', gender: 'M', birthDate: '1970-01-01', idTail: '1234', address: '1号楼', group: '第一居民小组', status: 'registered' },
      { id: 'v2', name: '吕绿', gender: 'F', birthDate: '1980-01-01', idTail: '5678', address: '2号楼', group: '第二居民小组', status: 'struck', struckReason: '迁出' },
    ]);
    await v0.close();
    const v1 = await createRxDatabase({ name, storage: testStorage(), multiInstance: false });
    opened.push(v1);
    await v1.addCollections({ voters: { schema: votersSchema, migrationStrategies: votersMigrationStrategies } });
    const docs = (await v1.voters!.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON());
    expect(docs.map((d) => [d.id, d.pinyinInitials, d.pinyinFull])).toEqual([
      ['v1', 'zw', 'zhangwei'],
      ['v2', 'll', 'lvlv'],
    ]);
    expect(docs[1]).toMatchObject({ status: 'struck', struckReason: '迁出' });
  });

  it('stores a package roll first and the election last; a half import is discarded at start', async () => {
    const station = await db();
    const pkg = buildDemoPackage();
    const small = { ...pkg, roll: pkg.roll.slice(0, 200) };
    await storeImportedPackage(station, { package: small, electionHash: 'h'.repeat(64), districtKeyFingerprint: 'abcd' }, '2026-12-06T07:00:00Z');
    expect((await openElection(station))?.station.id).toBe(pkg.station.id);
    expect(await station.voters.count().exec()).toBe(200);
    expect(await discardHalfImport(station)).toBe(0);

    // A crash after the roll but before the election document:
    await clearStation(station);
    await station.voters.bulkInsert((await (async () => small.roll.slice(0, 5).map((v) => ({ ...v, pinyinInitials: 'x', pinyinFull: 'x' })))()));
    expect(await openElection(station)).toBeNull();
    expect(await discardHalfImport(station)).toBe(5);
    expect(await station.voters.count().exec()).toBe(0);
  });

  it('keeps an unbroken hash chain under concurrent appends and detects a changed event', async () => {
    const station = await db();
    const log = createAuditLog(station);
    await Promise.all(Array.from({ length: 25 }, (_, i) => log.append({ type: 'test', data: { i }, ...actor })));
    for (let i = 25; i < 50; i++) await log.append({ type: 'test', data: { i }, ...actor });
    const events = await listAudit(station, { limit: 100 });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(verifyAuditChain(events)).toBe(-1);

    // A second log object (another tab) appends on the same head without forking the chain.
    const otherTab = createAuditLog(station);
    await Promise.all([log.append({ type: 'a', data: {}, ...actor }), otherTab.append({ type: 'b', data: {}, ...actor })]);
    const after = await listAudit(station, { limit: 100 });
    expect(after).toHaveLength(52);
    expect(verifyAuditChain(after)).toBe(-1);

    const tampered = after.map((e) => (e.seq === 17 ? { ...e, data: { i: 999 } } : e));
    expect(verifyAuditChain(tampered)).toBe(16);
    expect(verifyAuditChain(after.filter((e) => e.seq !== 30))).toBe(29);
  });
});
