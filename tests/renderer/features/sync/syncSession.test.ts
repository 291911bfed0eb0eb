/**
 * Which district server the sync uses: the election package's `districtServer` (kept in the
 * `election` document) by default; an address the clerk entered for this election overrides it.
 * And the window's one sync really goes to the package's server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syncSigningBridge } from '../../../../main/services/syncSigning';
import { storeImportedPackage } from '../../../../renderer/db/importPackage';
import { manualNetwork } from '../../../../renderer/db/replication/startStationSync';
import {
  chooseServerUrl,
  currentSyncServer,
  electionServer$,
  saveServerUrl,
  SERVER_URL_ELECTION_KEY,
  SERVER_URL_KEY,
  stopSync,
  storedEnteredServer,
  syncFor,
  type ElectionServer,
} from '../../../../renderer/features/sync/syncSession';
import { startFakeDistrict, type FakeDistrict } from '../../sync/fakeDistrict';
import { directBridge } from '../../../helpers/station';
import { AT, databases, quietOpenCoreBanner, testImport } from '../../db/helpers';

const dbs = databases();
const closers: (() => Promise<unknown>)[] = [];
beforeAll(quietOpenCoreBanner);
afterEach(async () => {
  await stopSync();
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  await dbs.closeAll();
});

const HASH = 'a'.repeat(64);
const OTHER_HASH = 'b'.repeat(64);

function memoryStore() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

describe('chooseServerUrl', () => {
  const withPackage: ElectionServer = { packageServer: 'https://district.example.org', electionHash: HASH };
  const withoutPackage: ElectionServer = { packageServer: null, electionHash: HASH };

  it('defaults to the package\'s districtServer', () => {
    expect(chooseServerUrl(withPackage, { url: '', electionHash: null })).toEqual({ url: 'https://district.example.org', source: 'package' });
  });

  it('an address entered for this election wins over the package\'s', () => {
    expect(chooseServerUrl(withPackage, { url: 'http://10.0.0.5:8080/', electionHash: HASH })).toEqual({ url: 'http://10.0.0.5:8080', source: 'entered' });
  });

  it('an address entered for another election (or before any) does not override a new package\'s', () => {
    expect(chooseServerUrl(withPackage, { url: 'http://10.0.0.5:8080', electionHash: OTHER_HASH })).toEqual({ url: 'https://district.example.org', source: 'package' });
    expect(chooseServerUrl(withPackage, { url: 'http://10.0.0.5:8080', electionHash: null })).toEqual({ url: 'https://district.example.org', source: 'package' });
  });

  it('with no address in the package, any entered one; with neither, none', () => {
    expect(chooseServerUrl(withoutPackage, { url: 'http://10.0.0.5:8080', electionHash: OTHER_HASH })).toEqual({ url: 'http://10.0.0.5:8080', source: 'entered' });
    expect(chooseServerUrl(withoutPackage, { url: '', electionHash: null })).toEqual({ url: '', source: 'none' });
    expect(chooseServerUrl({ packageServer: null, electionHash: null }, { url: '', electionHash: null })).toEqual({ url: '', source: 'none' });
  });

  it('an entered address that is not an http(s) URL is ignored', () => {
    expect(chooseServerUrl(withPackage, { url: 'ftp://district', electionHash: HASH })).toEqual({ url: 'https://district.example.org', source: 'package' });
    expect(chooseServerUrl(withoutPackage, { url: 'ftp://district', electionHash: HASH })).toEqual({ url: '', source: 'none' });
  });
});

describe('the entered address in storage', () => {
  it('is kept with the election it was entered for; clearing forgets both', () => {
    const store = memoryStore();
    saveServerUrl('http://10.0.0.5:8080', HASH, store);
    expect(store.map.get(SERVER_URL_KEY)).toBe('http://10.0.0.5:8080');
    expect(storedEnteredServer(store)).toEqual({ url: 'http://10.0.0.5:8080', electionHash: HASH });
    saveServerUrl('http://10.0.0.6', null, store);
    expect(storedEnteredServer(store)).toEqual({ url: 'http://10.0.0.6', electionHash: null });
    saveServerUrl('http://10.0.0.6', HASH, store);
    saveServerUrl('', HASH, store);
    expect(store.map.has(SERVER_URL_KEY)).toBe(false);
    expect(store.map.has(SERVER_URL_ELECTION_KEY)).toBe(false);
    expect(storedEnteredServer(null)).toEqual({ url: '', electionHash: null });
  });
});

describe('electionServer$', () => {
  it('follows the stored election: nothing, the package\'s server, then a package without one', async () => {
    const db = await dbs.station();
    const seen: ElectionServer[] = [];
    const subscription = electionServer$(db).subscribe((value) => seen.push(value));
    closers.push(async () => subscription.unsubscribe());
    await firstValueFrom(electionServer$(db));
    expect(seen.at(-1)).toEqual({ packageServer: null, electionHash: null });

    const first = testImport(3, undefined, { districtServer: 'https://district.example.org/root/' });
    await storeImportedPackage(db, first, AT);
    await firstValueFrom(electionServer$(db).pipe(filter((value) => value.packageServer !== null)));
    // Normalized for use (the document keeps it as signed).
    expect(seen.at(-1)).toEqual({ packageServer: 'https://district.example.org/root', electionHash: first.electionHash });

    const second = testImport(3);
    await storeImportedPackage(db, second, AT);
    await firstValueFrom(electionServer$(db).pipe(filter((value) => value.packageServer === null && value.electionHash !== null)));
    expect(seen.at(-1)).toEqual({ packageServer: null, electionHash: second.electionHash });
  });
});

describe('the window\'s sync', () => {
  it('syncs to the package\'s districtServer when nothing was entered', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sync-session-'));
    const bridge = syncSigningBridge(dataDir);
    const { publicKey } = await directBridge(dataDir).stationKey();
    const db = await dbs.station();
    const district: FakeDistrict = await startFakeDistrict({ stationId: 'PS-01', publicKey });
    closers.push(() => district.close());
    const imported = testImport(3, undefined, { districtServer: `${district.url}/` });
    await storeImportedPackage(db, imported, AT);
    const checkin = { id: '1:v00001', round: 1, voterId: 'v00001', kind: 'inPerson', status: 'issued', issuedAt: AT, clerk: '冯静', desk: '1号台' } as const;
    // As the app does: main's journal holds the check-in before the database (main signs a push only of journaled records).
    await directBridge(dataDir).journal({ kind: 'checkin', record: checkin });
    await db.checkins.insert(checkin);

    const election = await firstValueFrom(electionServer$(db));
    const choice = chooseServerUrl(election, { url: '', electionHash: null });
    expect(choice).toEqual({ url: district.url, source: 'package' });
    const sync = syncFor({ db, stationId: imported.package.station.id, serverUrl: choice.url, bridge, options: { network: manualNetwork(true), lock: null, storage: null, retry: { base: 50, max: 400 } } });
    expect(currentSyncServer()).toBe(district.url);
    await firstValueFrom(sync.state$.pipe(filter((state) => state.status === 'upToDate'), timeout(20_000)));
    expect(district.documents('checkins').map((doc) => doc.id)).toEqual(['1:v00001']);
    expect(district.requests.length).toBeGreaterThan(0);
    expect(district.requests.every((request) => request.verified)).toBe(true);
  });
});
