/** Authentication, isolation between stations, replays, and the checks on signed results. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { signSyncRequest } from '../../server/sync/signing';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient, SyncError } from './helpers/client';
import { ballotDocs, boxesDoc, boxesRecord, enrolTestStation, signedResultFor, type TestStation } from './helpers/fixtures';

async function refusal(promise: Promise<unknown>): Promise<SyncError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

describe.each(BACKENDS)('security on $name', (backend) => {
  let t: TestServer;
  let a: TestStation;
  let b: TestStation;
  let clientA: StationClient;
  let clientB: StationClient;

  beforeAll(async () => {
    t = await startTestServer(backend);
    a = await enrolTestStation(t.db, 'station-a');
    b = await enrolTestStation(t.db, 'station-b');
    clientA = new StationClient(t.server.url, a);
    clientB = new StationClient(t.server.url, b);
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses an unenrolled station and a key that is not the enrolled one', async () => {
    const stranger = new StationClient(t.server.url, { stationId: 'station-x', secretKey: generateKeyPair().secretKey });
    const unenrolled = await refusal(stranger.pull('ballots', null));
    expect(unenrolled.status).toBe(401);
    expect(unenrolled.body.code).toBe('sync.unenrolled');
    expect(unenrolled.body.message).toMatch(/没有在区里登记.*not enrolled/);

    const impostor = new StationClient(t.server.url, { stationId: 'station-a', secretKey: generateKeyPair().secretKey });
    const wrongKey = await refusal(impostor.push('ballots', []));
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body.code).toBe('signature.invalid');

    const response = await fetch(`${t.server.url}/sync/v1/ballots/pull`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('sync.badHeaders');
  });

  it('keeps station A and station B apart', async () => {
    const docs = ballotDocs(a.election, 5, 7);
    await clientA.pushNew('ballots', docs);
    expect((await clientB.pullAll('ballots')).documents).toEqual([]);
    // B writes a document with the same id: it lands in B's own space, A's stays as it was.
    const sameId = { ...docs[0]!, clerk: 'B 的计票人' };
    await clientB.pushNew('ballots', [sameId]);
    const seenByA = (await clientA.pullAll('ballots')).documents;
    expect(seenByA).toHaveLength(5);
    expect(seenByA.find((doc) => doc.id === sameId.id)?.clerk).toBe('计票人甲');
    // A cannot speak as B: headers naming B but signed with A's key.
    const path = StationClient.pullPath('ballots', null, 100);
    const forged = signSyncRequest({ method: 'GET', path, stationId: 'station-b', secretKey: a.secretKey });
    const asB = await refusal(clientA.request('GET', path, undefined, forged));
    expect(asB.body.code).toBe('signature.invalid');
    // A cannot post a result for B.
    const boxes = boxesRecord(3, 4);
    const bResult = signedResultFor(b, ballotDocs(b.election, 3, 1, 'B'), boxes);
    const forbidden = await refusal(clientA.postResult(bResult));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('sync.forbidden');
  });

  it('refuses a replayed request, a stale timestamp and a body that is not the one signed', async () => {
    const path = StationClient.pullPath('checkins', null, 10);
    const headers = clientA.headers('GET', path);
    await clientA.request('GET', path, undefined, headers);
    const replay = await refusal(clientA.request('GET', path, undefined, headers));
    expect(replay.body.code).toBe('sync.replayed');

    const stale = signSyncRequest({ method: 'GET', path, stationId: a.stationId, secretKey: a.secretKey, now: new Date(Date.now() - 6 * 60_000) });
    expect((await refusal(clientA.request('GET', path, undefined, stale))).body.code).toBe('sync.clockSkew');

    const pushPath = '/sync/v1/checkins/push';
    const signedFor = clientA.headers('POST', pushPath, '[]');
    const other = [{ assumedMasterState: null, newDocumentState: { id: 'x', _deleted: false } }];
    expect((await refusal(clientA.request('POST', pushPath, other, signedFor))).body.code).toBe('signature.invalid');
    expect((await clientA.pullAll('checkins')).documents).toEqual([]);
  });

  it('verifies a signed result by recounting the synced ballots', async () => {
    const c = await enrolTestStation(t.db, 'station-c');
    const client = new StationClient(t.server.url, c);
    const ballots = ballotDocs(c.election, 40, 3);
    const boxes = boxesRecord(40, 50);
    await client.pushNew('ballots', ballots);
    await client.pushNew('countRecords', [boxesDoc(boxes)]);
    const signed = signedResultFor(c, ballots, boxes);

    const tampered = structuredClone(signed);
    tampered.result.positions[0]!.tallies[0]!.for += 1;
    const refused = await refusal(client.postResult(tampered));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('signature.invalid');

    const accepted = await client.postResult(signed);
    expect(accepted.status).toBe(201);
    expect(accepted.body.status).toBe('verified');
    expect(accepted.body.difference).toBeNull();
    // Posting it again is idempotent.
    const again = await client.postResult(signed);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('verified');

    // A second, different (validly signed) result for the same round is refused, kept apart as an anomaly, not used.
    const second = signedResultFor(c, ballots, boxes, '2026-12-06T19:00:00+08:00');
    const conflicting = await refusal(client.postResult(second));
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.code).toBe('results.roundAlreadySigned');
    expect(conflicting.body.message).toMatch(/第 1 轮已有一份签名结果.*already has a signed result/);
    // Sent again: refused again, nothing new stored.
    expect((await refusal(client.postResult(second))).status).toBe(409);
    const rows = await t.db.query<{ status: string; signed_at: string }>(
      `SELECT status, signed->>'signedAt' AS signed_at FROM results WHERE station_id = 'station-c' ORDER BY rid`,
    );
    expect(rows).toEqual([
      { status: 'verified', signed_at: '2026-12-06T18:00:00+08:00' },
      { status: 'conflicting', signed_at: '2026-12-06T19:00:00+08:00' },
    ]);
  });

  it('marks a result whose recount differs as disagrees, with the difference', async () => {
    const d = await enrolTestStation(t.db, 'station-d');
    const client = new StationClient(t.server.url, d);
    const ballots = ballotDocs(d.election, 30, 5);
    const boxes = boxesRecord(30, 35);
    // The station signs a count of ballots in which one ballot reads differently from the synced one.
    const altered = ballots.map((doc, i) => (i === 0 ? { ...doc, status: 'blank' as const, marks: null } : doc));
    await client.pushNew('ballots', ballots);
    await client.pushNew('countRecords', [boxesDoc(boxes)]);
    const outcome = await client.postResult(signedResultFor(d, altered, boxes));
    expect(outcome.body.status).toBe('disagrees');
    expect(outcome.body.difference?.join('\n')).toMatch(/reported ≠ recount/);
    expect(outcome.body.difference?.join('\n')).toMatch(/ballotsHash/);
  });
});
