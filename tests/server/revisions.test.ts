/**
 * An older record never overwrites a newer one (docs/SYNC.md "Revisions"): every station record
 * carries its revision (`_rev`, signed with the push or the bundle); the district keeps the
 * newest as the current state and an older one only as history — for pushes and bundles alike,
 * whatever order they arrive in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/crypto/canonical';
import { electionHash } from '../../shared/crypto/hash';
import { signObject } from '../../shared/crypto/signed';
import { BUNDLE_FORMAT, importBundle } from '../../server/bundle';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient, SyncError } from './helpers/client';
import { enrolTestStation, type TestStation } from './helpers/fixtures';

type Docs = Record<string, Record<string, unknown>[]>;

const checkin = (status: 'issued' | 'undone', rev: string, issuedAt = '2026-12-06T09:00:00.000Z') => ({
  id: '1:v-000001',
  round: 1,
  voterId: 'v-000001',
  kind: 'inPerson',
  status,
  issuedAt,
  ...(status === 'undone' ? { undoneAt: '2026-12-06T09:05:00.000Z' } : {}),
  clerk: '发票员',
  desk: 'desk-0',
  _rev: rev,
  _deleted: false,
});
const machine = (value: string, rev: string) => ({
  id: 'polling-day',
  snapshot: { status: 'active', value, context: { round: 1 } },
  savedAt: '2026-12-06T18:10:00.000Z',
  _rev: rev,
  _deleted: false,
});

/** Bundle A: exported at noon (the check-in issued, the machine open). */
const OLDER: Docs = { checkins: [checkin('issued', '1-a')], machine: [machine('open', '2-a')] };
/** Bundle B: exported in the evening (the check-in undone, the machine certified). */
const NEWER: Docs = { checkins: [checkin('undone', '2-b')], machine: [machine('certified', '5-b')] };

function bundle(station: TestStation, documents: Docs, exportedAt: string) {
  return signObject(
    { format: BUNDLE_FORMAT, station: station.stationId, electionHash: electionHash(station.election), documents, signedResults: [], exportedAt, stationKey: station.keys.publicKey },
    station.secretKey,
  );
}

/** The current state of a station's records, and the states kept as history. */
async function state(t: TestServer, stationId: string) {
  const current = await t.db.query<{ collection: string; id: string; data: unknown; deleted: boolean; rev: number | null }>(
    'SELECT collection, id, data, deleted, rev FROM documents WHERE station_id = $1 ORDER BY collection, id',
    [stationId],
  );
  const history = await t.db.query<{ collection: string; id: string; data: unknown; rev: number | null }>(
    'SELECT collection, id, data, rev FROM document_history WHERE station_id = $1 ORDER BY collection, id, rev',
    [stationId],
  );
  return { current: canonicalJson(current), history: canonicalJson(history), rows: current };
}

const strip = (doc: Record<string, unknown>) => {
  const { _rev: _r, _deleted: _d, ...data } = doc;
  return data;
};

