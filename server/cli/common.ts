/** What every district command shares: bilingual error lines, exit codes, opening the database. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeIssueBilingual, issue, type IssueCode, type IssueParams, type ValidationIssue } from '../../shared/election/issues';
import { lockDataDir } from '../db/dataLock';
import { openDb } from '../db/open';
import type { Db } from '../db/types';

export const DEFAULT_DATA_DIR = './district-data';

/** A refusal of the command's input: printed as bilingual lines, exit code 2. */
export class CliError extends Error {
  constructor(
    readonly issues: readonly ValidationIssue[],
    readonly exitCode = 2,
  ) {
    super(issues.map(describeIssueBilingual).join('\n'));
  }
  static of(code: IssueCode, params?: IssueParams): CliError {
    return new CliError([issue(code, [], params)]);
  }
}

export function usage(detail: string): CliError {
  return CliError.of('cli.usage', { detail });
}

export interface DistrictDb {
  readonly db: Db;
  /** Where it is: the PGlite folder or "PostgreSQL". */
  readonly where: string;
  /** The PGlite data folder (absolute); undefined on PostgreSQL. */
  readonly dir?: string;
  close(): Promise<void>;
}

/** PostgreSQL when DATABASE_URL is set, else PGlite in `dataDir` (locked while open). */
export async function openDistrictDb(dataDir: string | undefined): Promise<DistrictDb> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = await openDb({ databaseUrl: url });
    return { db, where: `PostgreSQL (${new URL(url).host})`, close: () => db.close() };
  }
  const dir = resolve(dataDir ?? DEFAULT_DATA_DIR);
  mkdirSync(dir, { recursive: true });
  const release = lockDataDir(dir);
  try {
    const db = await openDb({ dataDir: dir });
    return {
      db,
      where: `PGlite ${dir}`,
      dir,
      close: async () => {
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export async function withDb<T>(dataDir: string | undefined, work: (db: Db) => Promise<T>): Promise<T> {
  const opened = await openDistrictDb(dataDir);
  try {
    return await work(opened.db);
  } finally {
    await opened.close();
  }
}
