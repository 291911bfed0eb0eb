/** The roll's schema migration: version 0 had no pinyin; version 1 computes it from the name. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRxDatabase, type RxCollection } from 'rxdb';
import { createStationDatabase } from '../../../renderer/db/database';
import { pinyinOf } from '../../../renderer/db/pinyin';
import { votersSchemaV0, type VoterDocV0 } from '../../../renderer/db/schemas/voters';
import { databases, quietOpenCoreBanner, testStorage, uniqueName } from './helpers';

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
