/**
 * Schema migrations: the roll (version 0 had no pinyin; version 1 computes it from the name),
 * the election (version 0 did not keep the package's districtServer; version 1 does) and the
 * polling day (version 1 adds the version number and the transition's audit entry).
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRxDatabase, type RxCollection } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createStationDatabase } from '../../../renderer/db/database';
import { openElection } from '../../../renderer/db/importPackage';
import { pinyinOf } from '../../../renderer/db/pinyin';
import { electionMigrationStrategies, electionSchemaV0, type ElectionDocV0 } from '../../../renderer/db/schemas/election';
import { votersSchemaV0, type VoterDocV0 } from '../../../renderer/db/schemas/voters';
import { machineSchemaV0, type MachineDocV0 } from '../../../renderer/db/schemas/machine';
import { setupDocFromDistrict, setupSchemaV0, type SetupDoc, type SetupDocV0 } from '../../../renderer/db/schemas/setup';
import { createAuditLog, verifyAuditChains } from '../../../renderer/db/audit';
import { auditHeadSeq } from '../../../renderer/db/auditTail';
import { auditSchemaV0, type AuditDoc } from '../../../renderer/db/schemas/audit';
import type { AuditEvent } from '../../../shared/station/records';
import { machineDayStore } from '../../../renderer/db/machineStore';
import { openPollingDayGate } from '../../../renderer/machine/gate';
import { pollingDayMachine, stepOf } from '../../../renderer/machine/pollingDay';
import { createActor } from 'xstate';
import { AT, databases, quietOpenCoreBanner, testImport, testStorage, uniqueName } from './helpers';

const dbs = databases();
beforeAll(quietOpenCoreBanner);
afterEach(() => dbs.closeAll());

const v0Voters: VoterDocV0[] = [
  { id: 'v1', name: '张伟', gender: 'M', birthDate: '1970-01-01', idTail: '1234', address: '1号楼', group: '第一居民小组', status: 'registered' },
  { id: 'v2', name: '吕绿', gender: 'F', birthDate: '1980-01-01', idTail: '567X', address: '2号楼', group: '第二居民小组', status: 'struck', struckReason: '迁出' },
  { id: 'v3', name: '阿卜杜·热合曼', gender: 'M', birthDate: '1990-01-01', idTail: '0001', address: '3号楼', group: '第一居民小组', status: 'registered' },
];

describe('pinyinOf', () => {
  it('gives lower-case initials and the full pinyin without tones, spaces or marks', () => {
    expect(pinyinOf('张伟')).toEqual({ pinyinInitials: 'zw', pinyinFull: 'zhangwei' });
    expect(pinyinOf('吕绿')).toEqual({ pinyinInitials: 'll', pinyinFull: 'lvlv' });
    expect(pinyinOf('阿卜杜·热合曼')).toEqual({ pinyinInitials: 'abdrhm', pinyinFull: 'abudureheman' });
  });
});

describe('voters v0 → v1', () => {
  it('adds the pinyin of every name to a roll stored by version 0', async () => {
    const name = uniqueName('migrate');
    const v0 = await createRxDatabase<{ voters: RxCollection<VoterDocV0> }>({ name, storage: testStorage(), multiInstance: false });
    await v0.addCollections({ voters: { schema: votersSchemaV0 } });
    await v0.voters.bulkInsert(v0Voters);
    // Version 0 refuses the fields version 1 adds.
    await expect(v0.voters.insert({ ...v0Voters[0]!, id: 'v9', pinyinInitials: 'zw' } as VoterDocV0)).rejects.toMatchObject({ code: 'VD2' });
    await v0.close();

    const station = dbs.track(await createStationDatabase({ name, storage: testStorage() }));
    expect(station.voters.schema.version).toBe(1);
    const docs = (await station.voters.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON());
    expect(docs).toEqual([
      { ...v0Voters[0], pinyinInitials: 'zw', pinyinFull: 'zhangwei' },
      { ...v0Voters[1], pinyinInitials: 'll', pinyinFull: 'lvlv' },
      { ...v0Voters[2], pinyinInitials: 'abdrhm', pinyinFull: 'abudureheman' },
    ]);
    // The migrated documents are in the new index.
    const found = await station.voters.find({ selector: { pinyinInitials: 'll' }, index: ['pinyinInitials'] }).exec();
    expect(found.map((doc) => doc.id)).toEqual(['v2']);
  });
});

describe('election v0 → v1 (districtServer)', () => {
  /** The election document as version 0 stored it (no districtServer). */
  function v0Election(): ElectionDocV0 {
    const imported = testImport(3, undefined, { districtServer: 'https://district.example.org' });
    const pkg = imported.package;
    return {
      id: 'election',
      format: pkg.format,
      issuedAt: pkg.issuedAt,
      districtKey: pkg.districtKey,
      signature: pkg.signature,
      election: pkg.election,
      station: pkg.station,
      ballotStock: pkg.ballotStock,
      electionHash: imported.electionHash,
      districtKeyFingerprint: imported.districtKeyFingerprint,
      importedAt: AT,
    };
  }

  it('keeps the election document of a database written by version 0; districtServer is null', async () => {
    const name = uniqueName('migrate-election');
    const old = v0Election();
    const v0 = await createRxDatabase<{ election: RxCollection<ElectionDocV0> }>({ name, storage: testStorage(), multiInstance: false });
    await v0.addCollections({ election: { schema: electionSchemaV0 } });
    await v0.election.insert(old);
    // Version 0 refuses the field version 1 adds.
    await expect(v0.election.upsert({ ...old, districtServer: 'https://x.example' } as ElectionDocV0)).rejects.toMatchObject({ code: 'VD2' });
    await v0.close();

    const station = dbs.track(await createStationDatabase({ name, storage: testStorage() }));
    expect(station.election.schema.version).toBe(1);
    const election = await openElection(station);
    expect(election).toEqual({ ...old, districtServer: null });
    // The migrated document is a valid version 1 document: it can be written again.
    await station.election.findOne('election').exec().then((doc) => doc!.incrementalPatch({ importedAt: '2026-12-06T09:00:00.000+08:00' }));
    expect((await openElection(station))?.importedAt).toBe('2026-12-06T09:00:00.000+08:00');
  });

  it('takes districtServer from the stored document when it carries one; drops anything unknown', async () => {
    const name = uniqueName('migrate-election');
    const old = v0Election();
    // A version 0 document that carries the package's address (written without the validator,
    // which RxDB then stores as it is) and a stray field the version 1 schema would refuse.
    const unvalidated = getRxStorageDexie({ indexedDB, IDBKeyRange });
    const v0 = await createRxDatabase<{ election: RxCollection<ElectionDocV0> }>({ name, storage: unvalidated, multiInstance: false });
    await v0.addCollections({ election: { schema: electionSchemaV0 } });
    await v0.election.insert({ ...old, districtServer: 'https://district.example.org/root', stray: 1 } as ElectionDocV0);
    await v0.close();

    const station = dbs.track(await createStationDatabase({ name, storage: testStorage() }));
    expect(await openElection(station)).toEqual({ ...old, districtServer: 'https://district.example.org/root' });
  });

  it('a database with no election document opens at version 1 with none', async () => {
    const name = uniqueName('migrate-election');
    const v0 = await createRxDatabase<{ election: RxCollection<ElectionDocV0> }>({ name, storage: testStorage(), multiInstance: false });
    await v0.addCollections({ election: { schema: electionSchemaV0 } });
    await v0.close();
    const station = dbs.track(await createStationDatabase({ name, storage: testStorage() }));
    expect(station.election.schema.version).toBe(1);
    expect(await openElection(station)).toBeNull();
  });
});

