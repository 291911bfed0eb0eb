/** Storing a verified package: roll first, election document last; half imports never survive. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { electionHash } from '../../../shared/crypto';
import { createAuditLog } from '../../../renderer/db/audit';
import type { StationDatabase } from '../../../renderer/db/database';
import { clearStation, discardHalfImport, ELECTION_COLLECTIONS, openElection, storeImportedPackage, voterDoc } from '../../../renderer/db/importPackage';
import { AT, actor, databases, quietOpenCoreBanner, testImport } from './helpers';

const dbs = databases();
beforeAll(quietOpenCoreBanner);
afterEach(() => dbs.closeAll());

const IMPORTED_AT = '2026-12-06T07:00:00.000+08:00';

async function counts(db: StationDatabase): Promise<Record<string, number>> {
  const entries = await Promise.all(ELECTION_COLLECTIONS.map(async (name) => [name, await db[name].count().exec()] as const));
  return Object.fromEntries(entries.filter(([, count]) => count > 0));
}

/** Records of a polling day in progress, one per election collection besides the roll. */
async function pollingDayRecords(db: StationDatabase): Promise<void> {
  await db.checkins.insert({ id: '1:v00001', round: 1, voterId: 'v00001', kind: 'inPerson', status: 'issued', issuedAt: AT, ...actor });
  await db.proxies.insert({ id: '1:v00002:1', round: 1, entrustingVoterId: 'v00003', holderVoterId: 'v00002', formNumber: 'WT-1', relationship: 'spouse', recordedAt: AT, ...actor });
  await db.trips.insert({ id: '1-M1', round: 1, ballotsOut: 3, staff: ['甲', '乙'], departedAt: AT, status: 'out', ...actor });
  await db.spoiled.insert({ id: '1-S0001-v00001', round: 1, voterId: 'v00001', at: AT, reason: '写错', ...actor });
  await db.reconciliation.insert({ id: 'round-1', round: 1, stock: 10, issued: 1, spoiled: 1, unused: 8, difference: 0, at: AT, ...actor });
  await db.setup.insert({ id: 'setup', chair: '甲', chiefScrutineer: '乙', scrutineers: ['丙'], callers: ['丁'], recorders: ['戊'], checkinClerks: ['己'], ballotStock: 10, emptyBoxCheckedBy: '乙', emptyBoxCheckedAt: AT, ballotStockReason: null });
}

