/**
 * A count table and entry is one desk's, with the hub as the gate (分组计票 across machines):
 * two desks taking the same table and entry at the same instant, many times over, on PGlite and
 * on PostgreSQL — one holds it, the other is refused naming the holder, its clerk and the time;
 * the same desk again is ok; entries A and B of one table, and other rounds, are separate; table
 * 0 is the lead's; a check-in desk takes none; an ask takes nothing. And when two desks' papers
 * meet under one ballot id all the same, the second is kept in an anomaly, never silently dropped.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairDesk, revokeDesk } from '../../../server/hub/desks';
import { BACKENDS } from '../helpers/backends';
import { describeAnomaly } from '../../../shared/hub/anomalies';
import type { Anomaly } from '../../../shared/hub/protocol';
import { at, call, COUNT_DESK, DESK_A, LEAD, openHub, pullAll, push, type TestDesk, type TestHub } from './recordsFixture';

type ErrorBody = { code: string; issues: { params?: Record<string, string | number> }[] };

const COUNT_2: TestDesk = { id: 'desk-d', name: '录入台 2', role: 'count' };
const PATH = '/hub/v1/count-table';
const take = (table: number, entry: 'A' | 'B', clerk: string, round = 1) => ({ round, table, entry, clerk, take: true });

describe.each(BACKENDS)('count tables taken at the hub on $name', (backend) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await openHub(backend);
  }, 60_000);
  afterAll(async () => {
    await hub.close();
  }, 60_000);

  it('two desks taking the same table and entry at once, 40 times: one holds it, the other is refused naming the holder, its clerk and when', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const round = 10 + Math.floor(i / 9);
        const table = (i % 9) + 1;
        const [a, b] = await Promise.all([
          call<ErrorBody>(hub.db, COUNT_DESK, 'POST', PATH, take(table, 'A', '王五', round)),
          call<ErrorBody>(hub.db, COUNT_2, 'POST', PATH, take(table, 'A', '赵六', round)),
        ]);
        return { round, table, a, b };
      }),
    );
    for (const { round, table, a, b } of outcomes) {
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [winner, clerk, loser] = a.status === 200 ? [COUNT_DESK, '王五', b] : [COUNT_2, '赵六', a];
      expect(loser.json.code).toBe('hub.tableClaimed');
      const params = loser.json.issues[0]!.params!;
      expect(params).toMatchObject({ round, table, entry: 'A', desk: winner.name, deskId: winner.id, clerk });
      expect(Number.isFinite(Date.parse(String(params['at'])))).toBe(true);
      // The holder again (a reload, a restart): ok; the other again: still refused.
      expect((await call(hub.db, winner, 'POST', PATH, take(table, 'A', clerk, round))).status).toBe(200);
      const other = winner === COUNT_DESK ? COUNT_2 : COUNT_DESK;
      expect((await call<ErrorBody>(hub.db, other, 'POST', PATH, take(table, 'A', 'x', round))).json.code).toBe('hub.tableClaimed');
    }
    const rows = await hub.db.query<{ n: string }>('SELECT count(*) AS n FROM hub_count_tables');
    expect(Number(rows[0]!.n)).toBe(40);
  }, 120_000);

  it('entry B of a table on another machine, the same table in another round: each its own; an ask takes nothing', async () => {
    expect((await call(hub.db, COUNT_DESK, 'POST', PATH, take(3, 'A', '王五'))).status).toBe(200);
    expect((await call(hub.db, COUNT_2, 'POST', PATH, take(3, 'B', '赵六'))).status).toBe(200);
    expect((await call(hub.db, COUNT_2, 'POST', PATH, take(3, 'A', '赵六', 2))).status).toBe(200);
    const asked = await call<{ held: boolean }>(hub.db, COUNT_2, 'POST', PATH, { ...take(4, 'A', '赵六'), take: false });
    expect(asked).toMatchObject({ status: 200, json: { held: false } });
    // Asking for a held one names the holder, and the asker does not take it.
    const askHeld = await call<ErrorBody>(hub.db, COUNT_2, 'POST', PATH, { ...take(3, 'A', '赵六'), take: false });
    expect(askHeld.status).toBe(409);
    expect(askHeld.json.issues[0]!.params).toMatchObject({ desk: COUNT_DESK.name, clerk: '王五' });
    expect((await call(hub.db, COUNT_DESK, 'POST', PATH, take(4, 'A', '王五'))).status).toBe(200);
  }, 60_000);

  it('a table whose desk the lead revoked (its laptop failed) is taken over by the next desk; until then it stays refused', async () => {
    const now = new Date();
    const pair = async (name: string): Promise<TestDesk> => {
      const row = await pairDesk(hub.db, { name, role: 'count', publicKey: randomBytes(32).toString('base64') }, now);
      return { id: row!.id, name, role: 'count' };
    };
    const failed = await pair('录入台 5');
    const spare = await pair('录入台 6');
    expect((await call(hub.db, failed, 'POST', PATH, take(6, 'A', '王五'))).status).toBe(200);
    expect((await call<ErrorBody>(hub.db, spare, 'POST', PATH, take(6, 'A', '赵六'))).json.code).toBe('hub.tableClaimed');
    expect(await revokeDesk(hub.db, failed.id, now)).toBe(true);
    // Asked: free; taken: the spare desk holds it, and a third desk is refused naming the spare one.
    expect((await call<{ held: boolean }>(hub.db, spare, 'POST', PATH, { ...take(6, 'A', '赵六'), take: false })).json).toEqual({ held: false });
    expect((await call<{ held: boolean }>(hub.db, spare, 'POST', PATH, take(6, 'A', '赵六'))).json).toEqual({ held: true });
    const third = await call<ErrorBody>(hub.db, COUNT_DESK, 'POST', PATH, take(6, 'A', 'x'));
    expect(third.json.issues[0]!.params).toMatchObject({ desk: '录入台 6', deskId: spare.id, clerk: '赵六' });
  }, 60_000);

  it('table 0 is the lead’s; a check-in desk takes no table; a malformed claim is refused', async () => {
    expect((await call<ErrorBody>(hub.db, COUNT_DESK, 'POST', PATH, take(0, 'A', '王五'))).json.code).toBe('hub.tableOfLead');
    expect((await call<{ held: boolean }>(hub.db, LEAD, 'POST', PATH, take(0, 'A', '张三'))).json).toEqual({ held: true });
    const checkinDesk = await call<ErrorBody>(hub.db, DESK_A, 'POST', PATH, take(5, 'A', '李四'));
    expect([checkinDesk.status, checkinDesk.json.code]).toEqual([403, 'hub.checkinDeskNoBallots']);
    for (const body of [{ ...take(10, 'A', 'x') }, { ...take(1, 'C' as 'A', 'x') }, { ...take(1, 'A', 'x'), round: 0 }, { round: 1, table: 1, entry: 'A', clerk: 'x' }]) {
      const answer = await call<ErrorBody>(hub.db, COUNT_DESK, 'POST', PATH, body);
      expect([answer.status, answer.json.code]).toEqual([400, 'sync.badRequest']);
    }
    expect((await call<ErrorBody>(hub.db, COUNT_DESK, 'GET', PATH)).status).toBe(405);
  }, 60_000);

  it('two desks’ different papers under one ballot id (no claim between them): the first stays, the second is never silently lost — an anomaly keeps both', async () => {
    const ballot = (desk: TestDesk, clerk: string, status: 'valid' | 'blank', minute: number) => ({
      id: 'R1-A-600001-1',
      round: 1,
      entry: 'A',
      seq: 600_001,
      kind: 'ballot',
      status,
      marks: status === 'valid' ? { chair: { for: ['c-1'], against: [], writeIns: [] } } : null,
      at: at(minute),
      clerk,
      desk: desk.name,
    });
    const first = ballot(COUNT_DESK, '王五', 'valid', 1);
    const second = ballot(COUNT_2, '赵六', 'blank', 2);
    expect(await push(hub.db, COUNT_DESK, 'ballots', [first])).toMatchObject({ status: 200, json: [] });
    // The same paper again (a retried push) is no collision.
    expect(await push(hub.db, COUNT_DESK, 'ballots', [first])).toMatchObject({ status: 200, json: [] });
    const refused = await push(hub.db, COUNT_2, 'ballots', [second]);
    expect(refused.status).toBe(200);
    expect(refused.json.map((doc) => [doc.id, doc['clerk'], doc['status']])).toEqual([[first.id, '王五', 'valid']]);
    // The hub's pile holds the first; the lead sees the second in an anomaly with both.
    const stored = (await pullAll(hub.db, LEAD, 'ballots')).filter((doc) => doc.id === first.id);
    expect(stored.map((doc) => doc['clerk'])).toEqual(['王五']);
    const anomalies = (await call<Anomaly[]>(hub.db, LEAD, 'GET', '/hub/v1/anomalies')).json.filter((a) => a.kind === 'ballotCollision');
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ round: 1, voterId: first.id, resolution: null });
    expect(anomalies[0]!.records.map((record) => [record['desk'], record['clerk'], record['status']])).toEqual([
      [COUNT_DESK.name, '王五', 'valid'],
      [COUNT_2.name, '赵六', 'blank'],
    ]);
    const words = describeAnomaly(anomalies[0]!, 'zh-CN').found;
    expect(words).toContain(first.id);
    expect(words).toContain('赵六');
    // Pushed again, it joins the same open anomaly; resolved with a reason (the paper entered again), as recorded.
    await push(hub.db, COUNT_2, 'ballots', [second]);
    expect((await call<Anomaly[]>(hub.db, LEAD, 'GET', '/hub/v1/anomalies')).json.filter((a) => a.kind === 'ballotCollision')).toHaveLength(1);
    const resolved = await call<Anomaly>(hub.db, LEAD, 'POST', `/hub/v1/anomalies/${encodeURIComponent(anomalies[0]!.id)}/resolve`, { standing: null, reason: '核对纸质选票，第二张在第 7 组重新录入', clerk: '总监票人', desk: '主机' });
    expect(resolved.status).toBe(200);
    expect(resolved.json.resolution).toMatchObject({ standing: null, reason: '核对纸质选票，第二张在第 7 组重新录入' });
  }, 60_000);
});
