/**
 * Issue 14, item 6: a district officer can run the server from server/README.md alone. The
 * README's worked example is read from the README and its commands run as written (the CLI via
 * tsx, as `npm run district` runs it), in a folder laid out like the project's: `serve` runs in
 * the background, and the commands after it work while it runs (through the server, since it
 * holds the embedded database). A folder held by a process that is no server says in one line
 * how to proceed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { readPackageText } from '../../server/package/build';
import { LOCK_FILE } from '../../server/db/dataLock';
import { OPERATOR_FILE } from '../../server/cli/operator';
import { freePort } from './helpers/childServer';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** What `npm run district` runs (`tsx server/cli.ts`), from any folder. */
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** The worked example's commands: the lines of its block, continuation lines joined. */
function workedExample(): string[][] {
  const readme = readFileSync(join(ROOT, 'server/README.md'), 'utf8');
  const block = /<!-- worked-example:start[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- worked-example:end -->/.exec(readme);
  if (!block) throw new Error('server/README.md has no worked example block');
  const lines = block[1]!.replace(/\\\n\s*/g, '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.map((line) => {
    expect(line.startsWith('npm run district -- ')).toBe(true);
    return line.slice('npm run district -- '.length).split(/\s+/);
  });
}

function district(cwd: string, args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  const run = spawnSync(TSX, [join(ROOT, 'server/cli.ts'), ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the README worked example, run as written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'district-readme-'));
  const stoppers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stoppers) await stop();
  });

  it('key create → package build → station enrol → serve, then stations list and results export while it runs', async () => {
    cpSync(join(ROOT, 'server/examples'), join(dir, 'server/examples'), { recursive: true });
    const commands = workedExample();
    expect(commands.map((args) => args.slice(0, 2).join(' '))).toEqual(['key create', 'package build', 'station enrol', 'serve --data', 'stations list', 'results export']);

    let serving = false;
    for (const args of commands) {
      if (args[0] === 'serve') {
        // In the background, on a free port (the README's default 8640 may be taken here).
        const port = await freePort();
        const env: NodeJS.ProcessEnv = { ...process.env };
        delete env.DATABASE_URL;
        const child = spawn(TSX, [join(ROOT, 'server/cli.ts'), ...args, '--port', String(port), '--no-dashboard'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        stoppers.push(async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        });
        let output = '';
        await new Promise<void>((ready, fail) => {
          const timer = setTimeout(() => fail(new Error(`serve did not start:\n${output}`)), 60_000);
          const onData = (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes('District server running')) {
              clearTimeout(timer);
              ready();
            }
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', onData);
          child.once('exit', (code) => fail(new Error(`serve exited (${code}):\n${output}`)));
        });
        serving = true;
        const operator = join(dir, 'district-data', OPERATOR_FILE);
        expect(statSync(operator).mode & 0o777).toBe(0o600);
        continue;
      }
      const run = district(dir, args);
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.code, args.join(' ')).toBe(0);
      if (args[0] === 'package') {
        const built = readPackageText(readFileSync(join(dir, 'liuan-01.election.json'), 'utf8'));
        expect(built.ok).toBe(true);
        if (built.ok) {
          expect(built.value.election.rules?.womenRule).toBe('reserve');
          expect(built.value.election.positions.map((position) => position.title)).toEqual(['主任', '副主任', '委员']);
        }
      }
      if (args[0] === 'station') expect(run.stdout).toMatch(/Station enrolled: liuan-01 柳岸社区第一投票站/);
      if (args[0] === 'stations') {
        expect(serving).toBe(true);
        expect(run.stdout).toMatch(/liuan-01\t柳岸社区第一投票站\t/);
      }
      if (args[0] === 'results') {
        expect(serving).toBe(true);
        expect(existsSync(join(dir, 'results.csv'))).toBe(true);
        expect(readFileSync(join(dir, 'results.csv'), 'utf8')).toMatch(/^\uFEFF投票站编号,/);
      }
    }

    // While it runs, enrolling another station works too (the same way, through the server).
    writeFileSync(join(dir, 'second.pub'), `${generateKeyPair().publicKey}\n`);
    const again = district(dir, ['station', 'enrol', '--station-id', 'liuan-02', '--key-file', 'second.pub', '--data', 'district-data']);
    expect(again.stderr).toBe('');
    expect(district(dir, ['stations', 'list', '--data', 'district-data']).stdout).toMatch(/liuan-02/);
  }, 300_000);

  it('a folder held by a process that is not a server says in one line what to do', () => {
    const busy = join(dir, 'busy-data');
    mkdirSync(busy, { recursive: true });
    // The lock of a live process (this test's own) with no operator file.
    writeFileSync(join(busy, LOCK_FILE), String(process.pid));
    const run = district(dir, ['stations', 'list', '--data', busy]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/stop it first, or use DATABASE_URL/);
  });
});
