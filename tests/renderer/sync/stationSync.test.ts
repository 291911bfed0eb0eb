/**
 * The station's sync in Node: a real station database (fake-indexeddb, the station's own
 * validator), the real main-side signing, replicating against an in-test district
 * (fakeDistrict.ts) over real HTTP.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { syncSigningBridge } from '../../../main/services/syncSigning';
import { canonicalJson, utf8 } from '../../../shared/crypto/canonical';
import { verifyBytes } from '../../../shared/crypto/ed25519';
import { sha256Hex } from '../../../shared/crypto/hash';
import { verifyObject } from '../../../shared/crypto/signed';
import type { ElectionPackage } from '../../../shared/election/schemas';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import type { BallotDoc } from '../../../renderer/db/schemas/count';
import { createBundle, exportBundle } from '../../../renderer/db/replication/bundle';
import { SYNC_COLLECTIONS, syncSigningText } from '../../../renderer/db/replication/protocol';
import { manualNetwork, startStationSync, type StationSync, type StationSyncOptions, type SyncState } from '../../../renderer/db/replication/startStationSync';
import type { OpenStation } from '../../../renderer/station/openStation';
import type { Operator } from '../../../renderer/station/types';
import { smallDemoPackage } from '../../e2e/smallPackage';
import { directBridge, openPollsOn, openTestStation } from '../../helpers/station';
import { startFakeDistrict, type FakeDistrict } from './fakeDistrict';
import { testSetup as setup } from '../../helpers/setup';

const by: Operator = { clerk: '冯静', desk: '1号台' };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface Fixture {
  readonly station: OpenStation;
  readonly bridge: StationBridge;
  readonly pkg: ElectionPackage;
  readonly district: FakeDistrict;
  readonly publicKey: string;
  readonly network: ReturnType<typeof manualNetwork>;
  sync(options?: Partial<StationSyncOptions>): StationSync;
  checkIn(index: number): Promise<void>;
}

/** A station with the polls open, and a district that has enrolled its key. */
async function fixture(): Promise<Fixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sync-'));
  const bridge: StationBridge = { ...directBridge(dataDir), ...syncSigningBridge(dataDir) };
  const station = await openTestStation(bridge);
  cleanups.push(() => station.close());
  const pkg = smallDemoPackage(40);
  await openPollsOn(station, pkg, setup, by);
  const { publicKey } = await bridge.stationKey();
  const district = await startFakeDistrict({ stationId: pkg.station.id, publicKey });
  cleanups.push(() => district.close());
  const network = manualNetwork(true);
  return {
    station,
    bridge,
    pkg,
    district,
    publicKey,
    network,
    sync(options = {}) {
      const sync = startStationSync({
        db: station.db,
        stationId: pkg.station.id,
        serverUrl: district.url,
        bridge,
        network,
        lock: null,
        storage: null,
        retry: { base: 50, max: 400 },
        pollIntervalMs: 1000,
        ...options,
      });
      cleanups.push(() => sync.stop());
      return sync;
    },
    async checkIn(index) {
      const voter = pkg.roll[index];
      if (!voter) throw new Error(`no voter ${index}`);
      const outcome = await station.actions.checkIn(voter.id, by);
      expect(outcome.ok).toBe(true);
    },
  };
}

function waitFor(sync: StationSync, predicate: (state: SyncState) => boolean, ms = 15_000): Promise<SyncState> {
  return firstValueFrom(sync.state$.pipe(filter(predicate), timeout(ms)));
}

