/**
 * The roll file (CSV or XLSX, zh headers in any order: ROLL_COLUMNS) read into rows, every row
 * checked: the ID number (length, characters, birth date, GB 11643 check digit), 18 or over on
 * election day, sex matching the number when the column is given, the registration category,
 * lengths, the same ID number twice. Any refused row refuses the whole file; each refusal names
 * the file's row (the header is row 1) and the reason, zh-CN and en.
 */
import { issue, type IssueCode, type ValidationIssue } from '../../shared/election/issues';
import { LIMITS } from '../../shared/election/limits';
import { ageOn, VOTING_AGE } from '../../shared/rules/preElection/age';
import { readIdNumber } from '../../shared/rules/preElection/idNumber';
import { columnIndex, csvLine, parseCsv } from '../package/csv';
import { REGISTRATION_CATEGORIES, ROLL_COLUMNS, type Gender, type RegistrationCategory, type RollEntryInput } from './types';
import { readXlsx, writeXlsx, XlsxError } from './xlsx';

export interface RollRow extends RollEntryInput {
  readonly gender: Gender;
  readonly birthDate: string;
  readonly sourceRow: number;
}

export interface RollFile {
  /** The file name as sent (its extension says CSV or XLSX when the type does not). */
  readonly name?: string;
  readonly contentType?: string;
  readonly bytes: Uint8Array;
}

/** The most rows a roll file may have (a large community has ~30,000 voters). */
export const MAX_ROLL_ROWS = 200_000;
/** Refusals listed in full; the rest are counted. */
export const MAX_LISTED_ISSUES = 50;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type Column = keyof typeof ROLL_COLUMNS;
const REQUIRED: readonly Column[] = ['idNumber', 'name', 'address', 'group', 'household', 'category'];
const MAX_LENGTH: Readonly<Record<Column, number>> = { idNumber: 18, name: LIMITS.personName, gender: 2, address: LIMITS.address, group: LIMITS.group, household: 64, category: 32, evidence: 200 };
const CATEGORY_BY_LABEL = new Map<string, RegistrationCategory>(Object.entries(REGISTRATION_CATEGORIES).map(([key, label]) => [label.zh, key as RegistrationCategory]));

function isXlsx(file: RollFile): boolean {
  if (file.contentType?.startsWith(XLSX_TYPE)) return true;
  if (file.name && /\.xlsx$/i.test(file.name)) return true;
  // A ZIP's signature: the content speaks when neither the type nor the name does.
  return file.bytes[0] === 0x50 && file.bytes[1] === 0x4b && !(file.contentType?.startsWith('text/') ?? false);
}

type Table = { rows: string[][]; rowNumbers: number[] };

