/**
 * A desk cut off from the hub issues offline; when its records merge the hub records exactly the
 * anomalies there are (duplicate check-ins, a holder over 3 proxies, the stock overdrawn, a
 * check-in after the close), the 总监票人 resolves each once with a reason, and the desks pull
 * the standing records.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { anomalyRecordKey, ballotsBeyondCheckins, describeAnomaly } from '../../../shared/hub/anomalies';
import type { Anomaly } from '../../../shared/hub/protocol';
import { listAnomalies, resolveAnomaly, resolvedAnomalies } from '../../../server/hub/records/anomalies';
import { BACKENDS } from '../helpers/backends';
import { at, call, checkin, DESK_A, DESK_B, expectCountsExact, LEAD, machineDoc, openHub, openPolls, pullAll, push, voter, type TestHub } from './recordsFixture';

type ErrorBody = { code: string; message: string };

const by = { clerk: '孙志强', desk: LEAD.name };

describe.each(BACKENDS)('a partitioned desk merging on $name', (backend) => {
  let hub: TestHub;
  const hubs: TestHub[] = [];
  beforeEach(async () => {
    hub = await openHub(backend);
    hubs.push(hub);
  }, 60_000);
  afterAll(async () => {
    for (const opened of hubs) await opened.close();
  }, 60_000);

  it('30 offline check-ins, 3 of voters issued elsewhere: every record at the hub once, exactly 3 duplicate anomalies keeping the losing records; pushing again finds nothing new', async () => {
    await openPolls(hub.db, 200);
    for (let n = 1; n <= 20; n++) expect((await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record: checkin(voter(n), DESK_A, at(n)) })).status).toBe(200);
    // Desk B, cut off: voters 18–20 (issued at A meanwhile) and 27 others.
    const offline = [18, 19, 20, ...Array.from({ length: 27 }, (_, i) => 21 + i)].map((n) => checkin(voter(n), DESK_B, at(30 + n)));
    const merged = await push(hub.db, DESK_B, 'checkins', offline);
    expect(merged.status).toBe(200);
    expect(merged.json.map((doc) => [doc.id, doc['desk']])).toEqual([18, 19, 20].map((n) => [`1:${voter(n)}`, DESK_A.name]));

    const stored = await pullAll(hub.db, DESK_A, 'checkins');
    expect(stored).toHaveLength(47);
    expect(new Set(stored.map((doc) => doc.id)).size).toBe(47);
    for (const n of [18, 19, 20]) expect(stored.find((doc) => doc.id === `1:${voter(n)}`)!['desk']).toBe(DESK_A.name);

    const anomalies = await listAnomalies(hub.db);
    expect(anomalies.map((anomaly) => [anomaly.kind, anomaly.voterId])).toEqual([18, 19, 20].map((n) => ['duplicateCheckin', voter(n)]));
    for (const anomaly of anomalies) {
      expect(anomaly.records.map((record) => record['desk'])).toEqual([DESK_A.name, DESK_B.name]);
      expect(anomaly.resolution).toBeNull();
    }
    expect(ballotsBeyondCheckins(anomalies, 1)).toBe(3);

    // The same push again (a retry), and B's conflict handler keeping its own copy on the hub's: still conflicts, nothing new.
    expect((await push(hub.db, DESK_B, 'checkins', offline)).json).toHaveLength(3);
    const losing = offline.slice(0, 3);
    const again = await push(hub.db, DESK_B, 'checkins', losing, merged.json);
    expect(again.json.map((doc) => doc['desk'])).toEqual([DESK_A.name, DESK_A.name, DESK_A.name]);
    await expectCountsExact(hub.db);
    expect(await listAnomalies(hub.db)).toEqual(anomalies);
    // The lead's screen reads the same list.
    expect((await call<Anomaly[]>(hub.db, LEAD, 'GET', '/hub/v1/anomalies')).json).toEqual(anomalies);
  }, 120_000);

  it('resolution: the standing check-in becomes the current document (a new revision the desks pull), once, with a reason', async () => {
    await openPolls(hub.db, 200);
    const atA = checkin(voter(5), DESK_A, at(5));
    const atB = checkin(voter(5), DESK_B, at(6));
    await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record: atA });
    const seen = await call<{ checkpoint: unknown }>(hub.db, DESK_A, 'GET', '/hub/v1/checkins/pull?limit=100');
    await push(hub.db, DESK_B, 'checkins', [atB]);
    const [anomaly] = await listAnomalies(hub.db);
    expect(anomaly!.records.map(anomalyRecordKey)).toEqual([anomalyRecordKey(atA), anomalyRecordKey(atB)]);

    const refusals: [Parameters<typeof resolveAnomaly>[2], number, string][] = [
      [{ standing: anomalyRecordKey(atB), reason: '  ', clerk: by.clerk, desk: by.desk }, 400, 'hub.resolutionReasonRequired'],
      [{ standing: null, reason: '核对了名册', clerk: by.clerk, desk: by.desk }, 400, 'hub.standingRequired'],
      [{ standing: 'someone@else@now', reason: '核对了名册', clerk: by.clerk, desk: by.desk }, 400, 'hub.standingUnknown'],
    ];
    for (const [request, status, code] of refusals) {
      const answer = await call<ErrorBody>(hub.db, LEAD, 'POST', `/hub/v1/anomalies/${anomaly!.id}/resolve`, request);
      expect([answer.status, answer.json.code]).toEqual([status, code]);
    }
    const unknown = await call<ErrorBody>(hub.db, LEAD, 'POST', '/hub/v1/anomalies/nothing-1/resolve', { standing: null, reason: 'x', clerk: 'x', desk: 'x' });
    expect([unknown.status, unknown.json.code]).toEqual([404, 'hub.anomalyNotFound']);
    expect((await call<ErrorBody>(hub.db, DESK_A, 'POST', `/hub/v1/anomalies/${anomaly!.id}/resolve`, { standing: null, reason: 'x', clerk: 'x', desk: 'x' })).json.code).toBe('hub.leadOnly');

    // B's stands: the voter signed the roll at desk 2 first (A's clerk entered the wrong line).
    const resolved = await call<Anomaly>(hub.db, LEAD, 'POST', `/hub/v1/anomalies/${anomaly!.id}/resolve`, { standing: anomalyRecordKey(atB), reason: '名册签名在发票台 2，发票台 1 点错了行', ...by });
    expect(resolved.status).toBe(200);
    expect(resolved.json.resolution).toMatchObject({ standing: anomalyRecordKey(atB), reason: '名册签名在发票台 2，发票台 1 点错了行', by });

    // Desk A pulls from where it was: the standing record, as a new revision.
    const pulled = await call<{ documents: Record<string, unknown>[] }>(hub.db, DESK_A, 'GET', `/hub/v1/checkins/pull?checkpoint=${encodeURIComponent(JSON.stringify(seen.json.checkpoint))}`);
    expect(pulled.json.documents).toEqual([{ ...atB, _deleted: false }]);
    const rev = await hub.db.query<{ rev: number }>('SELECT rev FROM documents WHERE id = $1', [atA.id]);
    expect(Number(rev[0]!.rev)).toBeGreaterThanOrEqual(1);

    const twice = await call<ErrorBody>(hub.db, LEAD, 'POST', `/hub/v1/anomalies/${anomaly!.id}/resolve`, { standing: anomalyRecordKey(atA), reason: '改主意', ...by });
    expect([twice.status, twice.json.code]).toEqual([409, 'hub.anomalyResolved']);
    expect(twice.json.message).toContain('孙志强');
    await expect(hub.db.query(`UPDATE hub_anomalies SET resolution = NULL`)).rejects.toThrow(/final/);

    // The resolution holds: A pushing its old record on what it last knew is refused, no new anomaly.
    const pushedBack = await push(hub.db, DESK_A, 'checkins', [atA], [atB]);
    expect(pushedBack.json).toEqual([expect.objectContaining({ desk: DESK_B.name })]);
    expect(await listAnomalies(hub.db)).toHaveLength(1);
    expect((await resolvedAnomalies(hub.db, 1)).map((found) => found.id)).toEqual([anomaly!.id]);
    expect(await resolvedAnomalies(hub.db, 2)).toEqual([]);
    // The resolved duplicate still counts the ballot that left the stock.
    expect(ballotsBeyondCheckins(await listAnomalies(hub.db), 1)).toBe(1);
    // In words, as the lead's list and the sheet print it (local time).
    const [printed] = await resolvedAnomalies(hub.db, 1);
    const zh = describeAnomaly(printed!, 'zh-CN');
    expect(zh.found).toBe(`第 1 轮重复发票：选民 ${voter(5)} 领了 2 张选票（发票台 1 2026年11月29日 09:05 经办人 发票台 1 登记员；发票台 2 2026年11月29日 09:06 经办人 发票台 2 登记员）`);
    expect(zh.resolution).toMatch(/^处理：以 发票台 2 2026年11月29日 09:06 经办人 发票台 2 登记员 为准；理由：名册签名在发票台 2，发票台 1 点错了行；孙志强（主机）\d{4}年/);
    expect(describeAnomaly(printed!, 'en').found).toContain('duplicate check-in: voter v-000005 received 2 ballots (发票台 1 2026-11-29 09:05 by');
    expect(describeAnomaly({ ...printed!, resolution: null }, 'zh-CN').resolution).toBe('尚未处理');
  }, 120_000);

  it('a holder over 3 proxies across desks, and the stock overdrawn, are each one anomaly with the records in question', async () => {
    await openPolls(hub.db, 6);
    const holder = voter(500);
    const form = (n: number, slot: number, desk: typeof DESK_A) => ({ id: `1:${holder}:${slot}`, round: 1, entrustingVoterId: voter(n), holderVoterId: holder, formNumber: `W-${n}`, relationship: 'sibling', recordedAt: at(n), clerk: 'x', desk: desk.name });
    const byProxy = (n: number, slot: number, desk: typeof DESK_A) => checkin(voter(n), desk, at(n), { kind: 'proxy', holderVoterId: holder, proxyId: `1:${holder}:${slot}` });
    for (const [n, slot] of [[1, 1], [2, 2]] as const) {
      await push(hub.db, DESK_A, 'proxies', [form(n, slot, DESK_A)]);
      expect((await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record: byProxy(n, slot, DESK_A) })).status).toBe(200);
    }
    for (const n of [3, 4]) expect((await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record: checkin(voter(n), DESK_A, at(n)) })).status).toBe(200);
    expect(await listAnomalies(hub.db)).toEqual([]);
    // Desk B, offline, took slots 1 and 2 of the same holder for two other voters: 4 ballots to one holder, 6 + … over the stock of 6.
    const formsAtB = [form(11, 1, DESK_B), form(12, 2, DESK_B)];
    expect((await push(hub.db, DESK_B, 'proxies', formsAtB)).json).toHaveLength(2);
    await push(hub.db, DESK_B, 'checkins', [byProxy(11, 1, DESK_B), byProxy(12, 2, DESK_B), checkin(voter(13), DESK_B, at(13))]);
    const anomalies = await listAnomalies(hub.db);
    expect(anomalies.map((anomaly) => [anomaly.kind, anomaly.voterId])).toEqual([
      ['proxyLimit', holder],
      ['stockOverdrawn', null],
    ]);
    const proxyLimit = anomalies[0]!;
    const entrusting = new Set(proxyLimit.records.map((record) => record['voterId'] ?? record['entrustingVoterId']));
    expect(entrusting).toEqual(new Set([1, 2, 11, 12].map(voter)));
    // Issued 7 of a stock of 6: the one issued last.
    expect(anomalies[1]!.records.map((record) => record.id)).toEqual([`1:${voter(13)}`]);
    expect(describeAnomaly(proxyLimit, 'zh-CN').found).toMatch(new RegExp(`^第 1 轮委托超限：受托人 ${holder} 合计接受 4 份委托，每人最多 3 份（发票台 1 2026年11月29日 09:01 经办人`));
    expect(describeAnomaly(proxyLimit, 'en', { maxProxiesPerHolder: 2 }).found).toContain('holds 4 proxies, at most 2 per person');
    expect(describeAnomaly(anomalies[1]!, 'zh-CN').found).toBe('第 1 轮发出选票超过库存（库存以外：发票台 2 2026年11月29日 09:13 经办人 发票台 2 登记员）');
    // Resolved as recorded (the ballots are in the box; the 总监票人 notes why).
    const resolved = await resolveAnomaly(hub.db, proxyLimit.id, { standing: null, reason: '受托人持四份委托书，已登记在册', ...by }, new Date());
    expect(resolved.resolution?.standing).toBeNull();
    expect(await pullAll(hub.db, DESK_A, 'checkins')).toHaveLength(7);
    await expectCountsExact(hub.db);
  }, 120_000);

  it('a check-in issued after the lead closed the polls is an anomaly, whichever arrives first; none standing makes it undone, not a ballot', async () => {
    const open = await openPolls(hub.db, 100);
    // Issued offline at 10:30; the lead closes at 10:00.
    const early = checkin(voter(1), DESK_B, at(50));
    const late = checkin(voter(2), DESK_B, at(90));
    await push(hub.db, DESK_B, 'checkins', [early, late]);
    expect(await listAnomalies(hub.db)).toEqual([]);
    const closed = machineDoc('closed', 3, { type: 'polls.closed', at: at(60) });
    await push(hub.db, LEAD, 'machine', [closed], [open]);
    // The lead moves on (the closing state is kept in the document's history).
    await push(hub.db, LEAD, 'machine', [machineDoc('reconciled', 4, { type: 'polls.reconciled', at: at(70) })], [closed]);
    const later = checkin(voter(3), DESK_B, at(95));
    await push(hub.db, DESK_B, 'checkins', [later]);
    const anomalies = await listAnomalies(hub.db);
    expect(anomalies.map((anomaly) => [anomaly.kind, anomaly.voterId])).toEqual([
      ['afterClose', voter(2)],
      ['afterClose', voter(3)],
    ]);
    const checkpoint = (await call<{ checkpoint: unknown }>(hub.db, DESK_A, 'GET', '/hub/v1/checkins/pull?limit=100')).json.checkpoint;
    await resolveAnomaly(hub.db, anomalies[0]!.id, { standing: null, reason: '投票结束后发出，不计入', ...by }, new Date(Date.parse(at(120))));
    await resolveAnomaly(hub.db, anomalies[1]!.id, { standing: anomalyRecordKey(later), reason: '发票台时钟快了 40 分钟，实际在结束前', ...by }, new Date(Date.parse(at(121))));
    const pulled = await call<{ documents: Record<string, unknown>[] }>(hub.db, DESK_A, 'GET', `/hub/v1/checkins/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`);
    expect(pulled.json.documents).toEqual([{ ...late, status: 'undone', undoneAt: at(120), undoneBy: by.clerk, undoReason: '投票结束后发出，不计入', _deleted: false }]);
    expect((await resolvedAnomalies(hub.db)).map((anomaly) => anomaly.resolution!.reason)).toEqual(['投票结束后发出，不计入', '发票台时钟快了 40 分钟，实际在结束前']);
    await expectCountsExact(hub.db);
    const [notStanding, standing] = await resolvedAnomalies(hub.db, 1);
    expect(describeAnomaly(notStanding!, 'zh-CN')).toEqual({
      found: '第 1 轮投票结束后发票：选民 v-000002（发票台 2 2026年11月29日 10:30 经办人 发票台 2 登记员）',
      resolution: '处理：均不计入；理由：投票结束后发出，不计入；孙志强（主机）2026年11月29日 11:00',
    });
    expect(describeAnomaly(standing!, 'en').resolution).toBe('Resolved: 发票台 2 2026-11-29 10:35 by 发票台 2 登记员 stands; reason: 发票台时钟快了 40 分钟，实际在结束前; 孙志强 (主机) 2026-11-29 11:01');
    // The undone one's ballot left the stock all the same: the account counts it.
    expect(ballotsBeyondCheckins(await listAnomalies(hub.db), 1)).toBe(1);
  }, 120_000);
});
