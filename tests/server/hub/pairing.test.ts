/**
 * Pairing a desk with the hub over real TLS (issue 16): from the QR's offer and from a typed
 * code; a wrong, expired, replayed code; another package / station / version; a revoked desk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../shared/crypto/ed25519';
import { describeIssue } from '../../../shared/election/issues';
import { HUB_PATH, PAIRING_TTL_MS, type PairingOffer } from '../../../shared/hub/protocol';
import { HubClient, HubRefusal, pairWithHub, type PairOptions } from '../../../server/hub/client';
import { SOFTWARE_VERSION, startTestHub, type TestHub } from './helpers';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(async () => t?.close());

function pair(offer: PairingOffer, extra: Partial<PairOptions> = {}) {
  return pairWithHub({ offer, deskName: '发票台 1', role: 'checkin', softwareVersion: SOFTWARE_VERSION, ...extra });
}

/** The refusal a pairing ends in: its HTTP status and first issue. */
async function refusalOf(attempt: Promise<unknown>) {
  const error = await attempt.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HubRefusal);
  const refusal = error as HubRefusal;
  return { status: refusal.status, issue: refusal.issues[0]!, zh: describeIssue(refusal.issues[0]!, 'zh-CN'), en: describeIssue(refusal.issues[0]!, 'en') };
}

describe('pairing a desk', () => {
  it('pairs from the offer: the desk gets its id, the package, and is listed on the lead', async () => {
    const offer = await t.hub.offer();
    expect(offer.hub).toBe(t.hub.url);
    expect(offer.fingerprint).toBe(t.hub.fingerprint);
    const paired = await pair(offer);
    expect(paired.desk).toMatchObject({ deskName: '发票台 1', role: 'checkin', stationId: t.station.stationId, electionHash: t.station.electionHash });
    expect(paired.fingerprint).toBe(t.hub.fingerprint);
    expect(paired.packageText).toBe(t.station.packageText);
    const hello = await paired.client.hello();
    expect(hello).toMatchObject({ desk: { deskId: paired.desk.deskId, deskName: '发票台 1', role: 'checkin' }, stationId: t.station.stationId, softwareVersion: SOFTWARE_VERSION });
    const desks = await t.hub.desks();
    expect(desks.map((desk) => desk.deskId)).toEqual(['lead', paired.desk.deskId]);
    expect(desks[1]).toMatchObject({ deskName: '发票台 1', revokedAt: null });
    expect(desks[1]!.lastContact).not.toBeNull();
  });

  it('pairs from the address and a code typed by hand (lower case, with a dash), before the desk holds a package', async () => {
    const offer = await t.hub.offer();
    const typed = `${offer.code.slice(0, 4).toLowerCase()}-${offer.code.slice(4)}`;
    const address = t.hub.url.replace('https://', '');
    const paired = await pairWithHub({ hub: address, code: typed, deskName: '录入台 1', role: 'count', softwareVersion: SOFTWARE_VERSION });
    expect(paired.desk).toMatchObject({ role: 'count', stationId: t.station.stationId, electionHash: t.station.electionHash });
    expect(paired.fingerprint).toBe(t.hub.fingerprint);
    expect(JSON.parse(paired.packageText)).toEqual(t.pkg);
  });

  it('refuses a wrong code, and says so', async () => {
    const offer = await t.hub.offer();
    const wrong = offer.code.startsWith('2') ? `3${offer.code.slice(1)}` : `2${offer.code.slice(1)}`;
    const refused = await refusalOf(pair({ ...offer, code: wrong }));
    expect(refused).toMatchObject({ status: 403, issue: { code: 'hub.codeWrong' } });
    expect(refused.zh).toContain('配对码不对');
    expect(refused.en).toContain('Wrong pairing code');
    // The right code still pairs.
    await pair(offer);
  });

  it('refuses an expired code (5 minutes)', async () => {
    const offer = await t.hub.offer();
    t.skew(PAIRING_TTL_MS + 1000);
    try {
      const refused = await refusalOf(pair(offer));
      expect(refused).toMatchObject({ status: 403, issue: { code: 'hub.codeExpired' } });
      expect(refused.zh).toContain('已过期');
    } finally {
      t.skew(0);
    }
  });

  it('refuses a code used once already (a replayed pairing), even for the same desk key', async () => {
    const offer = await t.hub.offer();
    const first = await pair(offer);
    const again = await refusalOf(pair(offer, { deskName: '发票台 X' }));
    expect(again).toMatchObject({ status: 403, issue: { code: 'hub.codeUsed' } });
    const sameKey = await refusalOf(pair(offer, { secretKey: first.secretKey }));
    expect(sameKey.issue.code).toBe('hub.codeUsed');
    expect(sameKey.en).toContain('already used');
    expect((await t.hub.desks()).filter((desk) => desk.deskName === '发票台 X')).toEqual([]);
  });

  it('withdraws the live codes after too many wrong proofs (the brute-force bound)', async () => {
    const offer = await t.hub.offer();
    for (let i = 0; i < 10; i++) {
      const refused = await refusalOf(pair({ ...offer, code: 'ZZZZZZZ'.concat(String((i % 8) + 2)) }));
      expect(refused.issue.code).toBe('hub.codeWrong');
    }
    const refused = await refusalOf(pair(offer));
    expect(refused.issue.code).toBe('hub.codeWithdrawn');
    // A new code pairs.
    await pair(await t.hub.offer());
  });

  it.each([
    ['package', { own: { stationId: 'S-HUB-01', electionHash: 'f'.repeat(64) } }, '选举包', 'election package'],
    ['station', { own: { stationId: 'S-OTHER-9', electionHash: '' } }, '投票站编号', 'station id'],
    ['version', { softwareVersion: '0.9.0' }, '软件版本', 'software version'],
  ] as const)('refuses a desk of another %s, naming it', async (which, extra, zh, en) => {
    const offer = await t.hub.offer();
    const own = 'own' in extra ? { own: { stationId: extra.own.stationId, electionHash: extra.own.electionHash === '' ? t.station.electionHash : extra.own.electionHash } } : {};
    const refused = await refusalOf(pair(offer, { ...extra, ...own }));
    expect(refused).toMatchObject({ status: 409, issue: { code: 'hub.mismatch', params: { which } } });
    expect(refused.zh).toContain(zh);
    expect(refused.en).toContain(en);
    // The code was not used up: the right desk still pairs with it.
    await pair(offer);
  });
});

