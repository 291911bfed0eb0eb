/**
 * `GET /hub/v1/heads`: each collection's highest sequence number at the hub — 0 for none, moved
 * by a record stored or changed, untouched by a pull — on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_COLLECTIONS } from '../../../shared/station/sync';
import { BACKENDS } from '../helpers/backends';
import { at, call, checkin, DESK_A, DESK_B, openHub, openPolls, pullAll, voter, type TestHub } from './recordsFixture';

type Heads = { heads: Record<string, number> };

describe.each(BACKENDS)('the hub heads on $name', (backend) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await openHub(backend);
  }, 60_000);
  afterAll(async () => hub?.close(), 60_000);

  it('names every collection, moves a collection\'s head when it gets a record and no other', async () => {
    const empty = await call<Heads>(hub.db, DESK_A, 'GET', '/hub/v1/heads');
    expect(empty.status).toBe(200);
    expect(Object.keys(empty.json.heads).sort()).toEqual([...SYNC_COLLECTIONS].sort());
    expect(Object.values(empty.json.heads).every((head) => head === 0)).toBe(true);

    await openPolls(hub.db, 100);
    const opened = (await call<Heads>(hub.db, DESK_B, 'GET', '/hub/v1/heads')).json.heads;
    expect(opened['machine']).toBeGreaterThan(0);
    expect(opened['setup']).toBeGreaterThan(0);
    expect(opened['checkins']).toBe(0);

    expect((await call(hub.db, DESK_A, 'POST', '/hub/v1/checkin', { record: checkin(voter(1), DESK_A, at(1)) })).status).toBe(200);
    await pullAll(hub.db, DESK_B, 'checkins');
    const claimed = (await call<Heads>(hub.db, DESK_B, 'GET', '/hub/v1/heads')).json.heads;
    expect(claimed['checkins']).toBeGreaterThan(opened['machine']!);
    expect({ ...claimed, checkins: 0 }).toEqual({ ...opened, checkins: 0 });
  });

  it('is a GET only', async () => {
    expect((await call(hub.db, DESK_A, 'POST', '/hub/v1/heads', {})).status).toBe(405);
  });
});
