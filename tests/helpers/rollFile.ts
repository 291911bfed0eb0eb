/**
 * Roll files for the pre-election tests and benchmarks (issue 17): valid 18-digit ID numbers
 * (GB 11643 check digit) made from a running number, and the roll CSV with the zh headers the
 * import reads (server/preElection/types.ts ROLL_COLUMNS).
 */
import { idCheckCharacter } from '../../shared/rules/preElection/idNumber';
import { csvLine } from '../../server/package/csv';
import { ROLL_COLUMNS } from '../../server/preElection/types';
import { writeXlsx } from '../../server/preElection/xlsx';

export interface RollCsvRow {
  readonly idNumber: string;
  readonly name: string;
  readonly address: string;
  readonly group: string;
  readonly household: string;
  /** 户籍在本社区 / 居住一年以上申请登记 / 人户分离其他 (or anything, to be refused). */
  readonly category: string;
  readonly evidence: string;
  /** 男 / 女; empty: the column is left blank. */
  readonly gender?: string;
}

/**
 * A valid ID number: place `region` (6 digits), born `birth` (YYYY-MM-DD), sequence
 * `sequence` (0–999; odd for a man, even for a woman), and its check character.
 */
export function idNumber(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return `${first17}${idCheckCharacter(first17)}`;
}

/** The `n`-th person of a large synthetic district: distinct for n < 365 × 40 × 1000, all adults in 2027. */
export function syntheticIdNumber(n: number): string {
  const day = n % (365 * 40);
  const sequence = Math.floor(n / (365 * 40)) % 1000;
  const birth = new Date(Date.UTC(1950, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  return idNumber('510104', birth, sequence);
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['建国', '秀英', '志强', '丽', '伟', '芳', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟'];

/** A synthetic voter row for `idNumber` (the n-th of its community). */
export function syntheticRow(idNumberText: string, n: number): RollCsvRow {
  return {
    idNumber: idNumberText,
    name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}`,
    address: `${(n % 40) + 1}号楼${(n % 4) + 1}单元${(n % 30) + 101}`,
    group: `第${(n % 12) + 1}居民小组`,
    household: `H${Math.floor(n / 3)}`,
    category: '户籍在本社区',
    evidence: '户口簿',
  };
}

const HEADER = [ROLL_COLUMNS.idNumber, ROLL_COLUMNS.name, ROLL_COLUMNS.gender, ROLL_COLUMNS.address, ROLL_COLUMNS.group, ROLL_COLUMNS.household, ROLL_COLUMNS.category, ROLL_COLUMNS.evidence];

const cells = (row: RollCsvRow): string[] => [row.idNumber, row.name, row.gender ?? '', row.address, row.group, row.household, row.category, row.evidence];

/** The roll CSV (UTF-8, CRLF): header on row 1, the n-th row on row n + 1. */
export function rollCsv(rows: readonly RollCsvRow[]): string {
  const lines = [csvLine(HEADER), ...rows.map((row) => csvLine(cells(row)))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The same roll as an XLSX workbook (one sheet, the ID numbers as text cells). */
export function rollXlsx(rows: readonly RollCsvRow[]): Uint8Array {
  return writeXlsx('选民名册', [HEADER, ...rows.map(cells)], { textColumns: [0] });
}
