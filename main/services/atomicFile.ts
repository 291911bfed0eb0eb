/**
 * Crash-safe small-file writes: write a temporary file next to the target, fsync it, then move it
 * into place in one step (rename, or link for a create-only write), then fsync the folder. A
 * reader sees the old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fchmodSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0600). */
  readonly mode?: number;
  /** Create only: when the target already exists, leave it and return false. */
  readonly exclusive?: boolean;
}

/**
 * fsync a folder, so a file created, renamed or linked in it survives a power cut. Not possible
 * on every platform (Windows cannot open a folder): there the file's own fsync is what holds.
 * Shared by the journal writer (main/services/journal/writer.ts).
 */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows: the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** Returns true when the file was written (always, unless `exclusive` and it already existed). */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): boolean {
  const mode = options.mode ?? 0o600;
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(temp, 'wx', mode);
  try {
    try {
      fchmodSync(fd, mode);
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.exclusive) {
      try {
        linkSync(temp, file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') return false;
        // No hard links on this file system: fall back to a checked rename.
        if (existsSync(file)) return false;
        renameSync(temp, file);
      }
    } else {
      renameSync(temp, file);
    }
    fsyncDir(dir);
    return true;
  } finally {
    removeQuietly(temp);
  }
}

/** The UTF-8 text of a small file written here, or null when there is none (any other error is thrown). */
export function readTextIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
