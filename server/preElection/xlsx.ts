/**
 * The smallest XLSX (Office Open XML spreadsheet) reader and writer the roll needs, on `fflate`:
 * read the first worksheet's cells as text (shared strings, inline strings, numbers, booleans),
 * and write one sheet of text cells (the roll template, its first column formatted as text so an
 * 18-digit ID number is never turned into a number). Not a general spreadsheet library: no
 * formulas are evaluated (a formula's cached value is read), no dates are converted.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export class XlsxError extends Error {}

/** The most uncompressed bytes read out of one file (a roll of 200,000 rows is ~40 MB of XML). */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity]!;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The text of every <t> inside a string item (rich text runs joined; phonetic runs skipped). */
function itemText(xml: string): string {
  const withoutPhonetic = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const match of withoutPhonetic.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) out += unescapeXml(match[1] ?? '');
  return out;
}

/** "AB12" → column index 27 (0-based). */
function columnIndex(ref: string): number {
  let index = 0;
  for (const c of ref) {
    const code = c.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  let total = 0;
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new XlsxError('the file unpacks to more than 256 MB');
        return /^(xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/sharedStrings\.xml|xl\/worksheets\/[^/]+\.xml)$/.test(file.name);
      },
    });
  } catch (error) {
    if (error instanceof XlsxError) throw error;
    throw new XlsxError(`not a ZIP/XLSX file (${(error as Error).message})`);
  }
}

/** The first worksheet's path in the package (as the workbook lists it). */
function firstSheetPath(files: Record<string, Uint8Array>): string {
  const workbook = files['xl/workbook.xml'];
  const rels = files['xl/_rels/workbook.xml.rels'];
  if (workbook && rels) {
    const sheet = /<sheet\b[^>]*\br:id="([^"]+)"/.exec(strFromU8(workbook)) ?? /<sheet\b[^>]*\bid="([^"]+)"/.exec(strFromU8(workbook));
    if (sheet) {
      for (const rel of strFromU8(rels).matchAll(/<Relationship\b[^>]*>/g)) {
        if (!rel[0].includes(`Id="${sheet[1]}"`)) continue;
        const target = /Target="([^"]+)"/.exec(rel[0])?.[1];
        if (target) {
          const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
          if (files[path]) return path;
        }
      }
    }
  }
  const any = Object.keys(files).filter((name) => name.startsWith('xl/worksheets/')).sort()[0];
  if (!any) throw new XlsxError('no worksheet in the file');
  return any;
}

/** The first worksheet as rows of cell texts (empty cells as ''); `rowNumbers[i]` is row i's number in the sheet. */
export function readXlsx(bytes: Uint8Array): { rows: string[][]; rowNumbers: number[] } {
  const files = unzip(bytes);
  const shared: string[] = [];
  const sharedXml = files['xl/sharedStrings.xml'];
  if (sharedXml) for (const item of strFromU8(sharedXml).matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) shared.push(itemText(item[1] ?? ''));
  const sheet = strFromU8(files[firstSheetPath(files)]!);
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  let nextRow = 1;
  for (const rowMatch of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const number = Number(/\br="(\d+)"/.exec(rowMatch[1] ?? '')?.[1] ?? nextRow);
    nextRow = number + 1;
    const cells: string[] = [];
    let nextColumn = 0;
    for (const cell of (rowMatch[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cell[1] ?? '';
      const ref = /\br="([A-Z]+)\d*"/.exec(attributes)?.[1];
      const column = ref === undefined ? nextColumn : columnIndex(ref);
      nextColumn = column + 1;
      const type = /\bt="(\w+)"/.exec(attributes)?.[1] ?? 'n';
      const body = cell[2] ?? '';
      const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let text: string;
      if (type === 's') text = value === undefined ? '' : (shared[Number(value)] ?? '');
      else if (type === 'inlineStr') text = itemText(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
      else if (type === 'b') text = value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : '';
      else text = value === undefined ? '' : unescapeXml(value);
      while (cells.length < column) cells.push('');
      cells[column] = text;
    }
    rows.push(cells);
    rowNumbers.push(number);
  }
  return { rows, rowNumbers };
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** One worksheet of text cells; `textColumns` are formatted as text (@) for what is typed in later. */
export function writeXlsx(sheetName: string, rows: readonly (readonly string[])[], options: { readonly textColumns?: readonly number[]; readonly widths?: readonly number[] } = {}): Uint8Array<ArrayBuffer> {
  const textColumns = new Set(options.textColumns ?? []);
  const widths = options.widths ?? [];
  const columns = Math.max(0, ...rows.map((row) => row.length), widths.length);
  const cols = Array.from({ length: columns }, (_, i) => `<col min="${i + 1}" max="${i + 1}" width="${widths[i] ?? 14}" customWidth="1"${textColumns.has(i) ? ' style="1"' : ''}/>`).join('');
  const sheetRows = rows
    .map((row, r) => {
      const cells = row.map((text, c) => `<c r="${columnName(c)}${r + 1}" t="inlineStr"${textColumns.has(c) ? ' s="1"' : ''}><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`).join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const zip = zipSync({
    '[Content_Types].xml': strToU8(
      `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(`${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`${xml}<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(
      `${xml}<styleSheet xmlns="${main}"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(`${xml}<worksheet xmlns="${main}"><cols>${cols}</cols><sheetData>${sheetRows}</sheetData></worksheet>`),
  });
  // On its own ArrayBuffer (a fetch body or a Blob takes no SharedArrayBuffer-backed view).
  return new Uint8Array(zip);
}
