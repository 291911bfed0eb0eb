/**
 * The voter roll from a CSV with zh-CN headers (the order of the columns is free):
 * 编号,姓名,性别(男/女),出生日期,身份证后四位,住址,居民小组,状态(登记/除名),除名原因
 */
import { issue, type Outcome, type ValidationIssue } from '../../shared/election/issues';
import type { Voter } from '../../shared/election/schemas';
import { columnIndex, parseCsv } from './csv';

const COLUMNS = {
  id: '编号',
  name: '姓名',
  gender: '性别',
  birthDate: '出生日期',
  idTail: '身份证后四位',
  address: '住址',
  group: '居民小组',
  status: '状态',
  struckReason: '除名原因',
} as const;

type Field = keyof typeof COLUMNS;
const REQUIRED: readonly Field[] = ['id', 'name', 'gender', 'birthDate', 'idTail', 'address', 'group'];

function birthDate(text: string): string | null {
  const match = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text);
  if (!match) return null;
  const [, y, m, d] = match;
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

export function parseRollCsv(text: string): Outcome<Voter[]> {
  const csv = parseCsv(text);
  if (!csv.ok) return { ok: false, issues: [issue('roll.malformed', [], { row: csv.row, detail: csv.detail })] };
  const [header, ...body] = csv.rows;
  if (!header) return { ok: false, issues: [issue('roll.empty', [])] };
  const index = columnIndex(header, COLUMNS);
  const missing = REQUIRED.filter((field) => !index.has(field));
  if (missing.length > 0) return { ok: false, issues: missing.map((field) => issue('roll.missingColumn', [], { column: COLUMNS[field] })) };
  if (body.length === 0) return { ok: false, issues: [issue('roll.empty', [])] };

  const issues: ValidationIssue[] = [];
  const voters: Voter[] = [];
  body.forEach((cells, r) => {
    const row = r + 2;
    const cell = (field: Field): string => {
      const at = index.get(field);
      return at === undefined ? '' : (cells[at] ?? '').trim();
    };
    const bad = (field: Field, expected: string) => issues.push(issue('roll.badValue', ['roll', r, field], { row, column: COLUMNS[field], value: cell(field), expected }));
    const gender = ({ 男: 'M', 女: 'F', M: 'M', F: 'F' } as const)[cell('gender') as '男'];
    const born = birthDate(cell('birthDate'));
    const statusText = cell('status');
    const status = statusText === '' || statusText === '登记' ? 'registered' : statusText === '除名' ? 'struck' : null;
    const tail = cell('idTail').toUpperCase();
    if (cell('id') === '' || cell('id').length > 128) bad('id', '1–128 个字符 / 1–128 characters');
    if (cell('name') === '' || cell('name').length > 64) bad('name', '1–64 个字符 / 1–64 characters');
    if (!gender) bad('gender', '男 或 女 / 男 or 女');
    if (!born) bad('birthDate', 'YYYY-MM-DD');
    if (!/^[0-9X]{4}$/.test(tail)) bad('idTail', '4 位数字或 X / 4 digits or X');
    if (cell('address').length > 200) bad('address', '≤ 200 个字符 / ≤ 200 characters');
    if (cell('group').length > 100) bad('group', '≤ 100 个字符 / ≤ 100 characters');
    if (!status) bad('status', '登记 或 除名 / 登记 or 除名');
    if (!gender || !born || !status) return;
    const reason = cell('struckReason');
    voters.push({
      id: cell('id'),
      name: cell('name'),
      gender,
      birthDate: born,
      idTail: tail,
      address: cell('address'),
      group: cell('group'),
      status,
      ...(status === 'struck' && reason !== '' ? { struckReason: reason } : {}),
    });
  });
  return issues.length > 0 ? { ok: false, issues: issues.slice(0, 50) } : { ok: true, value: voters };
}