describe('election migration strategy', () => {
  it('keeps districtServer only when it is a non-empty string of at most 2,000 characters', () => {
    const migrate = electionMigrationStrategies[1]!;
    const base = { id: 'election' };
    expect(migrate({ ...base, districtServer: 'https://a.example' }, undefined as never)).toMatchObject({ districtServer: 'https://a.example' });
    expect(migrate({ ...base, districtServer: 42 }, undefined as never)).toMatchObject({ districtServer: null });
    expect(migrate({ ...base, districtServer: '' }, undefined as never)).toMatchObject({ districtServer: null });
    expect(migrate({ ...base, districtServer: `https://${'a'.repeat(2000)}` }, undefined as never)).toMatchObject({ districtServer: null });
    expect(migrate(base, undefined as never)).toMatchObject({ districtServer: null });
  });
});

describe('machine v0 → v1 (version, audit)', () => {
  it('keeps the stored polling day of version 0 as version 1 with no audit entry to append; the station opens on it', async () => {
    const name = uniqueName('migrate-machine');
    const snapshot = JSON.parse(JSON.stringify(createActor(pollingDayMachine).getPersistedSnapshot())) as Record<string, unknown>;
    const paused = { ...snapshot, value: { polling: 'paused' }, context: { ...(snapshot.context as object), checkinsInProgress: { '2号台': 'v9' } } };
    const v0 = await createRxDatabase<{ machine: RxCollection<MachineDocV0> }>({ name, storage: testStorage(), multiInstance: false });
    await v0.addCollections({ machine: { schema: machineSchemaV0 } });
    await v0.machine.insert({ id: 'polling-day', snapshot: paused, savedAt: AT });
    // Version 0 refuses the fields version 1 adds.
    await expect(v0.machine.upsert({ id: 'polling-day', snapshot: paused, savedAt: AT, version: 2 } as MachineDocV0)).rejects.toMatchObject({ code: 'VD2' });
    await v0.close();

    const station = dbs.track(await createStationDatabase({ name, storage: testStorage() }));
    expect(station.machine.schema.version).toBe(1);
    expect((await station.machine.findOne('polling-day').exec())?.toJSON()).toEqual({ id: 'polling-day', snapshot: paused, version: 1, savedAt: AT, audit: null });
    const gate = await openPollingDayGate(machineDayStore(station), { audit: createAuditLog(station) });
    expect(stepOf(gate.getSnapshot().value)).toBe('paused');
    expect(gate.getSnapshot().context.checkinsInProgress).toEqual({ '2号台': 'v9' });
    expect(gate.version).toBe(1);
    // The migrated document takes the next transition (compare-and-set on it) as version 2.
    expect((await gate.transition({ type: 'RESUME_POLLS' }, { type: 'polls.resumed', data: {}, clerk: '冯静', desk: '1号台' })).ok).toBe(true);
    expect((await station.machine.findOne('polling-day').exec())?.toJSON()).toMatchObject({ version: 2, snapshot: { value: { polling: 'open' } }, audit: { type: 'polls.resumed' } });
    gate.stop();
  });
});