describe.each(BACKENDS)('revisions on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  it('bundles imported newer-then-older and older-then-newer leave the same current state: the newer one', async () => {
    const x = await enrolTestStation(t.db, 'rev-ba');
    const y = await enrolTestStation(t.db, 'rev-ab');
    expect((await importBundle(t.db, bundle(x, NEWER, '2026-12-06T20:00:00+08:00'))).ok).toBe(true);
    const older = await importBundle(t.db, bundle(x, OLDER, '2026-12-06T12:00:00+08:00'));
    expect(older.ok).toBe(true);
    if (older.ok) expect(older.value.documents.checkins).toEqual({ received: 1, written: 0, conflicts: 1 });
    expect((await importBundle(t.db, bundle(y, OLDER, '2026-12-06T12:00:00+08:00'))).ok).toBe(true);
    expect((await importBundle(t.db, bundle(y, NEWER, '2026-12-06T20:00:00+08:00'))).ok).toBe(true);

    const ba = await state(t, 'rev-ba');
    const ab = await state(t, 'rev-ab');
    expect(ba.current).toBe(ab.current);
    expect(ba.history).toBe(ab.history);
    const checkinRow = ba.rows.find((row) => row.collection === 'checkins')!;
    expect(checkinRow.data).toEqual(strip(NEWER.checkins![0]!));
    expect(checkinRow.rev).toBe(2);
    expect(ba.rows.find((row) => row.collection === 'machine')!.data).toMatchObject({ snapshot: { value: 'certified' } });
    // The older states are kept, as history only.
    const history = await t.db.query<{ collection: string; data: { status?: string; snapshot?: { value: string } } }>(
      `SELECT collection, data FROM document_history WHERE station_id = 'rev-ba' ORDER BY collection`,
    );
    expect(history.map((row) => row.data.status ?? row.data.snapshot?.value)).toEqual(['issued', 'open']);
  });

  it('a push that arrives after a newer bundle, or an older bundle after a newer push, changes nothing', async () => {
    const station = await enrolTestStation(t.db, 'rev-mixed');
    const client = new StationClient(t.server.url, station);
    expect(await client.push('checkins', [{ assumedMasterState: null, newDocumentState: NEWER.checkins![0] }])).toEqual([]);
    expect((await importBundle(t.db, bundle(station, OLDER, '2026-12-06T12:00:00+08:00'))).ok).toBe(true);
    const row = (await state(t, 'rev-mixed')).rows.find((r) => r.collection === 'checkins')!;
    expect(row.data).toMatchObject({ status: 'undone' });

    const other = await enrolTestStation(t.db, 'rev-mixed-2');
    const otherClient = new StationClient(t.server.url, other);
    expect((await importBundle(t.db, bundle(other, NEWER, '2026-12-06T20:00:00+08:00'))).ok).toBe(true);
    // The station's delayed push of the older state, built on the state it last knew.
    const conflicts = await otherClient.push('checkins', [{ assumedMasterState: null, newDocumentState: OLDER.checkins![0] }]);
    expect(conflicts.map((doc) => doc.status)).toEqual(['undone']);
    expect((await state(t, 'rev-mixed-2')).rows.find((r) => r.collection === 'checkins')!.data).toMatchObject({ status: 'undone' });
  });

  it('a replayed older push never rolls the state back, even where its assumed state matches again', async () => {
    const station = await enrolTestStation(t.db, 'rev-replay');
    const client = new StationClient(t.server.url, station);
    const issued = checkin('issued', '1-s');
    const undone = checkin('undone', '2-s');
    const reissued = checkin('issued', '3-s', '2026-12-06T10:00:00.000Z');
    const without = ({ _rev: _r, ...doc }: Record<string, unknown>) => doc;
    expect(await client.push('checkins', [{ assumedMasterState: null, newDocumentState: issued }])).toEqual([]);
    const undo = [{ assumedMasterState: without(issued), newDocumentState: undone }];
    expect(await client.push('checkins', undo)).toEqual([]);
    // Checked in again after the undo: the state is "issued" again (at revision 3).
    expect(await client.push('checkins', [{ assumedMasterState: without(undone), newDocumentState: reissued }])).toEqual([]);
    const before = await state(t, 'rev-replay');

    // The undo pushed again (its assumed state, "issued", matches the current content again).
    const conflicts = await client.push('checkins', undo);
    expect(conflicts.map((doc) => doc.status)).toEqual(['issued']);
    const after = await state(t, 'rev-replay');
    expect(after.current).toBe(before.current);
    expect(after.rows[0]!.rev).toBe(3);
    // The first push replayed: nothing changes either.
    expect(await client.push('checkins', [{ assumedMasterState: null, newDocumentState: issued }])).toHaveLength(1);
    expect((await state(t, 'rev-replay')).current).toBe(before.current);
  });

  it('stores the revision of all-new pushes (the COPY path) and refuses a malformed one', async () => {
    const station = await enrolTestStation(t.db, 'rev-copy');
    const client = new StationClient(t.server.url, station);
    expect(await client.push('checkins', [{ assumedMasterState: null, newDocumentState: checkin('issued', '7-tok') }])).toEqual([]);
    expect((await state(t, 'rev-copy')).rows.map((row) => row.rev)).toEqual([7]);
    for (const rev of ['0-a', 'x', 7, '-1-a', '1-a"b']) {
      const refused = await client.push('checkins', [{ assumedMasterState: null, newDocumentState: { ...checkin('issued', '1-a'), id: `1:bad-${String(rev)}`, _rev: rev } }]).catch((error: unknown) => error);
      expect(refused, String(rev)).toBeInstanceOf(SyncError);
      expect((refused as SyncError).status).toBe(400);
    }
  });
});
