/** The station database: every collection stores a valid record and refuses an invalid one. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_COLLECTIONS } from 'rxdb';
import { STATION_COLLECTIONS, RXDB_FREE_COLLECTION_LIMIT, type StationDatabase } from '../../../renderer/db/database';
import { AT, actor, databases, quietOpenCoreBanner, testImport } from './helpers';
import { voterDoc } from '../../../renderer/db/importPackage';

const dbs = databases();
beforeAll(quietOpenCoreBanner);
afterEach(() => dbs.closeAll());

const hash = (c: string) => c.repeat(64);

/** One valid record per collection, and invalid variants that the validator must refuse. */
function cases(): { [K in keyof typeof STATION_COLLECTIONS]?: { valid: object; invalid: Record<string, object> } } {
  const pkg = testImport(3).package;
  const checkin = { id: '1:v1', round: 1, voterId: 'v1', kind: 'inPerson', status: 'issued', issuedAt: AT, ...actor };
  const voter = voterDoc(pkg.roll[0]!);
  return {
    election: {
      valid: {
        id: 'election',
        format: pkg.format,
        issuedAt: pkg.issuedAt,
        districtKey: pkg.districtKey,
        signature: pkg.signature,
        election: pkg.election,
        station: pkg.station,
        ballotStock: pkg.ballotStock,
        electionHash: hash('a'),
        districtKeyFingerprint: 'abcd ef01 2345 6789',
        importedAt: AT,
        districtServer: 'https://district.example.org/sync-root',
      },
      invalid: {
        'a second election document': { id: 'election-2' },
        'no districtServer (null when the package names none)': { districtServer: undefined },
        'a districtServer that is not a string': { districtServer: 42 },
        'an empty districtServer': { districtServer: '' },
        'an electionHash that is not hex': { electionHash: hash('h') },
        'no station': { station: undefined },
      },
    },
    voters: {
      valid: voter,
      invalid: {
        'no pinyin': { pinyinInitials: undefined },
        'an unknown gender': { gender: 'X' },
        'an unknown key': { nickname: '小张' },
      },
    },
    checkins: {
      valid: checkin,
      invalid: {
        'no round': { round: undefined },
        'round 0': { round: 0 },
        'a fractional round': { round: 1.5 },
        'an unknown kind': { kind: 'byPost' },
        'an unknown key': { note: 'x' },
      },
    },
    proxies: {
      valid: { id: '1:v2:1', round: 1, entrustingVoterId: 'v3', holderVoterId: 'v2', formNumber: 'WT-001', relationship: 'spouse', recordedAt: AT, ...actor },
      invalid: { 'an unknown relationship': { relationship: 'neighbour' }, 'no holder': { holderVoterId: undefined } },
    },
    trips: {
      valid: { id: '1-M1', round: 1, ballotsOut: 5, staff: ['甲', '乙', '丙'], departedAt: AT, status: 'out', ...actor },
      invalid: { 'negative ballots': { ballotsOut: -1 }, 'staff not a list': { staff: '甲' }, 'a staff member that is not text': { staff: ['甲', 2] } },
    },
    spoiled: {
      valid: { id: '1-S0001-v1', round: 1, voterId: 'v1', at: AT, reason: '写错', ...actor },
      invalid: { 'no reason': { reason: undefined }, 'no clerk': { clerk: undefined } },
    },
    reconciliation: {
      valid: { id: 'round-1', round: 1, stock: 10, issued: 1, spoiled: 1, unused: 7, difference: -1, explanation: '一张遗失', signedOffBy: '乙', at: AT, ...actor },
      invalid: { 'a fractional count': { issued: 1.5 }, 'a count as text': { stock: '10' } },
    },
    audit: {
      valid: { id: 'audit-000000001', seq: 1, at: AT, type: 'test', data: { a: 1 }, prevHash: hash('0'), hash: hash('b'), ...actor },
      invalid: { 'seq 0': { seq: 0 }, 'data as a list': { data: [1] }, 'a short hash': { hash: 'abc' } },
    },
    machine: {
      valid: { id: 'polling-day', snapshot: { value: 'setup', context: { round: 1 } }, version: 2, savedAt: AT, audit: { type: 'package.imported', data: {}, clerk: '甲', desk: '1号台', at: AT } },
      invalid: { 'another id': { id: 'other' }, 'no snapshot': { snapshot: undefined }, 'no version': { version: undefined }, 'a negative version': { version: -1 }, 'an audit entry as text': { audit: 'x' } },
    },
    setup: {
      valid: {
        id: 'setup',
        chair: '甲',
        chiefScrutineer: '乙',
        scrutineers: ['丙'],
        callers: ['丁'],
        recorders: ['戊'],
        checkinClerks: ['己'],
        ballotStock: 10,
        emptyBoxCheckedBy: '乙',
        emptyBoxCheckedAt: AT,
        ballotStockReason: '区里少发了一包',
      },
      invalid: { 'no chair': { chair: undefined }, 'a stock as text': { ballotStock: '10' }, 'no stock reason field': { ballotStockReason: undefined }, 'a reason over 500 characters': { ballotStockReason: '多'.repeat(501) } },
    },
  };
}

