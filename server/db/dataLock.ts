/**
 * One process at a time on a PGlite data folder (PGlite is a single-process database): a lock
 * file with the owner's pid, taken over when that process is gone.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'district.lock';

export class DataDirBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dir} 正由进程 ${pid} 使用（区服务器正在运行？）：请先停止它，或改用 DATABASE_URL / ` +
        `The data folder ${dir} is in use by process ${pid} (a running district server?): stop it first, or use DATABASE_URL`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the folder's lock; returns its release. Throws DataDirBusyError when another live process holds it. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DataDirBusyError(dir, pid);
      try {
        unlinkSync(file);
      } catch {
        /* someone else cleared it */
      }
    }
  }
  throw new Error(`cannot lock ${file}`);
}
