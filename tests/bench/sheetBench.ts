/**
 * Sheet benchmarks (issue 5): produce the signed 选举结果报告单 of a 3-position election —
 * main's recount, the Ed25519 signature, pdfmake with the CJK font, the PDF digital signature —
 * the first time in this process (pdfmake and the font files not yet loaded) and warm; and the
 * size of the file. The station key and its PDF certificate are made beforehand (that happens
 * once in a station's life).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { produceSheets } from '../../main/services/signing';
import { loadOrCreatePdfCert } from '../../main/services/signing/pdfCertificate';
import { stationSigner } from '../../main/services/signing/stationKeys';
import type { CountInput } from '../../shared/election/schemas';
import { tally } from '../../shared/rules/count';
import { SCENARIO_DIR } from '../helpers/scenarios';
import { type BenchRow, median } from './measure';

const STATION = { id: 'hq-yanfeng-01', name: '延风社区第一投票站' };
const SETUP = { chair: '周建国', chiefScrutineer: '孙丽', scrutineers: ['钱进', '吴敏'], recorders: ['郑和'], callers: ['冯涛'] };

async function timeAsync<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

export async function sheetBenchmarks(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sheet-bench-'));
  try {
    loadOrCreatePdfCert(stationSigner({ dataDir }));
    const input = JSON.parse(readFileSync(join(SCENARIO_DIR, '01-basic-direct.input.json'), 'utf8')) as CountInput;
    const counted = tally(input);
    if (!counted.ok) throw new Error('the benchmark input does not count');
    const produce = () =>
      produceSheets({ dataDir, input, result: counted.value, station: STATION, signedAt: '2026-12-06T17:40:00+08:00', setup: SETUP, allDocuments: false });

    const cold = await timeAsync(produce);
    if (!cold.value.ok) throw new Error('the benchmark sheet was refused');
    const warm: number[] = [];
    for (let i = 0; i < 10; i++) warm.push((await timeAsync(produce)).ms);
    const size = cold.value.value.sheet.length / 1024;

    return [
      { name: 'signed sheet, first in process (recount, sign, fonts, render, PDF signature)', value: cold.ms, unit: 'ms', goal: '≤ 1500 ms' },
      { name: 'signed sheet, warm (median of 10)', value: median(warm), unit: 'ms', goal: '≤ 300 ms' },
      { name: 'signed sheet size (3 positions, 3 pages, a page code on each)', value: size, unit: 'KB', goal: '≤ 300 KB' },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
