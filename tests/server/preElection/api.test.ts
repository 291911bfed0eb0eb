/**
 * `/api/pre-election/…` over HTTP on a real server (issue 17), on PGlite and PostgreSQL: the
 * dashboard's access rule (this machine, or the admin token), the roll template downloads, a roll
 * uploaded as CSV or XLSX bytes — refused with every row's reason in zh and en, or stored — the
 * request checks (media type, body shape), and the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictServer, type DistrictServer } from '../../../server/app';
import type { Db } from '../../../server/db/types';
import { readXlsx, writeXlsx } from '../../../server/preElection/xlsx';
import { ROLL_COLUMNS } from '../../../server/preElection/types';
import { rollCsv } from '../../helpers/rollFile';
import { BACKENDS, type TestDatabase } from '../helpers/backends';
import { fetchFrom } from '../helpers/loopbackFetch';
import { communityInput, person } from './fixtures';

const TOKEN = 'pre-election-admin-token';

describe.each(BACKENDS)('pre-election API on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let server: DistrictServer;
  let base: string;
  beforeAll(async () => {
    database = await backend.create();
    db = await database.open();
    server = await startDistrictServer({ port: 0, db, adminToken: TOKEN });
    base = `${server.url}/api/pre-election`;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
    await database?.drop();
  });

  const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('creates a community and answers its summary; a bad body is a 400 naming the field, a wrong media type a 415', async () => {
    const made = await post('/communities', communityInput('api-01', '柳岸社区'));
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({ id: 'api-01', profile: { publicationDaysBefore: 20, objectionDecisionDays: 3 } });
    const summary = await fetch(`${base}/communities/api-01`);
    expect(await summary.json()).toMatchObject({ community: { name: '柳岸社区' }, publishBy: '2027-03-01', roll: { registered: 0 } });

    const bad = await post('/communities', { ...communityInput('api-02', '别处'), electionDate: '2027-02-30' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(['electionDate']);
    const text = await fetch(`${base}/communities`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
    const missing = await fetch(`${base}/communities/nowhere/roll`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toBe('没有编号为 “nowhere” 的社区 / There is no community "nowhere"');
    expect((await fetch(`${base}/no-such-thing`)).status).toBe(404);
  });

  it('serves the roll templates, CSV with a BOM and XLSX, with the zh headers', async () => {
    const csv = await fetch(`${base}/roll-template.csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('选民名册模板.csv')}`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // (TextDecoder drops the BOM.)
    expect(new TextDecoder().decode(bytes).split('\r\n')[0]).toBe(Object.values(ROLL_COLUMNS).join(','));
    const xlsx = await fetch(`${base}/roll-template.xlsx`);
    expect(readXlsx(new Uint8Array(await xlsx.arrayBuffer())).rows[0]).toEqual(Object.values(ROLL_COLUMNS));
  });

  it('refuses a roll with bad rows (each row and reason, zh and en; nothing stored) and stores a good one sent as XLSX', async () => {
    const rows = [person(1, '王一'), { ...person(2, '李二'), household: '' }, person(3, '张三', { birth: '2010-01-01' })];
    const refused = await fetch(`${base}/communities/api-01/roll?name=roll.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: rollCsv(rows) });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { code: string; issues: { code: string; message: string }[] };
    expect(body.issues.map((found) => found.message)).toEqual([
      '第 3 行：“户号” 不能为空 / Row 3: "户号" is empty',
      '第 4 行：张三 在选举日 2027年3月21日 未满 18 周岁（17 岁） / Row 4: 张三 is under 18 on election day 2027-03-21 (aged 17)',
    ]);
    expect(((await (await fetch(`${base}/communities/api-01/roll`)).json()) as { total: number }).total).toBe(0);

    const good = [person(1, '王一'), person(2, '李二')];
    const sheet = writeXlsx('名册', [Object.values(ROLL_COLUMNS), ...good.map((row) => [row.idNumber, row.name, '', row.address, row.group, row.household, row.category, row.evidence])]);
    const stored = await fetch(`${base}/communities/api-01/roll?name=${encodeURIComponent('名册.xlsx')}&by=${encodeURIComponent('录入员 乙')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: sheet,
    });
    expect(stored.status).toBe(201);
    expect(await stored.json()).toEqual({ imported: 2, duplicates: 0, replaced: 0 });
    const page = (await (await fetch(`${base}/communities/api-01/roll?q=${encodeURIComponent('李')}`)).json()) as { total: number; entries: { name: string }[] };
    expect(page).toMatchObject({ total: 1, entries: [{ name: '李二' }] });
    const audit = (await (await fetch(`${base}/communities/api-01/audit`)).json()) as { action: string; by: string; subject: string }[];
    expect(audit.map((entry) => [entry.action, entry.by, entry.subject])).toEqual([
      ['community.create', '区民政办 / district office', 'api-01'],
      ['roll.import', '录入员 乙', '名册.xlsx'],
    ]);
    expect(await (await fetch(`${base}/duplicates`)).json()).toEqual([]);
  });

  it('answers another machine only with the admin token, as the dashboard does', async () => {
    const remote = fetchFrom('127.0.0.1');
    const url = `${base}/communities`;
    const foreign = await remote(url, { headers: { host: 'district.example.org' } });
    expect(foreign.status).toBe(403);
    const withToken = await remote(url, { headers: { host: 'district.example.org', authorization: `Bearer ${TOKEN}` } });
    expect(withToken.status).toBe(200);
    expect(((await withToken.json()) as unknown[]).length).toBe(1);
  });
});