async function eventually(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function ballot(id: string, overrides: Partial<BallotDoc> = {}): BallotDoc {
  return { id, round: 1, entry: 'A', seq: 1, kind: 'ballot', status: 'valid', marks: {}, at: '2026-12-06T18:00:00.000+08:00', clerk: '郑洁', desk: '计票台', ...overrides };
}

describe('the station sync', () => {
  it('pushes every record to the district and pulls the district’s changes back (round trip)', async () => {
    const f = await fixture();
    for (let i = 0; i < 3; i++) await f.checkIn(i);
    const sync = f.sync();
    await sync.awaitInSync();
    const state = await waitFor(sync, (s) => s.status === 'upToDate');
    expect(state.pending).toBe(0);
    expect(state.lastSyncedAt).not.toBeNull();

    // Every local document of every replicated collection is on the district, exactly once.
    for (const name of SYNC_COLLECTIONS) {
      const local = (await f.station.db[name].find().exec()).map((doc) => doc.toJSON() as unknown as Record<string, unknown>);
      const remote = f.district.documents(name);
      expect(remote.map((doc) => doc.id).sort(), name).toEqual(local.map((doc) => doc.id).sort());
      for (const doc of local) expect(f.district.get(name, doc.id as string), `${name}/${String(doc.id)}`).toEqual(doc);
    }
    expect(f.district.documents('checkins')).toHaveLength(3);
    expect([...f.district.writes('audit').values()].every((n) => n === 1)).toBe(true);
    // Each pushed record carries the station's revision of it (`_rev`, signed with the push), never RxDB's `_meta`.
    const pushed = f.district.requests
      .filter((r) => r.path === '/sync/v1/checkins/push')
      .flatMap((r) => JSON.parse(r.body) as { newDocumentState: Record<string, unknown> }[]);
    expect(pushed.length).toBeGreaterThan(0);
    for (const row of pushed) {
      expect(row.newDocumentState._rev).toMatch(/^[1-9]\d*-/);
      expect(row.newDocumentState).not.toHaveProperty('_meta');
    }

    // A check-in made while syncing is pushed at once (live).
    await f.checkIn(3);
    await eventually(() => f.district.documents('checkins').length === 4);

    // A change made on the district's side (e.g. by a bundle import) reaches the station through the stream.
    const first = (await f.station.db.checkins.find().exec())[0]!.toJSON();
    const undone = { ...first, status: 'undone' as const, undoneAt: '2099-01-01T00:00:00.000Z', undoneBy: '孙志强', undoReason: '区里更正', _deleted: false };
    f.district.put('checkins', undone);
    await eventually(async () => (await f.station.db.checkins.findOne(first.id).exec())?.status === 'undone');
    await sync.awaitInSync();
    expect(f.district.writes('checkins').get(first.id)).toBe(2); // the echo of the pulled change writes nothing
  });

  it('signs every request with the station key (X-Station-* headers verify; nonces never repeat)', async () => {
    const f = await fixture();
    await f.checkIn(0);
    const sync = f.sync();
    await sync.awaitInSync();
    expect(f.district.requests.length).toBeGreaterThan(SYNC_COLLECTIONS.length);
    expect(f.district.requests.every((r) => r.verified && r.status === 200)).toBe(true);
    const nonces = new Set<string>();
    for (const r of f.district.requests) {
      const { 'x-station-id': stationId, 'x-station-timestamp': timestamp, 'x-station-nonce': nonce, 'x-station-signature': signature } = r.headers;
      expect(stationId).toBe(f.pkg.station.id);
      expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Buffer.from(nonce!, 'base64url')).toHaveLength(16);
      nonces.add(nonce!);
      // Recomputed here from the request as received, per docs/SYNC.md.
      const text = canonicalJson({ purpose: 'polling-station/sync@1', method: r.method, path: r.path, bodySha256: sha256Hex(r.body), stationId, timestamp, nonce });
      expect(text).toBe(syncSigningText({ method: r.method, path: r.path, bodySha256: sha256Hex(r.body), stationId: stationId!, timestamp: timestamp!, nonce: nonce! }));
      expect(verifyBytes(utf8(text), signature!, f.publicKey)).toBe(true);
    }
    expect(nonces.size).toBe(f.district.requests.length);
    expect(f.district.requests.some((r) => r.method === 'POST' && r.path === '/sync/v1/checkins/push')).toBe(true);
    expect(f.district.requests.some((r) => r.path.startsWith('/sync/v1/checkins/pull?checkpoint='))).toBe(true);
    expect(f.district.requests.some((r) => r.path === '/sync/v1/checkins/stream')).toBe(true);
  });

  it('a district that refuses the station shows as an error with the district’s reason', async () => {
    const f = await fixture();
    const sync = f.sync({ stationId: 'PS-unknown' });
    const state = await waitFor(sync, (s) => s.status === 'error');
    expect(state.error?.code).toBe('sync.unenrolled');
    expect(state.error?.params).toEqual({ station: 'PS-unknown' });
  });

  it('an append-only ballot in conflict: the district’s copy is kept, the station’s version goes to the audit log — nothing is overwritten', async () => {
    const f = await fixture();
    const districtCopy = ballot('R1-A-000001-1', { marks: { p1: { for: ['c1'], against: [], writeIns: [] } } });
    const stationCopy = ballot('R1-A-000001-1', { marks: { p1: { for: ['c2'], against: [], writeIns: [] } }, clerk: '另一人' });
    f.district.put('ballots', { ...districtCopy, _deleted: false });
    // As the app does: main's journal holds the ballot before the database (main signs a push only of journaled records).
    await f.bridge.journal({ kind: 'ballot', record: stationCopy });
    await f.station.db.ballots.insert(stationCopy);
    const sync = f.sync();
    const conflict = firstValueFrom(sync.conflicts$.pipe(timeout(15_000)));
    await sync.awaitInSync();
    const seen = await conflict;
    expect(seen).toMatchObject({ collection: 'ballots', id: stationCopy.id, kept: 'district' });
    expect(seen.station).toMatchObject({ clerk: '另一人' });

    // The district's ballot was never changed.
    expect(f.district.get('ballots', stationCopy.id)).toEqual(districtCopy);
    expect(f.district.writes('ballots').get(stationCopy.id)).toBe(1);
    // The station now holds the district's copy…
    expect((await f.station.db.ballots.findOne(stationCopy.id).exec())?.toJSON()).toEqual(districtCopy);
    // …and its own version is in its audit log (and, once synced, in the district's), both copies side by side.
    await eventually(async () => (await f.station.db.audit.find({ selector: { type: 'sync.conflict' } }).exec()).length === 1);
    const event = (await f.station.db.audit.findOne({ selector: { type: 'sync.conflict' } }).exec())!.toJSON();
    expect(event.data).toEqual({ collection: 'ballots', conflicts: [{ id: stationCopy.id, kept: 'district', station: { ...stationCopy, _deleted: false }, district: { ...districtCopy, _deleted: false } }] });
    await sync.awaitInSync();
    await eventually(() => f.district.documents('audit').some((doc) => doc.type === 'sync.conflict'));
    const state = sync.getState();
    expect(state.conflictCount).toBe(1);
    expect(state.conflicts[0]).toMatchObject({ collection: 'ballots', id: stationCopy.id, kept: 'district' });
    // A station-side removal of a ballot is not sent: the district keeps every ballot it has.
    await (await f.station.db.ballots.findOne(stationCopy.id).exec())!.remove();
    await sync.awaitInSync();
    expect(f.district.get('ballots', stationCopy.id)).toEqual(districtCopy);
    expect(await f.station.db.ballots.findOne(stationCopy.id).exec()).toBeNull();
  });

  it('a mutable record in conflict: the station’s copy wins only when it is strictly newer by its own time', async () => {
    const f = await fixture();
    await f.checkIn(0);
    await f.checkIn(1);
    const sync = f.sync();
    await sync.awaitInSync();
    await sync.stop();
    const [a, b] = (await f.station.db.checkins.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON());
    // While the station is not syncing, the district's copies change (say, a bundle imported)…
    f.district.put('checkins', { ...a!, desk: 'district', issuedAt: '2000-01-01T00:00:00.000Z', _deleted: false });
    f.district.put('checkins', { ...b!, desk: 'district', issuedAt: '2099-01-01T00:00:00.000Z', _deleted: false });
    // …and the station changes both: a stays newer than the district's copy, b is older.
    const undo = { status: 'undone' as const, undoneAt: '2030-01-01T00:00:00.000Z', undoneBy: '孙志强', undoReason: '发错' };
    // As the app does: main's journal holds each undo before the database (main signs a push only of journaled records).
    const plain = (doc: object) => Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));
    await f.bridge.journal({ kind: 'checkin', record: plain({ ...a!, ...undo }) });
    await f.bridge.journal({ kind: 'checkin', record: plain({ ...b!, ...undo }) });
    await (await f.station.db.checkins.findOne(a!.id).exec())!.incrementalPatch(undo);
    await (await f.station.db.checkins.findOne(b!.id).exec())!.incrementalPatch(undo);
    const again = f.sync({ liveStreams: 0 });
    await again.awaitInSync();
    await eventually(() => again.getState().conflictCount === 2);
    expect(f.district.get('checkins', a!.id)).toMatchObject({ status: 'undone', desk: a!.desk });
    expect((await f.station.db.checkins.findOne(a!.id).exec())?.status).toBe('undone');
    expect(f.district.get('checkins', b!.id)).toMatchObject({ status: 'issued', desk: 'district' });
    expect((await f.station.db.checkins.findOne(b!.id).exec())?.desk).toBe('district');
    expect(new Set(again.getState().conflicts.map((c) => `${c.id}:${c.kept}`))).toEqual(new Set([`${a!.id}:station`, `${b!.id}:district`]));
  });

  it('stops when offline and resumes from its checkpoint when back online; survives the district going down', async () => {
    const f = await fixture();
    await f.checkIn(0);
    const sync = f.sync();
    await sync.awaitInSync();
    const pullsBefore = f.district.requests.filter((r) => r.path.startsWith('/sync/v1/checkins/pull')).length;

    f.network.set(false);
    await waitFor(sync, (s) => s.status === 'offline');
    const requestsWhileOffline = f.district.requests.length;
    await f.checkIn(1);
    await f.checkIn(2);
    // The clerk sees what waits: two check-ins and their audit events.
    await waitFor(sync, (s) => s.status === 'offline' && s.pending >= 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(f.district.requests.length).toBe(requestsWhileOffline);
    expect(f.district.documents('checkins')).toHaveLength(1);

    f.network.set(true);
    await sync.awaitInSync();
    expect(f.district.documents('checkins')).toHaveLength(3);
    // Resumed, not restarted: the first pull after going online starts at the stored checkpoint.
    const pulls = f.district.requests.filter((r) => r.path.startsWith('/sync/v1/checkins/pull'));
    expect(pulls.length).toBeGreaterThan(pullsBefore);
    expect(pulls[pullsBefore]!.path).not.toContain('checkpoint=&');
    expect([...f.district.writes('checkins').values()].every((n) => n === 1)).toBe(true);

    // The district disappears while online: an error, retried with backoff, then up to date again.
    f.district.setDown(true);
    await f.checkIn(3);
    const failing = await waitFor(sync, (s) => s.status === 'error');
    expect(failing.error, JSON.stringify(failing.error)).toMatchObject({ code: "sync.unreachable" });
    f.district.setDown(false);
    await waitFor(sync, (s) => s.status === 'upToDate');
    await sync.awaitInSync();
    expect(f.district.documents('checkins')).toHaveLength(4);
    expect([...f.district.writes('checkins').values()].every((n) => n === 1)).toBe(true);
  });

  it('never holds up a check-in: check-ins during a stalled push are stored at once', async () => {
    const f = await fixture();
    for (let i = 0; i < 3; i++) await f.checkIn(i);
    const sync = f.sync();
    await sync.awaitInSync();

    const hold = f.district.holdPushes();
    await f.checkIn(3);
    await hold.waiting; // the district now holds a push request open
    // Were a check-in waiting for the push, these would not return until the hold is released.
    for (let i = 4; i < 7; i++) await f.checkIn(i);
    expect(await f.station.db.checkins.count().exec()).toBe(7);
    expect(sync.getState().status).toBe('syncing');
    expect(f.district.documents('checkins')).toHaveLength(3);

    hold.release();
    await sync.awaitInSync();
    await waitFor(sync, (s) => s.status === 'upToDate');
    expect(f.district.documents('checkins')).toHaveLength(7);
  });

  it('never holds up the count: ballots entered during a stalled push are stored at once', async () => {
    const f = await fixture();
    const s = f.station;
    for (let i = 0; i < 25; i++) await f.checkIn(i);
    await s.actions.closePolls(by);
    expect((await s.actions.reconcile({ unused: 75, explanation: '', signedOffBy: '' }, by)).ok).toBe(true);
    await s.countActions.startCount(by);
    expect((await s.countActions.openBoxes({ mainBox: 25, mobileBoxes: {}, doubleEntry: false }, by)).ok).toBe(true);
    const sync = f.sync();
    await sync.awaitInSync();

    const hold = f.district.holdPushes();
    expect((await s.countActions.enterBallot('A', { status: 'blank' }, by)).ok).toBe(true);
    await hold.waiting; // the district now holds a push request open
    for (let i = 0; i < 3; i++) expect((await s.countActions.enterBallot('A', { status: 'unreadable' }, by)).ok).toBe(true);
    expect(await s.db.ballots.count().exec()).toBe(4);
    expect(sync.getState().status).toBe('syncing');
    expect(f.district.documents('ballots')).toHaveLength(0);

    hold.release();
    await sync.awaitInSync();
    await waitFor(sync, (state) => state.status === 'upToDate');
    expect(f.district.documents('ballots')).toHaveLength(4);
  });

  it('shows progress: pending documents while a push is held, none once up to date', async () => {
    const f = await fixture();
    const sync = f.sync();
    await sync.awaitInSync();
    const hold = f.district.holdPushes();
    for (let i = 0; i < 5; i++) await f.checkIn(i);
    await hold.waiting;
    const busy = await waitFor(sync, (s) => s.status === 'syncing' && s.pending >= 5);
    expect(busy.pending).toBeGreaterThanOrEqual(5);
    hold.release();
    await sync.awaitInSync();
    const done = await waitFor(sync, (s) => s.status === 'upToDate');
    expect(done.pending).toBe(0);
  });

  it('posts the stored signed results once everything is pushed', async () => {
    const f = await fixture();
    const signed = { format: 'polling-station/signed-result@1', station: f.pkg.station.id, result: { round: 1 }, signature: 'sig-1' };
    await f.station.db.countRecords.insert({ id: 'sheet-1', round: 1, kind: 'sheet', data: { signedResults: [signed], sheetSha256: 'x', files: {} }, at: new Date().toISOString(), clerk: '郑洁', desk: '计票台' });
    const sync = f.sync();
    const state = await waitFor(sync, (s) => s.results.length === 1);
    expect(state.results).toEqual([{ round: 1, status: 'verified' }]);
    expect(f.district.results).toEqual([signed]);
    sync.syncNow();
    await sync.awaitInSync();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(f.district.results).toHaveLength(1); // posted once
  });

  it('waits in standby while another window holds the sync lock', async () => {
    const f = await fixture();
    let releaseOther: () => void = () => undefined;
    const otherWindow = new Promise<void>((resolve) => (releaseOther = resolve));
    let holder: Promise<void> = Promise.resolve();
    const lock = {
      request(_name: string, signal: AbortSignal, whileHeld: () => Promise<void>) {
        holder = holder.then(() => (signal.aborted ? undefined : whileHeld()));
        return holder;
      },
    };
    holder = otherWindow;
    const sync = f.sync({ lock });
    expect(sync.getState().status).toBe('standby');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(f.district.requests).toHaveLength(0);
    releaseOther();
    await waitFor(sync, (s) => s.status === 'upToDate');
  });

  it('a wrong server address is an error, not a crash', async () => {
    const f = await fixture();
    const sync = f.sync({ serverUrl: 'ftp://district' });
    expect(sync.getState()).toMatchObject({ status: 'error', error: { code: 'sync.badServerUrl' } });
  });
});

