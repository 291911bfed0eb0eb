import { describe, expect, it } from 'vitest';
import { VoterIndex, type SearchableVoter } from '../../../renderer/station/voterIndex';

const v = (id: string, name: string, pinyinInitials: string, pinyinFull: string, idTail: string, address: string, group: string): SearchableVoter => ({
  id, name, pinyinInitials, pinyinFull, idTail, address, group,
});
const roll = new VoterIndex([
  v('1', '张伟', 'zw', 'zhangwei', '1234', '3号楼2单元101', '第一居民小组'),
  v('2', '张伟明', 'zwm', 'zhangweiming', '5678', '5号楼1单元302', '第二居民小组'),
  v('3', '李张', 'lz', 'lizhang', '123X', '3号楼1单元201', '第一居民小组'),
  v('4', '王芳', 'wf', 'wangfang', '0001', '7号楼3单元502', '第三居民小组'),
]);
const ids = (query: string) => roll.search(query).map((m) => m.voter.id);

describe('voter search at the check-in desk', () => {
  it('by name: prefix matches first, then substrings', () => expect(ids('张')).toEqual(['1', '2', '3']));
  it('by pinyin initials, then full pinyin, case-insensitive', () => {
    expect(ids('zw')).toEqual(['1', '2']);
    expect(ids('ZHANG')).toEqual(['1', '2']);
    expect(ids('wang')).toEqual(['4']);
  });
  it('by the ID number tail (X allowed)', () => {
    expect(ids('123')).toEqual(['1', '3']);
    expect(ids('123x')).toEqual(['3']);
  });
  it('by address or group', () => {
    expect(ids('3号楼')).toEqual(['1', '3']);
    expect(ids('第三居民')).toEqual(['4']);
  });
  it('nothing for an empty query; limit respected', () => {
    expect(ids('  ')).toEqual([]);
    expect(roll.search('张', 2)).toHaveLength(2);
  });
});
