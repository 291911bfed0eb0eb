/**
 * The hub's records (issue 16) on a real database: the district's replication under the
 * station's id, who may push what, and the check-in claim's rules (polls open on the lead, one
 * ballot per voter and round across desks, proxies per holder, the stock).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { describeIssue } from '../../../shared/election/issues';
import { runMigrations } from '../../../server/db/migrations';
import { HUB_MIGRATIONS, runHubMigrations } from '../../../server/hub/migrations';
import { handleHubRecords } from '../../../server/hub/records/handle';
import { pushRows } from '../../../server/sync/documents';
import { BACKENDS } from '../helpers/backends';
import { at, call, checkin, COUNT_DESK, DESK_A, DESK_B, expectCountsExact, LEAD, machineDoc, openHub, openPolls, pullAll, push, setupDoc, voter, STATION, type TestHub } from './recordsFixture';

type ErrorBody = { code: string; message: string; issues: { code: string; params?: Record<string, string | number> }[] };

describe.each(BACKENDS)('hub records on $name', (backend) => {
  let hub: TestHub;
  const hubs: TestHub[] = [];
  beforeEach(async () => {
    hub = await openHub(backend);
    hubs.push(hub);
  }, 60_000);
  afterAll(async () => {
    for (const opened of hubs) await opened.close();
  }, 60_000);

  it('replicates with the district semantics under the station: push, pull by checkpoint, the same push again changes nothing, a stale assumed state conflicts', async () => {
    const first = checkin(voter(1), DESK_A, at(1));
    expect((await push(hub.db, DESK_A, 'checkins', [first])).json).toEqual([]);
    expect((await push(hub.db, DESK_A, 'checkins', [first])).json).toEqual([]);
    expect(await pullAll(hub.db, DESK_B, 'checkins')).toEqual([{ ...first, _deleted: false }]);
    // Another desk's state without knowing the stored one: the stored one is answered.
    const conflicts = await push(hub.db, DESK_B, 'spoiled', [{ id: '1-S0001-v-000001', round: 1, voterId: voter(1), at: at(2), reason: '写错', clerk: 'x', desk: DESK_B.name }]);
    expect(conflicts.json).toEqual([]);
    const changed = await push(hub.db, DESK_A, 'spoiled', [{ id: '1-S0001-v-000001', round: 1, voterId: voter(1), at: at(3), reason: '另一个', clerk: 'y', desk: DESK_A.name }]);
    expect(changed.json).toEqual([expect.objectContaining({ id: '1-S0001-v-000001', reason: '写错' })]);
    const page = await call<{ documents: unknown[]; checkpoint: { seq: number } }>(hub.db, DESK_A, 'GET', '/hub/v1/checkins/pull?checkpoint=&limit=10');
    expect(page.status).toBe(200);
    const after = await call<{ documents: unknown[] }>(hub.db, DESK_A, 'GET', `/hub/v1/checkins/pull?checkpoint=${encodeURIComponent(JSON.stringify(page.json.checkpoint))}`);
    expect(after.json.documents).toEqual([]);
    expect((await call(hub.db, DESK_A, 'GET', '/hub/v1/checkins/pull?checkpoint=x')).status).toBe(400);
    expect((await call(hub.db, DESK_A, 'GET', '/hub/v1/voters/pull')).status).toBe(404);
    expect((await call(hub.db, DESK_A, 'GET', '/hub/v1/nothing')).status).toBe(404);
    expect((await call(hub.db, DESK_A, 'GET', '/hub/v1/checkins/push')).status).toBe(405);
    expect((await call(hub.db, DESK_A, 'POST', '/hub/v1/checkins/push', { not: 'rows' })).status).toBe(400);
  }, 120_000);

  it('the polling-day state only from the lead; a count desk pushes no check-in records, a check-in desk no count records; anyone pulls', async () => {
    for (const collection of ['machine', 'setup', 'reconciliation']) {
      for (const desk of [DESK_A, COUNT_DESK]) {
        const refused = await call<ErrorBody>(hub.db, desk, 'POST', `/hub/v1/${collection}/push`, []);
        expect(refused.status).toBe(403);
        expect(refused.json.code).toBe('hub.leadOnly');
        expect(refused.json.issues[0]!.params).toMatchObject({ collection });
      }
    }
    expect((await push(hub.db, LEAD, 'setup', [setupDoc(100)])).status).toBe(200);
    for (const collection of ['checkins', 'proxies', 'trips', 'spoiled']) {
      const refused = await call<ErrorBody>(hub.db, COUNT_DESK, 'POST', `/hub/v1/${collection}/push`, []);
      expect([refused.status, refused.json.code]).toEqual([403, 'hub.countDeskNoCheckins']);
      expect(refused.json.message).toContain('录入台不发选票');
    }
    for (const collection of ['ballots', 'countRecords']) {
      const refused = await call<ErrorBody>(hub.db, DESK_A, 'POST', `/hub/v1/${collection}/push`, []);
      expect([refused.status, refused.json.code]).toEqual([403, 'hub.checkinDeskNoBallots']);
      expect((await call(hub.db, COUNT_DESK, 'POST', `/hub/v1/${collection}/push`, [])).status).toBe(200);
    }
    const claim = await call<ErrorBody>(hub.db, COUNT_DESK, 'POST', '/hub/v1/checkin', { record: checkin(voter(1), COUNT_DESK, at(1)) });
    expect([claim.status, claim.json.code]).toEqual([403, 'hub.countDeskNoCheckins']);
    expect((await call<ErrorBody>(hub.db, DESK_A, 'GET', '/hub/v1/anomalies')).json.code).toBe('hub.leadOnly');
    expect((await call(hub.db, LEAD, 'GET', '/hub/v1/anomalies')).json).toEqual([]);
    // Every desk follows the lead's state.
    expect(await pullAll(hub.db, DESK_A, 'setup')).toHaveLength(1);
    expect(await pullAll(hub.db, COUNT_DESK, 'setup')).toHaveLength(1);
  }, 120_000);

  it('a claim needs the polls open on the lead: none yet, paused and closed are refused', async () => {
    const record = checkin(voter(1), DESK_A, at(1));
    const none = await call<ErrorBody>(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record });
    expect([none.status, none.json.code]).toEqual([409, 'hub.pollsNotOpen']);
    const open = await openPolls(hub.db);
    const paused = machineDoc({ polling: 'paused' }, 3, { type: 'polls.paused', at: at(0) });
    await push(hub.db, LEAD, 'machine', [paused], [open]);
    expect((await call<ErrorBody>(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record })).json.code).toBe('hub.pollsNotOpen');
    const resumed = machineDoc({ polling: 'open' }, 4, { type: 'polls.resumed', at: at(0) });
    await push(hub.db, LEAD, 'machine', [resumed], [paused]);
    expect((await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record })).status).toBe(200);
    const closed = machineDoc('closed', 5, { type: 'polls.closed', at: at(10) });
    await push(hub.db, LEAD, 'machine', [closed], [resumed]);
    const after = await call<ErrorBody>(hub.db, DESK_B, 'POST', '/hub/v1/checkin', { record: checkin(voter(2), DESK_B, at(11)) });
    expect([after.status, after.json.code]).toEqual([409, 'hub.pollsNotOpen']);
    // A claim of another round than the lead's is not one the polls are open for.
    await push(hub.db, LEAD, 'machine', [resumed], [closed]);
    const otherRound = await call<ErrorBody>(hub.db, DESK_B, 'POST', '/hub/v1/checkin', { record: { ...checkin(voter(3), DESK_B, at(12)), id: `2:${voter(3)}`, round: 2 } });
    expect(otherRound.json.code).toBe('hub.pollsNotOpen');
  }, 120_000);

  it('one ballot per voter and round across desks: the second desk is refused with the desk, the local time and the clerk; the same claim again is ok; the later push of the same state is no conflict', async () => {
    await openPolls(hub.db);
    const record = checkin(voter(7), DESK_A, '2026-11-29T09:15:00+08:00');
    expect(await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record })).toMatchObject({ status: 200, json: { ok: true } });
    expect((await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record })).status).toBe(200);
    const second = await call<ErrorBody>(hub.db, DESK_B, 'POST', '/hub/v1/checkin', { record: checkin(voter(7), DESK_B, '2026-11-29T09:16:00+08:00') });
    expect(second.status).toBe(409);
    expect(second.json.code).toBe('hub.alreadyIssued');
    expect(second.json.issues[0]!.params).toMatchObject({ voterId: voter(7), desk: DESK_A.name, clerk: record.clerk, at: record.issuedAt });
    expect(second.json.message).toContain('发票台 1');
    expect(second.json.message).toContain('2026年11月29日 09:15');
    expect(describeIssue({ code: 'hub.alreadyIssued', path: [], params: second.json.issues[0]!.params! }, 'en')).toContain('at 发票台 1');
    const pulled = await pullAll(hub.db, DESK_B, 'checkins');
    expect(pulled).toEqual([{ ...record, _deleted: false }]);
    // The desk's replication then pushes the same state (with its revision): nothing conflicts, nothing new to pull.
    const seqBefore = await hub.db.query<{ seq: number }>('SELECT seq FROM documents WHERE id = $1', [record.id]);
    expect((await push(hub.db, DESK_A, 'checkins', [{ ...record, _rev: '1-abc' }])).json).toEqual([]);
    expect(await hub.db.query<{ seq: number }>('SELECT seq FROM documents WHERE id = $1', [record.id])).toEqual(seqBefore);
    expect((await call(hub.db, LEAD, 'GET', '/hub/v1/anomalies')).json).toEqual([]);
  }, 120_000);

  it('a voter whose check-in was undone may be issued again, at any desk', async () => {
    await openPolls(hub.db);
    const record = checkin(voter(8), DESK_A, at(1));
    await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record });
    // The desk undid it before its first push (no assumed state): its own check-in, applied.
    const undone = { ...record, status: 'undone', undoneAt: at(2), undoneBy: record.clerk, undoReason: '发错人' };
    expect((await push(hub.db, DESK_A, 'checkins', [{ ...undone, _rev: '2-x' }])).json).toEqual([]);
    const again = checkin(voter(8), DESK_B, at(3));
    expect((await call(hub.db, DESK_B, 'POST', '/hub/v1/checkin', { record: again })).status).toBe(200);
    const [stored] = await pullAll(hub.db, DESK_A, 'checkins');
    expect(stored).toMatchObject({ desk: DESK_B.name, status: 'issued', issuedAt: at(3) });
    expect((await hub.db.query<{ rev: number }>('SELECT rev FROM documents WHERE id = $1', [record.id]))[0]!.rev).toBe(3);
    await expectCountsExact(hub.db);
  }, 120_000);

  it('a holder with 3 proxies (check-ins by proxy or forms, at any desk) is refused a 4th', async () => {
    await openPolls(hub.db);
    const holder = voter(100);
    const byProxy = (n: number, desk: typeof DESK_A) => checkin(voter(n), desk, at(n), { kind: 'proxy', holderVoterId: holder, proxyId: `1:${holder}:${n}` });
    expect((await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record: byProxy(1, DESK_A) })).status).toBe(200);
    expect((await call(hub.db, DESK_B, 'POST', '/hub/v1/checkin', { record: byProxy(2, DESK_B) })).status).toBe(200);
    // A third: only its form (委托书) has reached the hub so far.
    await push(hub.db, DESK_A, 'proxies', [{ id: `1:${holder}:3`, round: 1, entrustingVoterId: voter(3), holderVoterId: holder, formNumber: 'W-3', relationship: 'spouse', recordedAt: at(3), clerk: 'x', desk: DESK_A.name }]);
    // The form's own check-in is still allowed (it is one of the three).
    expect((await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record: byProxy(3, DESK_A) })).status).toBe(200);
    const fourth = await call<ErrorBody>(hub.db, DESK_B, 'POST', '/hub/v1/checkin', { record: byProxy(4, DESK_B) });
    expect([fourth.status, fourth.json.code]).toEqual([409, 'hub.proxyLimit']);
    expect(fourth.json.issues[0]!.params).toMatchObject({ holder, count: 3, max: 3 });
    // In person, the same voter is not a proxy: allowed.
    expect((await call(hub.db, DESK_B, 'POST', '/hub/v1/checkin', { record: checkin(voter(4), DESK_B, at(4)) })).status).toBe(200);
  }, 120_000);

  it('the stock: issued + spoiled + out with the mobile boxes reaching it refuses a claim; a mobile-box check-in uses the trip\'s ballots', async () => {
    await openPolls(hub.db, 4);
    for (const n of [1, 2, 3]) expect((await call(hub.db, n === 2 ? DESK_B : DESK_A, 'POST', '/hub/v1/checkin', { record: checkin(voter(n), n === 2 ? DESK_B : DESK_A, at(n)) })).status).toBe(200);
    await push(hub.db, DESK_B, 'spoiled', [{ id: `1-S0001-${voter(1)}`, round: 1, voterId: voter(1), at: at(4), reason: '写错', clerk: 'x', desk: DESK_B.name }]);
    const refused = await call<ErrorBody>(hub.db, DESK_B, 'POST', '/hub/v1/checkin', { record: checkin(voter(5), DESK_B, at(5)) });
    expect([refused.status, refused.json.code]).toEqual([409, 'hub.stockExhausted']);
    expect(refused.json.issues[0]!.params).toMatchObject({ stock: 4 });
    expect((await call(hub.db, DESK_B, 'POST', '/hub/v1/checkin', { record: checkin(voter(6), DESK_B, at(6), { kind: 'mobile', tripId: '1-M1' }) })).status).toBe(200);
    await expectCountsExact(hub.db);
  }, 120_000);

  it('the per-round counts a claim reads start from the records a hub already held before they existed', async () => {
    const database = await backend.create();
    const db = await database.open();
    try {
      await runMigrations(db, { table: 'hub_migrations', migrations: HUB_MIGRATIONS.filter((migration) => migration.version < 3) });
      const held = [checkin(voter(1), DESK_A, at(1)), checkin(voter(2), DESK_A, at(2)), { ...checkin(voter(3), DESK_A, at(3)), status: 'undone', undoneAt: at(4) }];
      await pushRows(db, STATION, 'checkins', held.map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } })));
      await runHubMigrations(db);
      expect(await db.query('SELECT collection, round, n FROM hub_round_counts')).toEqual([{ collection: 'checkins', round: '1', n: 2 }]);
      await expectCountsExact(db);
    } finally {
      await db.close();
      await database.drop();
    }
  }, 120_000);

  it('a claim that is not an issued check-in is a 400 naming what is wrong', async () => {
    await openPolls(hub.db);
    const cases: [unknown, string][] = [
      [{}, 'id'],
      [{ record: { ...checkin(voter(1), DESK_A, at(1)), id: '1:someone-else' } }, 'id must be'],
      [{ record: { ...checkin(voter(1), DESK_A, at(1)), status: 'undone' } }, 'status'],
      [{ record: { ...checkin(voter(1), DESK_A, at(1)), kind: 'proxy' } }, 'holderVoterId'],
      [{ record: { ...checkin(voter(1), DESK_A, at(1)), issuedAt: 'soon' } }, 'issuedAt'],
    ];
    for (const [body, detail] of cases) {
      const answer = await call<ErrorBody>(hub.db, DESK_A, 'POST', '/hub/v1/checkin', body);
      expect(answer.status).toBe(400);
      expect(answer.json.message).toContain(detail);
    }
    const notJson = await handleRaw(hub, '{');
    expect(notJson.status).toBe(400);
    expect(await pullAll(hub.db, DESK_A, 'checkins')).toEqual([]);
  }, 120_000);
});

async function handleRaw(hub: TestHub, body: string) {
  return handleHubRecords(hub.db, { stationId: STATION, desk: DESK_A, now: new Date() }, { method: 'POST', path: '/hub/v1/checkin', body });
}
