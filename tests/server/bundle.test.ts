/** A station with no network hands over a signed bundle: checked like sync, imported once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/crypto/canonical';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { importBundle } from '../../server/bundle';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { makeBundle } from './helpers/bundles';
import { enrolTestStation } from './helpers/fixtures';

async function snapshot(t: TestServer, stationId: string) {
  const docs = await t.db.query<{ collection: string; id: string; seq: number }>('SELECT collection, id, seq FROM documents WHERE station_id = $1 ORDER BY seq', [stationId]);
  const results = await t.db.query<{ round: number; status: string }>('SELECT round, status FROM results WHERE station_id = $1 ORDER BY rid', [stationId]);
  return canonicalJson({ docs, results });
}

describe.each(BACKENDS)('bundle import on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  it('imports a bundle once: importing it twice changes nothing', async () => {
    const station = await enrolTestStation(t.db, 'offline-01');
    const bundle = makeBundle(station);
    const first = await importBundle(t.db, bundle);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.alreadyImported).toBe(false);
    expect(first.value.documents.ballots).toEqual({ received: 120, written: 120, conflicts: 0 });
    expect(first.value.results).toEqual([{ round: 1, status: 'verified' }]);
    const after = await snapshot(t, 'offline-01');

    const second = await importBundle(t.db, structuredClone(bundle));
    expect(second.ok && second.value.alreadyImported).toBe(true);
    expect(await snapshot(t, 'offline-01')).toBe(after);

    // The same records exported again later (another file): still nothing new.
    const later = makeBundle(station, '2026-12-06T20:00:00+08:00');
    const third = await importBundle(t.db, later);
    expect(third.ok && third.value.alreadyImported).toBe(false);
    expect(third.ok && Object.values(third.value.documents).every((tally) => tally.written === 0)).toBe(true);
    expect(await snapshot(t, 'offline-01')).toBe(after);
  });

  it('imports through the dashboard endpoint with the same checks', async () => {
    const station = await enrolTestStation(t.db, 'offline-02');
    const post = (body: unknown, host?: string) =>
      fetch(`${t.server.url}/admin/bundle`, { method: 'POST', headers: { 'content-type': 'application/json', ...(host ? { host } : {}) }, body: JSON.stringify(body) });

    const tampered: ReturnType<typeof makeBundle> & { documents: { ballots: { status?: string }[] } } = makeBundle(station);
    tampered.documents.ballots[0]!.status = 'unreadable';
    const refused = await post(tampered);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { code: string }).code).toBe('signature.invalid');

    const otherKey = await post(makeBundle(station, undefined, generateKeyPair().secretKey));
    expect(otherKey.status).toBe(422);
    expect(await t.db.query(`SELECT 1 FROM documents WHERE station_id = 'offline-02'`)).toEqual([]);

    const created = await post(makeBundle(station));
    expect(created.status).toBe(201);
    const again = await post(makeBundle(station));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { alreadyImported: boolean }).alreadyImported).toBe(true);

    const unknown = await post({ ...makeBundle(station), station: 'nobody' });
    expect(unknown.status).toBe(401);
  });
});
