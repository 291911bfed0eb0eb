/** The district command line, run as a process: keys, a package from a zh-CN roll CSV, enrolment, bundles, export. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPackageText } from '../../main/services/packageImport';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { openDb } from '../../server/db/open';
import { BACKENDS, pgliteTemplate, type TestDatabase } from './helpers/backends';
import { makeBundle } from './helpers/bundles';
import { stationPackage, type TestStation } from './helpers/fixtures';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function district(args: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DATABASE_URL;
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli.ts'), ...args], { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const ROLL = [
  '\uFEFF编号,姓名,性别(男/女),出生日期,身份证后四位,住址,居民小组,状态(登记/除名),除名原因',
  'v-000001,张伟,男,1970-05-01,1234,"3号楼2单元101",第一居民小组,登记,',
  'v-000002,"王芳",女,1975/3/9,004X,"5号楼1单元, 202",第一居民小组,登记,',
  'v-000003,"李""小""明",男,19881120,5678,"6号楼\n3单元",第二居民小组,除名,户籍已迁出本社区',
  'v-000004,赵敏,女,2001-12-31,0001,7号楼,第二居民小组,,',
  '',
].join('\r\n');

describe('district CLI: keys and packages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'district-cli-'));

  it('creates a district key (mode 0600, never overwritten)', () => {
    const key = join(dir, 'district-key.json');
    const made = district(['key', 'create', key]);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/fingerprint: [0-9a-f]{4} /);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const again = district(['key', 'create', key]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/文件已存在|file exists/);
  });

  it('builds a package from a definition and a zh-CN roll CSV that the station imports', () => {
    const key = join(dir, 'k2.json');
    expect(district(['key', 'create', key]).code).toBe(0);
    writeFileSync(join(dir, 'def.json'), JSON.stringify(stationPackage('x').election, null, 2));
    writeFileSync(join(dir, 'roll.csv'), ROLL);
    const out = join(dir, 'hq-01.election.json');
    const built = district(['package', 'build', '--definition', join(dir, 'def.json'), '--roll', join(dir, 'roll.csv'), '--station-id', 'hq-01', '--station-name', '第一投票站', '--key', key, '--stock', '10', '--server', 'https://district.example.org/', out]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);

    const imported = importPackageText(readFileSync(out, 'utf8'), { dataDir: mkdtempSync(join(tmpdir(), 'station-')) });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const pkg = imported.value.package as typeof imported.value.package & { districtServer?: string };
    expect(pkg.station).toEqual({ id: 'hq-01', name: '第一投票站' });
    expect(pkg.ballotStock).toBe(10);
    expect(pkg.districtServer).toBe('https://district.example.org');
    expect(pkg.districtKey).toBe(JSON.parse(readFileSync(key, 'utf8')).publicKey);
    expect(pkg.roll).toEqual([
      { id: 'v-000001', name: '张伟', gender: 'M', birthDate: '1970-05-01', idTail: '1234', address: '3号楼2单元101', group: '第一居民小组', status: 'registered' },
      { id: 'v-000002', name: '王芳', gender: 'F', birthDate: '1975-03-09', idTail: '004X', address: '5号楼1单元, 202', group: '第一居民小组', status: 'registered' },
      { id: 'v-000003', name: '李"小"明', gender: 'M', birthDate: '1988-11-20', idTail: '5678', address: '6号楼\n3单元', group: '第二居民小组', status: 'struck', struckReason: '户籍已迁出本社区' },
      { id: 'v-000004', name: '赵敏', gender: 'F', birthDate: '2001-12-31', idTail: '0001', address: '7号楼', group: '第二居民小组', status: 'registered' },
    ]);
  });

  it('refuses a bad roll with bilingual lines and exit 2', () => {
    writeFileSync(join(dir, 'bad.csv'), '编号,姓名,性别,出生日期,身份证后四位,住址,居民小组\nv-1,张伟,男性,1970-02-30,12,1号楼,一组\n');
    writeFileSync(join(dir, 'def.json'), JSON.stringify(stationPackage('x').election));
    const refused = district(['package', 'build', '--definition', join(dir, 'def.json'), '--roll', join(dir, 'bad.csv'), '--station-id', 's', '--station-name', 'S', '--key', join(dir, 'k2.json'), join(dir, 'bad.json')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('选民名册第 2 行 “性别” 的值 “男性” 不对');
    expect(refused.stderr).toContain('Voter roll row 2: "出生日期" is "1970-02-30"');
    expect(refused.stderr).toContain('身份证后四位');
    const missing = district(['package', 'build', '--roll', join(dir, 'bad.csv'), join(dir, 'x.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--definition/);
  });
});

describe.each(BACKENDS)('district CLI on $name', (backend) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let dataArgs: string[];
  const dir = mkdtempSync(join(tmpdir(), 'district-cli-db-'));

  beforeAll(async () => {
    database = await backend.create();
    if (database.url) {
      env = { DATABASE_URL: database.url };
      dataArgs = [];
    } else {
      const data = join(dir, 'data');
      await (await openDb({ dataDir: data, template: await pgliteTemplate() })).close();
      env = {};
      dataArgs = ['--data', data];
    }
  }, 60_000);
  afterAll(async () => database?.drop());

  it('enrols a station, imports its bundle once, lists stations and exports results', () => {
    // A key starting with '-' (one in 64) must work as `--key KEY` too.
    let keys = generateKeyPair();
    while (!keys.publicKey.startsWith('-')) keys = generateKeyPair();
    const pkg = stationPackage('cli-01', '命令行投票站');
    writeFileSync(join(dir, 'cli-01.election.json'), JSON.stringify(pkg));
    const enrol = district(['station', 'enrol', '--station-id', 'cli-01', '--key', keys.publicKey, '--election', join(dir, 'cli-01.election.json'), ...dataArgs], env);
    expect(enrol.stderr).toBe('');
    expect(enrol.stdout).toContain('cli-01 命令行投票站');

    const otherKey = district(['station', 'enrol', '--station-id', 'cli-01', '--key', generateKeyPair().publicKey, ...dataArgs], env);
    expect(otherKey.code).toBe(2);
    expect(otherKey.stderr).toContain('--replace');

    const station: TestStation = { stationId: 'cli-01', secretKey: keys.secretKey, keys, package: pkg, election: pkg.election };
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify(makeBundle(station)));
    const first = district(['bundle', 'import', join(dir, 'bundle.json'), ...dataArgs], env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('ballots: 120');
    expect(first.stdout).toContain('verified');
    const second = district(['bundle', 'import', join(dir, 'bundle.json'), ...dataArgs], env);
    expect(second.stdout).toMatch(/nothing changed/);

    const list = district(['stations', 'list', ...dataArgs], env);
    expect(list.stdout).toMatch(/cli-01\t命令行投票站\t[0-9a-f ]{19}\t2026-yanfeng-8\t\d{4}-/);

    expect(district(['results', 'export', '--format', 'json', join(dir, 'r.json'), ...dataArgs], env).code).toBe(0);
    const exported = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { station: string; round: number; status: string }[];
    expect(exported.map((r) => [r.station, r.round, r.status])).toEqual([['cli-01', 1, 'verified']]);
    expect(district(['results', 'export', '--format', 'csv', join(dir, 'r.csv'), ...dataArgs], env).code).toBe(0);
    const csv = readFileSync(join(dir, 'r.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF投票站编号,投票站,轮次,核验状态')).toBe(true);
    expect(csv).toContain('cli-01,命令行投票站,1,verified');
    expect(district(['results', 'export', '--format', 'xml', join(dir, 'r.xml'), ...dataArgs], env).code).toBe(2);
  }, 120_000);
});
