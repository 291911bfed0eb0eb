/**
 * `results export --format csv|json OUT`: every stored result, with its verification status and
 * the records that verification covered (count and hash; server/results/coverage.ts).
 */
import { writeFileSync } from 'node:fs';
import type { Db } from '../db/types';
import { csvLine } from '../package/csv';
import { listResults } from '../results/accept';
import { listStations } from '../stations';
import { usage } from './common';

export async function resultsExport(db: Db, format: string, out: string): Promise<string> {
  if (format !== 'csv' && format !== 'json') throw usage(`--format must be csv or json / --format 须为 csv 或 json (${format})`);
  const names = new Map((await listStations(db)).map((station) => [station.id, station.name]));
  const results = await listResults(db);
  if (format === 'json') {
    const rows = results.map((result) => ({ ...result, stationName: names.get(result.station) ?? '' }));
    writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
  } else {
    const lines = [csvLine(['投票站编号', '投票站', '轮次', '核验状态', '核验覆盖记录数', '核验覆盖哈希', '核验时间', '接收时间', '有效', '职位', '当选线', '姓名', '是否候选人', '赞成', '反对', '弃权', '当选', '差异'])];
    for (const result of results) {
      const base = [result.station, names.get(result.station) ?? '', result.round, result.status, result.covered?.count ?? null, result.covered?.hash ?? '', result.checkedAt, result.receivedAt, result.signed.result.valid ? '是' : '否'];
      const difference = result.difference?.join(' | ') ?? '';
      for (const position of result.signed.result.positions) {
        for (const tally of position.tallies) {
          lines.push(csvLine([...base, position.title ?? position.id, position.threshold, tally.name, tally.candidate ? '是' : '否', tally.for, tally.against ?? null, tally.abstain ?? null, position.elected.includes(tally.person) ? '当选' : '', difference]));
        }
      }
      if (result.signed.result.positions.length === 0) lines.push(csvLine([...base, '', '', '', '', '', '', '', '', difference]));
    }
    writeFileSync(out, `\uFEFF${lines.join('\r\n')}\r\n`);
  }
  return `已导出 ${results.length} 份结果 / Exported ${results.length} results: ${out}`;
}