function readTable(file: RollFile): Table | ValidationIssue[] {
  if (isXlsx(file)) {
    try {
      return readXlsx(file.bytes);
    } catch (error) {
      if (error instanceof XlsxError) return [issue('preElection.xlsxUnreadable', [], { detail: error.message })];
      throw error;
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    // Excel's "CSV" in a Chinese Windows is GB 18030 (GBK).
    text = new TextDecoder('gb18030').decode(file.bytes);
  }
  const csv = parseCsv(text);
  if (!csv.ok) return [issue('preElection.rollMalformed', [], { row: csv.row, detail: csv.detail })];
  // parseCsv drops blank lines: number the rows by counting lines again only when needed.
  return { rows: csv.rows, rowNumbers: csvRowNumbers(text, csv.rows.length) };
}

/** The line numbers of the non-blank CSV records (a quoted field may span lines). */
function csvRowNumbers(text: string, count: number): number[] {
  const numbers: number[] = [];
  let line = 1;
  let quoted = false;
  let start = 1;
  let blank = true;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i <= source.length && numbers.length < count; i++) {
    const c = source[i];
    if (c === undefined || (!quoted && (c === '\n' || c === '\r'))) {
      if (!blank) numbers.push(start);
      if (c === '\r' && source[i + 1] === '\n') i++;
      line++;
      start = line;
      blank = true;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (c === '\n') line++;
    if (c !== ',' && c.trim() !== '') blank = false;
  }
  return numbers;
}

/** Read and check a roll file for an election on `electionDate`: every row, or every refusal. */
export function readRollFile(file: RollFile, electionDate: string): { ok: true; rows: RollRow[] } | { ok: false; issues: ValidationIssue[] } {
  const table = readTable(file);
  if (Array.isArray(table)) return { ok: false, issues: table };
  const nonBlank = table.rows.map((cells, i) => ({ cells, row: table.rowNumbers[i] ?? i + 1 })).filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
  const [header, ...body] = nonBlank;
  if (!header) return { ok: false, issues: [issue('preElection.rollEmpty', [])] };
  const index = columnIndex(header.cells, ROLL_COLUMNS);
  const missing = REQUIRED.filter((column) => !index.has(column));
  if (missing.length > 0) return { ok: false, issues: missing.map((column) => issue('preElection.rollMissingColumn', [], { column: ROLL_COLUMNS[column] })) };
  if (body.length === 0) return { ok: false, issues: [issue('preElection.rollEmpty', [])] };
  if (body.length > MAX_ROLL_ROWS) return { ok: false, issues: [issue('preElection.rollTooManyRows', [], { maximum: MAX_ROLL_ROWS })] };

  const issues: ValidationIssue[] = [];
  let unlisted = 0;
  const refuse = (code: IssueCode, row: number, column: Column, params: Record<string, string | number> = {}) => {
    if (issues.length < MAX_LISTED_ISSUES) issues.push(issue(code, ['roll', row, column], { row, ...params }));
    else unlisted++;
  };
  const firstRowOf = new Map<string, number>();
  const rows: RollRow[] = [];
  for (const { cells, row } of body) {
    const cell = (column: Column): string => {
      const at = index.get(column);
      return at === undefined ? '' : (cells[at] ?? '').trim();
    };
    const before = issues.length + unlisted;
    for (const column of Object.keys(ROLL_COLUMNS) as Column[]) {
      const value = cell(column);
      if (value === '' && REQUIRED.includes(column)) refuse('preElection.rowMissing', row, column, { column: ROLL_COLUMNS[column] });
      else if (value.length > MAX_LENGTH[column] && column !== 'idNumber') refuse('preElection.rowTooLong', row, column, { column: ROLL_COLUMNS[column], maximum: MAX_LENGTH[column] });
    }
    const written = cell('idNumber');
    const id = written === '' ? null : readIdNumber(written);
    if (id && !id.ok) {
      const code = ({ length: 'preElection.rowIdLength', characters: 'preElection.rowIdCharacters', birthDate: 'preElection.rowIdBirthDate', checkDigit: 'preElection.rowIdCheckDigit' } as const)[id.problem];
      refuse(code, row, 'idNumber', { value: written, ...(id.expected === undefined ? {} : { expected: id.expected }) });
    }
    const genderText = cell('gender');
    const gender = genderText === '' ? null : ({ 男: 'M', 女: 'F' } as const)[genderText as '男'];
    if (gender === undefined) refuse('preElection.rowGender', row, 'gender', { value: genderText });
    const categoryText = cell('category');
    const category = CATEGORY_BY_LABEL.get(categoryText);
    if (categoryText !== '' && category === undefined) refuse('preElection.rowCategory', row, 'category', { value: categoryText });
    if (id?.ok) {
      if (gender && gender !== id.gender) refuse('preElection.rowGenderMismatch', row, 'gender', { value: genderText, fromId: gender === 'M' ? '女' : '男' });
      const age = ageOn(id.birthDate, electionDate);
      if (age < VOTING_AGE) refuse('preElection.rowUnderAge', row, 'idNumber', { name: cell('name'), age, date: electionDate });
      const first = firstRowOf.get(id.idNumber);
      if (first !== undefined) refuse('preElection.rowDuplicate', row, 'idNumber', { first });
      else firstRowOf.set(id.idNumber, row);
    }
    if (issues.length + unlisted > before || !id?.ok || !category) continue;
    rows.push({
      idNumber: id.idNumber,
      name: cell('name'),
      gender: id.gender,
      birthDate: id.birthDate,
      address: cell('address'),
      group: cell('group'),
      household: cell('household'),
      category,
      evidence: cell('evidence'),
      sourceRow: row,
    });
  }
  if (unlisted > 0) issues.push(issue('preElection.rollMoreErrors', [], { count: unlisted }));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rows };
}

const TEMPLATE_HEADER = (Object.keys(ROLL_COLUMNS) as Column[]).map((column) => ROLL_COLUMNS[column]);
const TEMPLATE_EXAMPLE = ['11010519491231002X', '王芳', '女', '3号楼2单元101', '第一居民小组', '0301', '户籍在本社区', '户口簿'];

/** The roll template (header and one example row) as CSV, UTF-8 with a BOM so Excel reads the Chinese. */
export function rollTemplateCsv(): string {
  return `\uFEFF${csvLine(TEMPLATE_HEADER)}\r\n${csvLine(TEMPLATE_EXAMPLE)}\r\n`;
}

/** The roll template as XLSX: the ID number column formatted as text. */
export function rollTemplateXlsx(): Uint8Array<ArrayBuffer> {
  return writeXlsx('选民名册', [TEMPLATE_HEADER, TEMPLATE_EXAMPLE], { textColumns: [0, 5], widths: [22, 10, 6, 24, 14, 10, 22, 16] });
}