describe('the signed bundle', () => {
  it('holds every document of the 10 collections and the signed results, signed by the station key', async () => {
    const f = await fixture();
    await f.checkIn(0);
    await f.station.db.ballots.insert(ballot('R1-A-000001-1'));
    const signed = { format: 'polling-station/signed-result@1', station: f.pkg.station.id, result: { round: 1 }, signature: 'sig-1' };
    await f.station.db.countRecords.insert({ id: 'sheet-1', round: 1, kind: 'sheet', data: { signedResults: [signed, signed], sheetSha256: 'x', files: {} }, at: new Date().toISOString(), clerk: '郑洁', desk: '计票台' });
    let file: { text: string; name: string } | null = null;
    const { bundle, fileName } = await exportBundle(f.station.db, f.bridge, { download: (text, name) => (file = { text, name }) });
    expect(file).not.toBeNull();
    expect(file!.name).toBe(fileName);
    expect(fileName).toMatch(/^station-.+\.bundle\.json$/);
    const parsed = JSON.parse(file!.text) as typeof bundle;
    expect(parsed).toEqual(bundle);
    expect(verifyObject(parsed, f.publicKey)).toBe(true);
    expect(parsed).toMatchObject({ format: 'polling-station/bundle@1', station: f.pkg.station.id, stationKey: f.publicKey, signedResults: [signed] });
    expect(Object.keys(parsed.documents).sort()).toEqual([...SYNC_COLLECTIONS].sort());
    for (const name of SYNC_COLLECTIONS) expect(parsed.documents[name], name).toHaveLength(await f.station.db[name].count().exec());
    expect(parsed.documents.checkins).toHaveLength(1);
    // Each record with its revision (`_rev`): the district keeps the newest (docs/SYNC.md "Revisions").
    expect(parsed.documents.ballots[0]).toEqual({ ...ballot('R1-A-000001-1'), _rev: expect.stringMatching(/^1-/) });
    // Tampering breaks the signature.
    const tampered = { ...parsed, documents: { ...parsed.documents, ballots: [] } };
    expect(verifyObject(tampered, f.publicKey)).toBe(false);
  });

  it('refuses to export a station with no election', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sync-'));
    const bridge: StationBridge = { ...directBridge(dataDir), ...syncSigningBridge(dataDir) };
    const station = await openTestStation(bridge);
    cleanups.push(() => station.close());
    await expect(createBundle(station.db, bridge)).rejects.toMatchObject({ issues: [{ code: 'bundle.noElection' }] });
  });
});
