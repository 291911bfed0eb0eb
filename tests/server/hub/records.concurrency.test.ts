/**
 * The check-in claim is a compare-and-set at the hub: two desks claiming the same voter at the
 * same instant, many times over, on PGlite and on PostgreSQL (a pool: the claims really run at
 * once there) — each voter issued exactly once, the other desk refused naming the winner; the
 * stock and a holder's proxies raced the same way are never overdrawn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { at, call, checkin, DESK_A, DESK_B, openHub, openPolls, pullAll, voter, type TestDesk, type TestHub } from './recordsFixture';

type ErrorBody = { code: string; issues: { params?: Record<string, string | number> }[] };

const DESK_C: TestDesk = { id: 'desk-c', name: '发票台 3', role: 'checkin' };

describe.each(BACKENDS)('check-in claims at the same instant on $name', (backend) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await openHub(backend);
    await openPolls(hub.db, 1000);
  }, 60_000);
  afterAll(async () => {
    await hub.close();
  }, 60_000);

  it('the same voter claimed by two desks at once, 60 times: one wins, the other is refused naming the winner', async () => {
    const voters = Array.from({ length: 60 }, (_, i) => voter(i + 1));
    const outcomes = await Promise.all(
      voters.map(async (id, i) => {
        const [a, b] = await Promise.all([
          call<ErrorBody>(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record: checkin(id, DESK_A, at(i)) }),
          call<ErrorBody>(hub.db, DESK_B, 'POST', '/hub/v1/checkin', { record: checkin(id, DESK_B, at(i)) }),
        ]);
        return { id, a, b };
      }),
    );
    for (const { a, b } of outcomes) {
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [winner, loser] = a.status === 200 ? [DESK_A, b] : [DESK_B, a];
      expect(loser.json.code).toBe('hub.alreadyIssued');
      expect(loser.json.issues[0]!.params!['desk']).toBe(winner.name);
    }
    const stored = await pullAll(hub.db, DESK_C, 'checkins');
    expect(stored).toHaveLength(60);
    expect(new Set(stored.map((doc) => doc.id)).size).toBe(60);
    for (const { id, a } of outcomes) {
      const doc = stored.find((d) => d['voterId'] === id)!;
      expect(doc['desk']).toBe(a.status === 200 ? DESK_A.name : DESK_B.name);
    }
  }, 120_000);

  it('three desks racing for the last ballots of the stock and the last proxy of a holder: never more than there are', async () => {
    const fresh = await openHub(backend);
    try {
      await openPolls(fresh.db, 10);
      const desks = [DESK_A, DESK_B, DESK_C];
      const claims = Array.from({ length: 18 }, (_, i) => {
        const desk = desks[i % 3]!;
        return call(fresh.db, desk, 'POST', '/hub/v1/checkin', { record: checkin(voter(200 + i), desk, at(i)) });
      });
      const answers = await Promise.all(claims);
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(10);
      expect(answers.filter((answer) => answer.status === 409).map((answer) => (answer.json as ErrorBody).code)).toEqual(Array(8).fill('hub.stockExhausted'));
      expect(await pullAll(fresh.db, DESK_A, 'checkins')).toHaveLength(10);
    } finally {
      await fresh.close();
    }

    const holder = voter(900);
    const proxies = await Promise.all(
      Array.from({ length: 9 }, (_, i) => {
        const desk = [DESK_A, DESK_B, DESK_C][i % 3]!;
        return call<ErrorBody>(hub.db, desk, 'POST', '/hub/v1/checkin', { record: checkin(voter(800 + i), desk, at(i), { kind: 'proxy', holderVoterId: holder }) });
      }),
    );
    expect(proxies.filter((answer) => answer.status === 200)).toHaveLength(3);
    expect(new Set(proxies.filter((answer) => answer.status !== 200).map((answer) => answer.json.code))).toEqual(new Set(['hub.proxyLimit']));
  }, 120_000);
});
