/** Communities, committees and rolls for the pre-election server tests (issue 17). */
import type { Db } from '../../../server/db/types';
import { importRoll } from '../../../server/preElection/rollImport';
import type { CommunityInput, RollImportResult } from '../../../server/preElection/types';
import { saveCommunity } from '../../../server/preElection/communities';
import { idNumber, rollCsv, type RollCsvRow } from '../../helpers/rollFile';

/** Election on 2027-03-21: the roll must be published by 2027-03-01. */
export const ELECTION_DATE = '2027-03-21';

export function communityInput(id: string, name: string, over: Partial<CommunityInput> = {}): CommunityInput {
  return {
    id,
    name,
    street: '青禾街道',
    district: '示例区',
    electionId: `2027-${id}`,
    electionTitle: `${name}第九届居民委员会换届选举`,
    electionDate: ELECTION_DATE,
    method: 'direct',
    positions: [
      { id: 'chair', title: '主任', rank: 1, seats: 1, formalCandidates: 2, writeInLines: 1 },
      { id: 'member', title: '委员', rank: 2, seats: 4, formalCandidates: 5, writeInLines: 2 },
    ],
    profile: { minJointSignatures: 10, checklist: [{ id: 'record', zh: '近五年无违法犯罪记录', en: 'no criminal record in five years' }] },
    ...over,
  };
}

export async function createCommunity(db: Db, id: string, name: string, over: Partial<CommunityInput> = {}) {
  return saveCommunity(db, communityInput(id, name, over));
}

/** A person: valid ID number, adult on election day unless `birth` says otherwise. */
export function person(n: number, name: string, over: Partial<RollCsvRow> & { birth?: string; woman?: boolean } = {}): RollCsvRow {
  const { birth = `19${60 + (n % 30)}-0${(n % 9) + 1}-1${n % 9}`, woman = n % 2 === 0, ...rest } = over;
  return {
    idNumber: idNumber('510104', birth, (n % 400) * 2 + (woman ? 0 : 1)),
    name,
    address: `${(n % 9) + 1}号楼${(n % 3) + 1}单元${100 + n}`,
    group: `第${['一', '二', '三'][n % 3]}居民小组`,
    household: `H${n}`,
    category: '户籍在本社区',
    evidence: '户口簿',
    ...rest,
  };
}

export function csvFile(rows: readonly RollCsvRow[], name = 'roll.csv') {
  return { name, contentType: 'text/csv', bytes: new TextEncoder().encode(rollCsv(rows)) };
}

export async function importRows(db: Db, communityId: string, rows: readonly RollCsvRow[]): Promise<RollImportResult> {
  return importRoll(db, communityId, csvFile(rows));
}
