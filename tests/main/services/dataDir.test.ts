import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDataDir, resolveDataDir, stationDataDir } from '../../../main/services/dataDir';
import { isPosix, tempDir } from './support';

describe('data folder', () => {
  it('uses STATION_DATA_DIR (made absolute), else ~/.polling-station', () => {
    expect(resolveDataDir({ STATION_DATA_DIR: 'some/where' })).toBe(resolve('some/where'));
    expect(resolveDataDir({})).toBe(join(homedir(), '.polling-station'));
    expect(resolveDataDir({ STATION_DATA_DIR: '  ' })).toBe(join(homedir(), '.polling-station'));
  });

  it('creates the folder and its parents, private to the user', () => {
    const dir = join(tempDir(), 'a', 'b', 'data');
    expect(stationDataDir({ STATION_DATA_DIR: dir })).toBe(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    if (isPosix) expect(statSync(dir).mode & 0o777).toBe(0o700);
    // Idempotent.
    expect(ensureDataDir(dir)).toBe(dir);
  });
});