describe('storeImportedPackage', () => {
  it('stores a 200-voter roll with pinyin, then the election; openElection returns it', async () => {
    const db = await dbs.station();
    expect(await openElection(db)).toBeNull();
    const imported = testImport(200);
    const stored = await storeImportedPackage(db, imported, IMPORTED_AT);

    const election = await openElection(db);
    expect(election).toEqual(stored);
    expect(election).toMatchObject({
      id: 'election',
      format: imported.package.format,
      station: imported.package.station,
      ballotStock: 220,
      issuedAt: imported.package.issuedAt,
      districtKey: imported.package.districtKey,
      signature: imported.package.signature,
      electionHash: imported.electionHash,
      districtKeyFingerprint: imported.districtKeyFingerprint,
      importedAt: IMPORTED_AT,
    });
    // The definition is stored as given: its hash can be recomputed from the database.
    expect(electionHash(election!.election)).toBe(imported.electionHash);
    expect(election).not.toHaveProperty('roll');

    expect(await db.voters.count().exec()).toBe(200);
    const first = imported.package.roll[0]!;
    const voter = (await db.voters.findOne(first.id).exec())!.toJSON();
    expect(voter).toEqual(voterDoc(first));
    expect(voter.pinyinInitials).toMatch(/^[a-z]+$/);
    const struck = imported.package.roll.find((v) => v.status === 'struck')!;
    expect((await db.voters.findOne(struck.id).exec())!.toJSON()).toMatchObject({ status: 'struck', struckReason: '迁出' });
    expect(await discardHalfImport(db)).toBe(0);
    expect(await db.voters.count().exec()).toBe(200);
  });

  it('keeps the package\'s districtServer as signed (null when the package names none)', async () => {
    const db = await dbs.station();
    const withServer = testImport(5, undefined, { districtServer: 'https://district.example.org/sync-root' });
    expect(withServer.package.districtServer).toBe('https://district.example.org/sync-root');
    const stored = await storeImportedPackage(db, withServer, IMPORTED_AT);
    expect(stored.districtServer).toBe('https://district.example.org/sync-root');
    expect((await openElection(db))?.districtServer).toBe('https://district.example.org/sync-root');
    expect((await db.election.findOne('election').exec())?.toJSON().districtServer).toBe('https://district.example.org/sync-root');

    // Re-provisioning with a package that names no server: the old address does not linger.
    await storeImportedPackage(db, testImport(5), IMPORTED_AT);
    expect((await openElection(db))?.districtServer).toBeNull();
  });

  it('replaces a stored election: every record of the old one goes, the audit log and the machine stay', async () => {
    const db = await dbs.station();
    await storeImportedPackage(db, testImport(20), IMPORTED_AT);
    await pollingDayRecords(db);
    await db.machine.insert({ id: 'polling-day', snapshot: { value: 'polling' }, version: 1, savedAt: AT, audit: null });
    await createAuditLog(db).append({ type: 'package.imported', data: {}, ...actor });
    expect(Object.keys(await counts(db)).sort()).toEqual(['checkins', 'election', 'proxies', 'reconciliation', 'setup', 'spoiled', 'trips', 'voters']);

    // Re-provisioning with a package whose roll reuses some ids of the old one.
    const second = testImport(8);
    await storeImportedPackage(db, second, '2026-12-06T09:00:00.000+08:00');
    expect(await counts(db)).toEqual({ election: 1, voters: 8 });
    expect((await openElection(db))?.signature).toBe(second.package.signature);
    expect(await db.audit.count().exec()).toBe(1);
    expect(await db.machine.count().exec()).toBe(1);
  });

  it('leaves nothing behind when the roll cannot be stored', async () => {
    const db = await dbs.station();
    const imported = testImport(30);
    const roll = imported.package.roll.map((voter, i) => (i === 25 ? { ...voter, name: '' } : voter));
    await expect(storeImportedPackage(db, { ...imported, package: { ...imported.package, roll } }, IMPORTED_AT)).rejects.toThrow(/could not store the roll/);
    expect(await openElection(db)).toBeNull();
    expect(await counts(db)).toEqual({});
  });

  it('clearStation removes the election first and then its records', async () => {
    const db = await dbs.station();
    await storeImportedPackage(db, testImport(10), IMPORTED_AT);
    await pollingDayRecords(db);
    expect(await clearStation(db)).toBe(1 + 10 + 6);
    expect(await counts(db)).toEqual({});
  });
});

describe('discardHalfImport', () => {
  it('removes a roll (and any records) left without an election document by a crash', async () => {
    const db = await dbs.station();
    // A crash after the roll, before the election document:
    await db.voters.bulkInsert(testImport(12).package.roll.map(voterDoc));
    await pollingDayRecords(db); // …or in the middle of a re-provisioning
    expect(await openElection(db)).toBeNull();
    expect(await discardHalfImport(db)).toBe(12 + 6);
    expect(await counts(db)).toEqual({});
    expect(await discardHalfImport(db)).toBe(0);
  });

  it('waits for an import under way (another window starting up) instead of discarding its roll', async () => {
    const db = await dbs.station();
    // The other window starts up once the roll is written, before the election document is.
    let discarding: Promise<number> | undefined;
    db.voters.postInsert(() => {
      discarding ??= discardHalfImport(db);
    }, false);
    await storeImportedPackage(db, testImport(50), IMPORTED_AT);
    expect(discarding).toBeDefined();
    expect(await discarding).toBe(0);
    expect(await db.voters.count().exec()).toBe(50);
    expect(await openElection(db)).not.toBeNull();
  });
});
