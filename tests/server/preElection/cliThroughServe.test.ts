/**
 * While `serve` holds the embedded database, `npm run district -- pre-election <step>` runs
 * through it (POST /admin/cli with the folder's operator token, cli/operator.ts): a roll file
 * travels in the request, a refusal comes back as the same bilingual lines (exit 2), an output
 * file (the XLSX template) is written where it was asked — and the records are the server's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../../server/preElection/xlsx';
import { ROLL_COLUMNS } from '../../../server/preElection/types';
import { rollCsv } from '../../helpers/rollFile';
import { freePort, startChildServer, type ChildServer } from '../helpers/childServer';
import { communityInput, person } from './fixtures';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function district(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli.ts'), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('pre-election steps through a running serve (PGlite folder held)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pre-election-serve-'));
  const data = join(dir, 'data');
  let server: ChildServer;
  beforeAll(async () => {
    server = await startChildServer({ port: await freePort(), dataDir: data });
  }, 90_000);
  afterAll(async () => server?.kill('SIGTERM'));

  it('creates, imports (refused, then stored) and writes the template through the server', async () => {
    writeFileSync(join(dir, 'c.json'), JSON.stringify(communityInput('serve-01', '柳岸社区')));
    const made = district(['pre-election', 'community', '--json', join(dir, 'c.json'), '--data', data]);
    expect(made.stderr).toBe('');
    expect(JSON.parse(made.stdout)).toMatchObject({ id: 'serve-01' });

    writeFileSync(join(dir, 'bad.csv'), rollCsv([person(1, '王一'), person(2, '李二', { birth: '2010-05-05' })]));
    const bad = district(['pre-election', 'roll-import', '--community', 'serve-01', join(dir, 'bad.csv'), '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('第 3 行：李二 在选举日 2027年3月21日 未满 18 周岁（16 岁） / Row 3: 李二 is under 18 on election day 2027-03-21 (aged 16)');

    writeFileSync(join(dir, 'good.csv'), rollCsv([person(1, '王一'), person(2, '李二')]));
    const good = district(['pre-election', 'roll-import', '--community', 'serve-01', join(dir, 'good.csv'), '--data', data]);
    expect(good.stderr).toBe('');
    expect(JSON.parse(good.stdout)).toEqual({ imported: 2, duplicates: 0, replaced: 0 });

    const template = district(['pre-election', 'roll-template', join(dir, 'template.xlsx'), '--data', data]);
    expect(template.code).toBe(0);
    expect(readXlsx(new Uint8Array(readFileSync(join(dir, 'template.xlsx')))).rows[0]).toEqual(Object.values(ROLL_COLUMNS));

    // The server's own API shows what the commands stored.
    const summary = (await (await fetch(`${server.url}/api/pre-election/communities/serve-01`)).json()) as { roll: { registered: number } };
    expect(summary.roll.registered).toBe(2);
  }, 180_000);
});