function variant(valid: object, change: object): object {
  const doc: Record<string, unknown> = { ...valid, ...change };
  for (const [key, value] of Object.entries(change)) if (value === undefined) delete doc[key];
  return doc;
}

describe('station database', () => {
  it('opens the collections within the free RxDB budget and frees them on close', async () => {
    const before = OPEN_COLLECTIONS.size;
    const db = await dbs.station();
    expect(Object.keys(db.collections).sort()).toEqual(Object.keys(STATION_COLLECTIONS).sort());
    expect(OPEN_COLLECTIONS.size - before).toBe(Object.keys(STATION_COLLECTIONS).length);
    expect(Object.keys(STATION_COLLECTIONS).length).toBeLessThanOrEqual(RXDB_FREE_COLLECTION_LIMIT);
    await dbs.closeAll();
    expect(OPEN_COLLECTIONS.size).toBe(before);
  });

  const all = cases();
  for (const [name, { valid, invalid }] of Object.entries(all) as [keyof StationDatabase['collections'], { valid: object; invalid: Record<string, object> }][]) {
    it(`${name}: stores a valid record and refuses ${Object.keys(invalid).join(', ')}`, async () => {
      const db = await dbs.station();
      const collection = db.collections[name] as unknown as { insert(doc: object): Promise<{ toJSON(): unknown }>; count(): { exec(): Promise<number> } };
      const stored = await collection.insert(valid);
      expect(stored.toJSON()).toEqual(valid);
      for (const [label, change] of Object.entries(invalid)) {
        await expect(collection.insert(variant(valid, { id: (valid as { id: string }).id, ...change })), label).rejects.toMatchObject({ code: 'VD2' });
      }
      expect(await collection.count().exec()).toBe(1);
    });
  }

  it('covers every collection of this issue', () => {
    expect(Object.keys(all).sort()).toEqual(['audit', 'checkins', 'election', 'machine', 'proxies', 'reconciliation', 'setup', 'spoiled', 'trips', 'voters']);
  });

  it('refuses a second ballot to the same voter in the same round (same id)', async () => {
    const db = await dbs.station();
    const checkin = { id: '1:v1', round: 1, voterId: 'v1', kind: 'inPerson', status: 'issued', issuedAt: AT, ...actor } as const;
    await db.checkins.insert(checkin);
    await expect(db.checkins.insert({ ...checkin, desk: '2号台' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('finds records through the indexes the desks use', async () => {
    const db = await dbs.station();
    await db.checkins.bulkInsert([
      { id: '1:v1', round: 1, voterId: 'v1', kind: 'inPerson', status: 'issued', issuedAt: AT, ...actor },
      { id: '1:v2', round: 1, voterId: 'v2', kind: 'inPerson', status: 'undone', issuedAt: AT, undoneAt: AT, undoneBy: '冯静', undoReason: '发错', ...actor },
      { id: '2:v1', round: 2, voterId: 'v1', kind: 'inPerson', status: 'issued', issuedAt: AT, ...actor },
    ]);
    const issued = await db.checkins.find({ selector: { round: 1, status: 'issued' }, index: ['round', 'status'] }).exec();
    expect(issued.map((doc) => doc.id)).toEqual(['1:v1']);
    const ofVoter = await db.checkins.find({ selector: { voterId: 'v1' }, index: ['voterId'] }).exec();
    expect(ofVoter.map((doc) => doc.id).sort()).toEqual(['1:v1', '2:v1']);

    const roll = testImport(30).package.roll.map(voterDoc);
    await db.voters.bulkInsert(roll);
    const zhang = roll.find((voter) => voter.name.startsWith('张'))!;
    const byInitials = await db.voters.find({ selector: { pinyinInitials: { $regex: `^${zhang.pinyinInitials}` } }, index: ['pinyinInitials'] }).exec();
    expect(byInitials.map((doc) => doc.id)).toContain(zhang.id);
    const byTail = await db.voters.find({ selector: { idTail: zhang.idTail }, index: ['idTail'] }).exec();
    expect(byTail.map((doc) => doc.id)).toContain(zhang.id);
    const byGroup = await db.voters.count({ selector: { group: zhang.group } }).exec();
    expect(byGroup).toBe(roll.filter((voter) => voter.group === zhang.group).length);
  });
});
