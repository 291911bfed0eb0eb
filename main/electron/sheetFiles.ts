/**
 * The stored sheets of a data folder (pure Node): the latest tally sheet for the menu's
 * Print and Save as items. Sheets are named by their SHA-256 (main/services/stationSheets.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SHEET_FILE } from '../services/stationSheets';

/** The tally sheet (not an announcement or certificates) written last, or null. */
export function latestSheetFile(dataDir: string): string | null {
  let names: string[];
  try {
    names = readdirSync(join(dataDir, 'sheets'));
  } catch {
    return null;
  }
  let best: { name: string; mtime: number } | null = null;
  for (const name of names) {
    if (!SHEET_FILE.test(name) || name.includes('-')) continue;
    const mtime = statSync(join(dataDir, 'sheets', name)).mtimeMs;
    if (!best || mtime > best.mtime || (mtime === best.mtime && name > best.name)) best = { name, mtime };
  }
  return best?.name ?? null;
}

/** A file name for "save as": 选举结果报告单-1a2b3c4d.pdf. */
export function saveAsName(sheetFile: string): string {
  return `选举结果报告单-${sheetFile.slice(0, 8)}.pdf`;
}