describe('a paired desk', () => {
  it('is refused with a bare 401 once revoked, and cannot pair its key again', async () => {
    const paired = await pair(await t.hub.offer(), { deskName: '发票台 9' });
    expect((await paired.client.request('GET', `${HUB_PATH}/hello`)).kind).toBe('answer');
    await t.hub.revoke(paired.desk.deskId);
    const refused = await paired.client.request('GET', `${HUB_PATH}/hello`);
    expect(refused).toMatchObject({ kind: 'answer', status: 401 });
    const body = JSON.parse((refused as { body: string }).body) as { code: string; issues: unknown[] };
    expect(body.code).toBe('hub.unauthorized');
    expect(body.issues).toHaveLength(1);
    expect((refused as { body: string }).body).not.toContain(t.station.stationId);
    const pkg = await paired.client.request('GET', `${HUB_PATH}/package`);
    expect(pkg).toMatchObject({ kind: 'answer', status: 401 });
    expect((pkg as { body: string }).body).not.toContain(t.pkg.roll[0]!.name);
    const listed = (await t.hub.desks()).find((desk) => desk.deskId === paired.desk.deskId);
    expect(listed?.revokedAt).not.toBeNull();
    const again = await refusalOf(pair(await t.hub.offer(), { secretKey: paired.secretKey }));
    expect(again).toMatchObject({ status: 403, issue: { code: 'hub.unauthorized' } });
    await expect(t.hub.revoke('lead')).rejects.toThrow(/lead itself/);
  });

  it('is refused when its request names another software version, station or package (which is named)', async () => {
    const paired = await pair(await t.hub.offer());
    const identity = { deskId: paired.desk.deskId, secretKey: paired.secretKey, stationId: t.station.stationId, electionHash: t.station.electionHash, softwareVersion: SOFTWARE_VERSION };
    for (const [which, change] of [
      ['version', { softwareVersion: '2.0.0' }],
      ['station', { stationId: 'S-ELSEWHERE' }],
      ['package', { electionHash: 'e'.repeat(64) }],
    ] as const) {
      const client = new HubClient({ hub: paired.hub, fingerprint: paired.fingerprint, identity: { ...identity, ...change } });
      const answer = await client.request('GET', `${HUB_PATH}/hello`);
      expect(answer).toMatchObject({ kind: 'answer', status: 409 });
      expect(JSON.parse((answer as { body: string }).body)).toMatchObject({ code: 'hub.mismatch', issues: [{ params: { which } }] });
    }
  });

  it('refuses an unpaired key, a signature by another key, and a replayed request — each a bare 401', async () => {
    const paired = await pair(await t.hub.offer());
    const stranger = generateKeyPair();
    const identity = { stationId: t.station.stationId, electionHash: t.station.electionHash, softwareVersion: SOFTWARE_VERSION };
    const unpaired = new HubClient({ hub: paired.hub, fingerprint: paired.fingerprint, identity: { ...identity, deskId: 'desk-000000000000', secretKey: stranger.secretKey } });
    const forged = new HubClient({ hub: paired.hub, fingerprint: paired.fingerprint, identity: { ...identity, deskId: paired.desk.deskId, secretKey: stranger.secretKey } });
    for (const client of [unpaired, forged]) {
      const answer = await client.request('GET', `${HUB_PATH}/package`);
      expect(answer).toMatchObject({ kind: 'answer', status: 401 });
      expect(JSON.parse((answer as { body: string }).body).code).toBe('hub.unauthorized');
    }
    // The same signed request twice: the nonce is spent.
    const { pinnedAgent, pinnedExchange } = await import('../../../server/hub/pinnedTls');
    const { signDeskRequest } = await import('../../../server/hub/signing');
    const headers = signDeskRequest({ ...identity, deskId: paired.desk.deskId, secretKey: paired.secretKey }, { method: 'GET', path: `${HUB_PATH}/hello` });
    const url = new URL(paired.hub);
    const agent = pinnedAgent(url, paired.fingerprint);
    expect(await pinnedExchange(url, agent, { method: 'GET', path: `${HUB_PATH}/hello`, headers, body: '' })).toMatchObject({ status: 200 });
    expect(await pinnedExchange(url, agent, { method: 'GET', path: `${HUB_PATH}/hello`, headers, body: '' })).toMatchObject({ status: 401 });
    // Signed for one path, sent to another.
    const other = signDeskRequest({ ...identity, deskId: paired.desk.deskId, secretKey: paired.secretKey }, { method: 'GET', path: `${HUB_PATH}/hello` });
    expect(await pinnedExchange(url, agent, { method: 'GET', path: `${HUB_PATH}/package`, headers: other, body: '' })).toMatchObject({ status: 401 });
  });

  it('tells a desk whose clock is off by more than 5 minutes (and only a request its key signed), and the client then signs on the hub\'s time', async () => {
    const paired = await pair(await t.hub.offer());
    const identity = { deskId: paired.desk.deskId, secretKey: paired.secretKey, stationId: t.station.stationId, electionHash: t.station.electionHash, softwareVersion: SOFTWARE_VERSION };
    const { pinnedAgent, pinnedExchange } = await import('../../../server/hub/pinnedTls');
    const { signDeskRequest } = await import('../../../server/hub/signing');
    const url = new URL(paired.hub);
    const agent = pinnedAgent(url, paired.fingerprint);
    const late = new Date(Date.now() - 10 * 60_000);
    const signed = signDeskRequest(identity, { method: 'GET', path: `${HUB_PATH}/hello`, now: late });
    const told = await pinnedExchange(url, agent, { method: 'GET', path: `${HUB_PATH}/hello`, headers: signed, body: '' });
    expect(told).toMatchObject({ kind: 'answer', status: 401 });
    const body = JSON.parse((told as { body: string }).body) as { code: string; issues: { params: Record<string, string> }[]; message: string };
    expect(body.code).toBe('hub.clockSkew');
    expect(body.issues[0]!.params.at).toBe(late.toISOString());
    expect(body.message).toContain('请校正本机时钟');
    // Signed by another key: the bare refusal.
    const forged = signDeskRequest({ ...identity, secretKey: generateKeyPair().secretKey }, { method: 'GET', path: `${HUB_PATH}/hello`, now: late });
    const bare = await pinnedExchange(url, agent, { method: 'GET', path: `${HUB_PATH}/hello`, headers: forged, body: '' });
    expect(JSON.parse((bare as { body: string }).body).code).toBe('hub.unauthorized');

    // The hub's clock 10 minutes ahead of the desk's: the client learns it and its request goes through.
    t.skew(10 * 60_000);
    try {
      const client = new HubClient({ hub: paired.hub, fingerprint: paired.fingerprint, identity });
      expect(await client.request('GET', `${HUB_PATH}/hello`)).toMatchObject({ kind: 'answer', status: 200 });
      expect(Math.abs(client.clockOffsetMs - 10 * 60_000)).toBeLessThan(30_000);
      expect(await client.request('GET', `${HUB_PATH}/hello`)).toMatchObject({ kind: 'answer', status: 200 });
      client.close();
    } finally {
      t.skew(0);
    }
  });

  it('answers the lead in-process as the desk `lead`, no TLS', async () => {
    const hello = await t.hub.handleAsLead({ method: 'GET', path: `${HUB_PATH}/hello`, body: '' });
    expect(hello.status).toBe(200);
    expect(JSON.parse(hello.body)).toMatchObject({ desk: { deskId: 'lead', role: 'lead' }, electionHash: t.station.electionHash });
    const pkg = await t.hub.handleAsLead({ method: 'GET', path: `${HUB_PATH}/package`, body: '' });
    expect(JSON.parse(pkg.body)).toEqual({ packageText: t.station.packageText });
  });

  it('keeps its desks and its certificate across a restart of the lead', async () => {
    const paired = await pair(await t.hub.offer(), { deskName: '发票台 R' });
    const fingerprint = t.hub.fingerprint;
    const hub = await t.restart();
    expect(hub.fingerprint).toBe(fingerprint);
    const client = new HubClient({ hub: hub.url, fingerprint, identity: { deskId: paired.desk.deskId, secretKey: paired.secretKey, stationId: t.station.stationId, electionHash: t.station.electionHash, softwareVersion: SOFTWARE_VERSION } });
    expect((await client.hello()).desk.deskName).toBe('发票台 R');
    expect((await hub.desks()).some((desk) => desk.deskName === '发票台 R')).toBe(true);
  });
});