describe('setup v0 → v1 (ballotStockReason)', () => {
  const v0Setup: SetupDocV0 = {
    id: 'setup',
    chair: '周建国',
    chiefScrutineer: '孙志强',
    scrutineers: ['钱敏', '何丽'],
    callers: ['吴磊'],
    recorders: ['郑洁'],
    checkinClerks: ['冯静'],
    ballotStock: 3400,
    emptyBoxCheckedBy: '孙志强',
    emptyBoxCheckedAt: AT,
    runoffBallotStocks: [1200],
  };

  it('opens a setup stored by version 0: every field kept, the reason null; it can be written again', async () => {
    const name = uniqueName('migrate-setup');
    const v0 = await createRxDatabase<{ setup: RxCollection<SetupDocV0> }>({ name, storage: testStorage(), multiInstance: false });
    await v0.addCollections({ setup: { schema: setupSchemaV0 } });
    await v0.setup.insert(v0Setup);
    // Version 0 refuses the field version 1 adds.
    await expect(v0.setup.upsert({ ...v0Setup, ballotStockReason: '少一包' } as SetupDocV0)).rejects.toMatchObject({ code: 'VD2' });
    await v0.close();

    const station = dbs.track(await createStationDatabase({ name, storage: testStorage() }));
    expect(station.setup.schema.version).toBe(1);
    const doc = await station.setup.findOne('setup').exec();
    expect(doc?.toJSON()).toEqual({ ...v0Setup, ballotStockReason: null });
    await doc!.incrementalPatch({ ballotStockReason: '区里少发了一包' });
    expect((await station.setup.findOne('setup').exec())?.ballotStockReason).toBe('区里少发了一包');
  });

  it('a setup the district still holds from version 0 (a pull) stores as version 1; a version 1 document is left as it is', async () => {
    const station = dbs.track(await createStationDatabase({ name: uniqueName('pull-setup'), storage: testStorage() }));
    // As version 1 refuses it: no reason field.
    await expect(station.setup.insert(v0Setup as SetupDoc)).rejects.toMatchObject({ code: 'VD2' });
    const upgraded = setupDocFromDistrict(v0Setup);
    expect(upgraded).toEqual({ ...v0Setup, ballotStockReason: null });
    await station.setup.insert(upgraded as SetupDoc);
    expect((await station.setup.findOne('setup').exec())?.ballotStockReason).toBeNull();
    const withReason = { ...v0Setup, ballotStockReason: '少一包' };
    expect(setupDocFromDistrict(withReason)).toBe(withReason);
  });
});

describe('audit v0 → v1 (id index)', () => {
  it('keeps a version-0 log event for event, its chain still verifies, and the next event goes on its head', async () => {
    const name = uniqueName('migrate-audit');
    const v0 = await createRxDatabase<{ audit: RxCollection<AuditDoc> }>({ name, storage: testStorage(), multiInstance: false });
    await v0.addCollections({ audit: { schema: auditSchemaV0 } });
    // The events as version 0 stored them: appended by the station's own log.
    const log = createAuditLog(v0 as never);
    for (let i = 0; i < 40; i++) await log.append({ type: 'checkin.issued', data: { i }, clerk: '冯静', desk: '1号台' });
    const before = (await v0.audit.find({ sort: [{ seq: 'asc' }] }).exec()).map((doc) => doc.toJSON());
    await v0.close();

    const station = dbs.track(await createStationDatabase({ name, storage: testStorage() }));
    expect(station.audit.schema.version).toBe(1);
    expect((await station.audit.find({ sort: [{ seq: 'asc' }] }).exec()).map((doc) => doc.toJSON())).toEqual(before);
    expect(await auditHeadSeq(station)).toBe(40);
    expect((await createAuditLog(station).append({ type: 'polls.closed', data: {}, clerk: '冯静', desk: '1号台' })).seq).toBe(41);
    expect(verifyAuditChains((await station.audit.find({ sort: [{ seq: 'asc' }] }).exec()).map((doc) => doc.toMutableJSON() as AuditEvent))).toBe(-1);
  });
});
