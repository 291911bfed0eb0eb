/** RFC 4180 CSV: quoted fields with "" escapes and line breaks, CRLF or LF, a UTF-8 BOM ignored. */
export type CsvResult = { ok: true; rows: string[][] } | { ok: false; row: number; detail: string };

export function parseCsv(text: string): CsvResult {
  const source = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (fieldStarted && field.trim() !== '') return { ok: false, row: line, detail: 'a quote in the middle of an unquoted field / 未加引号的字段中出现引号' };
      quoted = true;
      field = '';
      fieldStarted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      line++;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) return { ok: false, row: line, detail: 'a quoted field is not closed / 引号没有闭合' };
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return { ok: true, rows: rows.filter((r) => r.some((cell) => cell.trim() !== '')) };
}

/** One CSV line: fields quoted when they hold a comma, a quote or a line break. */
export function csvLine(fields: readonly (string | number | null)[]): string {
  return fields
    .map((value) => {
      const text = value === null ? '' : String(value);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}

/** `身份证号码(18位)`, `性别（男/女）`, ` 姓名 ` → the bare header. */
const headerKey = (text: string): string => text.replace(/[(（].*?[)）]/g, '').replace(/\s+/g, '');

/**
 * Where each named column is in a header row whose columns may come in any order, with a hint in
 * brackets and stray spaces (the first of two equal headers counts); absent columns are not in the map.
 */
export function columnIndex<Field extends string>(header: readonly string[], columns: Readonly<Record<Field, string>>): Map<Field, number> {
  const index = new Map<Field, number>();
  header.forEach((cell, i) => {
    const key = headerKey(cell);
    const field = (Object.keys(columns) as Field[]).find((name) => columns[name] === key);
    if (field && !index.has(field)) index.set(field, i);
  });
  return index;
}
