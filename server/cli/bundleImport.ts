/** `bundle import FILE [--demo]`: a station's signed bundle, checked and applied once (`--demo`: a demo station's results are accepted). */
import { importBundleText } from '../bundle';
import type { Db } from '../db/types';
import { CliError } from './common';

/** `text`: the bundle file's text (the CLI reads it; `serve` may run this for the CLI: cli/dbCommands.ts). */
export async function bundleImportText(db: Db, text: string, demo = false): Promise<string> {
  const outcome = await importBundleText(db, text, { acceptDemo: demo });
  if (!outcome.ok) throw new CliError(outcome.issues);
  const summary = outcome.value;
  const lines = [
    summary.alreadyImported
      ? `此文件已导入过，未作任何改动 / This bundle was imported before; nothing changed (${summary.station})`
      : `已导入投票站 ${summary.station} 的数据包 / Imported the bundle of station ${summary.station}`,
  ];
  for (const [collection, tally] of Object.entries(summary.documents)) {
    lines.push(`  ${collection}: ${tally.received} 条，新写入 / written ${tally.written}${tally.conflicts > 0 ? `，冲突未覆盖 / conflicts kept ${tally.conflicts}` : ''}`);
  }
  for (const result of summary.results) lines.push(`  第 ${result.round ?? '?'} 轮结果 / round ${result.round ?? '?'} result: ${result.status}${result.issues ? ` (${result.issues.join('; ')})` : ''}`);
  return lines.join('\n');
}
