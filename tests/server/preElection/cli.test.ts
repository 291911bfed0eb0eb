/**
 * `npm run district -- pre-election <step>` (issue 17): every step parsed from its command line and
 * run on the database as the CLI runs it (in-process, on PGlite and PostgreSQL), and the real
 * command as a process on both — a refused roll prints each row's reason in zh and en (exit 2) and
 * stores nothing; the template is written as the file asked for.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../server/cli/common';
import { writeReplyFiles } from '../../../server/cli/dbCommands';
import { preElectionRequest, runPreElectionStep } from '../../../server/cli/preElection';
import type { Db } from '../../../server/db/types';
import { readXlsx } from '../../../server/preElection/xlsx';
import { ROLL_COLUMNS } from '../../../server/preElection/types';
import { BACKENDS, type TestDatabase } from '../helpers/backends';
import { rollCsv } from '../../helpers/rollFile';
import { communityInput, person } from './fixtures';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function district(args: readonly string[], env: NodeJS.ProcessEnv): { code: number | null; stdout: string; stderr: string } {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DATABASE_URL;
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli.ts'), ...args], { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'pre-election-cli-'));
const write = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

describe.each(BACKENDS)('pre-election CLI steps on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await backend.create();
    db = await database.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  /** One step as the CLI runs it: the command line read, the request run, its files written; the printed output. */
  const step = async (argv: string[]): Promise<string> => {
    const { request } = preElectionRequest(argv[0], argv.slice(1));
    const reply = await runPreElectionStep(db, request);
    writeReplyFiles(reply);
    return reply.output;
  };
  const json = async <T>(argv: string[]) => JSON.parse(await step(argv)) as T;
  const refused = async (argv: string[]): Promise<string> => {
    try {
      await step(argv);
    } catch (error) {
      if (error instanceof CliError) return error.message;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('runs every step from the committee to the formal list and the records', async () => {
    const people = [person(1, '周建华', { woman: false }), person(2, '林秀梅'), person(3, '陈志强', { woman: false }), person(4, '王芳'), person(5, '李强', { woman: false }), person(6, '赵敏'), person(7, '孙丽', { woman: true }), person(8, '张伟', { woman: false })];
    expect(await json<{ id: string }>(['community', '--json', write('c.json', communityInput('cli-01', '柳岸社区'))])).toMatchObject({ id: 'cli-01', name: '柳岸社区' });
    expect(await json<unknown[]>(['communities'])).toHaveLength(1);
    const member = await json<{ id: string }>(['committee-add', '--community', 'cli-01', '--json', write('m.json', { name: '何静', idNumber: person(9, '何静', { woman: true }).idNumber, role: 'chair', chosenBy: 'representativesMeeting', meetingOn: '2027-01-10', attendance: { present: 30, total: 40 } })]);
    expect(await json<{ leftOn: string }>(['committee-leave', '--community', 'cli-01', '--member', member.id, '--json', write('l.json', { leftOn: '2027-02-01', reason: '工作调动' })])).toMatchObject({ leftOn: '2027-02-01' });
    expect(await json<unknown[]>(['committee', '--community', 'cli-01'])).toHaveLength(1);

    expect(await step(['roll-template', join(dir, 'template.xlsx')])).toContain('template.xlsx');
    expect(readXlsx(new Uint8Array(readFileSync(join(dir, 'template.xlsx')))).rows[0]).toEqual(Object.values(ROLL_COLUMNS));
    const bad = write('bad.csv', rollCsv([people[0]!, { ...people[1]!, category: '暂住' }]));
    expect(await refused(['roll-import', '--community', 'cli-01', bad])).toBe(
      '第 3 行：登记类别 “暂住” 应为 户籍在本社区、居住一年以上申请登记 或 人户分离其他 / Row 3: registration category "暂住" must be 户籍在本社区, 居住一年以上申请登记 or 人户分离其他',
    );
    expect(await json(['roll-import', '--community', 'cli-01', '--by', '录入员 甲', write('roll.csv', rollCsv(people))])).toEqual({ imported: 8, duplicates: 0, replaced: 0 });
    expect(await json<{ total: number }>(['roll', '--community', 'cli-01', '--group', '第二居民小组'])).toMatchObject({ total: 3 });
    expect(await json<unknown[]>(['duplicates'])).toEqual([]);
    expect(await refused(['publish', '--community', 'cli-01', '--date', '2027-03-05', '--by', '选委会'])).toMatch(/^不能在 2027年3月5日 公布.*最迟 2027年3月1日 \/ Cannot publish on 2027-03-05/);
    expect(await json(['publish', '--community', 'cli-01', '--date', '2027-02-27', '--by', '选委会'])).toMatchObject({ publishedOn: '2027-02-27', registered: 8 });
    const objection = await json<{ id: string }>(['objection-file', '--community', 'cli-01', '--json', write('o.json', { filedOn: '2027-02-28', objector: '居民甲', subject: 'wrongDetails', statement: '住址有误' })]);
    expect(await json(['objection-decide', '--community', 'cli-01', '--objection', objection.id, '--json', write('d.json', { decidedOn: '2027-03-01', decision: 'rejected', reason: '经核对无误' })])).toMatchObject({ decision: 'rejected' });
    expect(await json<unknown[]>(['objections', '--community', 'cli-01'])).toHaveLength(1);

    const ids: string[] = [];
    for (const [i, who] of people.entries()) {
      const nomination = await json<{ id: string }>(['nominate', '--community', 'cli-01', '--json', write('n.json', { positionId: i < 3 ? 'chair' : 'member', idNumber: who.idNumber, name: who.name, kind: 'self', nominatedOn: '2027-03-02' })]);
      ids.push(nomination.id);
      expect(await json<{ flags: unknown[] }>(['checklist', '--community', 'cli-01', '--nomination', nomination.id, '--json', write('k.json', { itemId: 'record', confirmed: true })])).toMatchObject({ flags: [], eligible: true });
    }
    expect(await json<{ status: string }>(['withdraw', '--community', 'cli-01', '--nomination', ids[2]!, '--reason', '本人放弃'])).toMatchObject({ status: 'withdrawn' });
    expect(await json<unknown[]>(['nominations', '--community', 'cli-01'])).toHaveLength(8);
    expect(await json<{ primaryNeeded: boolean }[]>(['positions', '--community', 'cli-01'])).toMatchObject([{ primaryNeeded: false }, { primaryNeeded: false }]);
    expect(await refused(['primary', '--community', 'cli-01', '--position', 'chair', '--json', write('p.json', { method: 'vote', heldOn: '2027-03-03', ballotsRecovered: 10, votes: [{ nominationId: ids[0], votes: 5 }] })])).toMatch(/不需要预选/);
    expect(await step(['formal-list', '--community', 'cli-01'])).toBe('null');
    expect(await json<{ positions: unknown[] }>(['formal-list', '--community', 'cli-01', '--date', '2027-03-04', '--by', '选委会'])).toMatchObject({ publishedOn: '2027-03-04' });
    expect(await step(['records', '--community', 'cli-01', join(dir, 'records.json')])).toContain('records.json');
    expect(JSON.parse(readFileSync(join(dir, 'records.json'), 'utf8'))).toMatchObject({ election: { id: '2027-cli-01' }, publication: { publishedOn: '2027-02-27' } });
    expect(await json<{ action: string }[]>(['status', '--community', 'cli-01'])).toMatchObject({ roll: { registered: 8 }, objections: { decided: 1 } });
    const audit = await json<{ action: string; by: string }[]>(['audit', '--community', 'cli-01']);
    expect(audit.find((entry) => entry.action === 'roll.import')).toMatchObject({ by: '录入员 甲' });
    expect(audit.map((entry) => entry.action)).toContain('formalList.publish');
  });

  it('refuses an unknown step, a missing option, and an unreadable JSON file with bilingual lines', async () => {
    expect(() => preElectionRequest('publsh', [])).toThrow(/unknown pre-election step "publsh" \/ 未知步骤/);
    expect(() => preElectionRequest('publish', ['--community', 'x'])).toThrow(/--date is required \/ 缺少 --date/);
    expect(() => preElectionRequest('community', ['--json', write('broken.json', '{')])).toThrow(/文件不是有效的 JSON/);
    expect(await refused(['status', '--community', 'nowhere'])).toBe('没有编号为 “nowhere” 的社区 / There is no community "nowhere"');
  });

  it('runs as a process: a refused roll prints each row in zh and en (exit 2) and stores nothing', () => {
    const env: NodeJS.ProcessEnv = database.url === undefined ? {} : { DATABASE_URL: database.url };
    const data = ['--data', join(dir, `data-${backend.name}`)];
    // The PostgreSQL half runs on the test database (no PGlite folder); the PGlite half on its own folder.
    const made = district(['pre-election', 'community', '--json', write('c2.json', communityInput('proc-01', '青河社区')), ...data], env);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const bad = district(['pre-election', 'roll-import', '--community', 'proc-01', write('bad2.csv', rollCsv([person(1, '王一'), { ...person(2, '李二'), idNumber: '11010519491231002Y' }])), ...data], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('第 3 行：身份证号码 “11010519491231002Y” 只能是 17 位数字加一位数字或 X / Row 3: the ID number "11010519491231002Y" must be 17 digits and a digit or X');
    const status = district(['pre-election', 'status', '--community', 'proc-01', ...data], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ roll: { registered: 0 } });
  }, 120_000);
});
