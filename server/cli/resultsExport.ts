/**
 * `results export --format csv|json OUT`: every stored result, with its verification status and
 * the records that verification covered (count and hash; server/results/coverage.ts).
 *
 * The CSV stays a spreadsheet a person can open: no cell is longer than MAX_CELL characters. A
 * result's differences get a short summary in the CSV (how many, the first one) and are written
 * in full to a separate file beside it, `OUT.differences.txt` (issue 14, item 5).
 */
import { basename } from 'node:path';
import type { Db } from '../db/types';
import { csvLine } from '../package/csv';
import { listResults } from '../results/accept';
import { listStations } from '../stations';
import { usage } from './common';

/** The longest cell the CSV holds (spreadsheets choke long before their own 32,767 limit). */
export const MAX_CELL = 1000;

export interface ExportFile {
  readonly path: string;
  readonly content: string;
  /** `base64`: the content is a binary file's bytes (a PDF), as base64. */
  readonly encoding?: 'base64';
}

/** `text` cut to MAX_CELL characters, saying where the rest is. */
function cell(text: string, rest: string): string {
  if (text.length <= MAX_CELL) return text;
  const tail = `…（余下见 ${rest} / rest in ${rest}）`;
  return `${text.slice(0, MAX_CELL - tail.length)}${tail}`;
}

/** The path of the full difference report beside OUT. */
export function differencesPath(out: string): string {
  return `${out.replace(/\.csv$/i, '')}.differences.txt`;
}

/** The files of an export (written by the command, or by the CLI when `serve` ran it: cli/remote.ts). */
export async function resultsExportFiles(db: Db, format: string, out: string): Promise<{ files: ExportFile[]; message: string }> {
  if (format !== 'csv' && format !== 'json') throw usage(`--format must be csv or json / --format 须为 csv 或 json (${format})`);
  const names = new Map((await listStations(db)).map((station) => [station.id, station.name]));
  const results = await listResults(db);
  if (format === 'json') {
    const rows = results.map((result) => ({ ...result, stationName: names.get(result.station) ?? '' }));
    return { files: [{ path: out, content: `${JSON.stringify(rows, null, 2)}\n` }], message: `已导出 ${results.length} 份结果 / Exported ${results.length} results: ${out}` };
  }
  const reportPath = differencesPath(out);
  const report = basename(reportPath);
  const reportLines: string[] = [];
  const lines = [csvLine(['投票站编号', '投票站', '轮次', '核验状态', '核验覆盖记录数', '核验覆盖哈希', '核验时间', '接收时间', '有效', '职位', '当选线', '姓名', '是否候选人', '赞成', '反对', '弃权', '当选', '差异'])];
  for (const result of results) {
    const name = names.get(result.station) ?? '';
    const base = [cell(result.station, report), cell(name, report), result.round, result.status, result.covered?.count ?? null, result.covered?.hash ?? '', result.checkedAt, result.receivedAt, result.signed.result.valid ? '是' : '否'];
    const found = result.difference ?? [];
    let difference = '';
    if (found.length > 0) {
      reportLines.push(`## ${result.station} ${name} · 第 ${result.round} 轮 / round ${result.round} · ${result.status} · ${found.length} 处差异 / differences`, ...found, '');
      difference = cell(`${found.length} 处差异，全文见 ${report} / ${found.length} differences, in full in ${report}：${found[0]}`, report);
    }
    for (const position of result.signed.result.positions) {
      for (const tally of position.tallies) {
        lines.push(csvLine([...base, cell(position.title ?? position.id, report), position.threshold, cell(tally.name, report), tally.candidate ? '是' : '否', tally.for, tally.against ?? null, tally.abstain ?? null, position.elected.includes(tally.person) ? '当选' : '', difference]));
      }
    }
    if (result.signed.result.positions.length === 0) lines.push(csvLine([...base, '', '', '', '', '', '', '', '', difference]));
  }
  const files: ExportFile[] = [{ path: out, content: `\uFEFF${lines.join('\r\n')}\r\n` }];
  if (reportLines.length > 0) files.push({ path: reportPath, content: `\uFEFF${reportLines.join('\n')}\n` });
  const also = reportLines.length > 0 ? `\n差异全文 / differences in full: ${reportPath}` : '';
  return { files, message: `已导出 ${results.length} 份结果 / Exported ${results.length} results: ${out}${also}` };
}
