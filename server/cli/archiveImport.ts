/** `archive import FILE [--demo]`: a station's sealed election archive, checked and stored once (server/archive.ts). */
import { importArchive } from '../archive';
import type { Db } from '../db/types';
import { CliError } from './common';

export async function archiveImportBytes(db: Db, bytes: Uint8Array, demo = false): Promise<string> {
  const outcome = await importArchive(db, bytes, { acceptDemo: demo });
  if (!outcome.ok) throw new CliError(outcome.issues);
  const { value } = outcome;
  return [
    value.alreadyImported
      ? `此档案已导入过，未重复保存 / This archive was imported before; it is not stored twice (${value.station})`
      : `已保存投票站 ${value.station} 的选举档案 / Stored the election archive of station ${value.station}`,
    `  编号 / id ${value.archiveId}`,
    `  ${value.rounds} 轮，封存于 / rounds, sealed ${value.sealedAt}，${value.bytes} 字节 / bytes`,
  ].join('\n');
}
