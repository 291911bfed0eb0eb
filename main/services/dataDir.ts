/**
 * The station's data folder: `STATION_DATA_DIR` if set, else `~/.polling-station`. It holds the
 * station key and the pinned district key, so it is created private to the user (0700).
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const DATA_DIR_ENV = 'STATION_DATA_DIR';
export const DEFAULT_DATA_DIR_NAME = '.polling-station';

/** The absolute path of the data folder (not created). */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const given = env[DATA_DIR_ENV]?.trim();
  return given ? resolve(given) : join(homedir(), DEFAULT_DATA_DIR_NAME);
}

/**
 * Creates `dir` (and missing parents) if needed; a folder created here gets mode 0700 whatever
 * the umask. An existing folder is left as it is. Returns `dir`.
 */
export function ensureDataDir(dir: string): string {
  const created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) chmodSync(dir, 0o700);
  return dir;
}

/** `resolveDataDir` then `ensureDataDir`. */
export function stationDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return ensureDataDir(resolveDataDir(env));
}
