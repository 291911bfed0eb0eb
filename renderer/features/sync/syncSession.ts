/**
 * The window's one sync (renderer/db/replication): started for the open station database, its
 * station id and the district server, restarted when one of them changes, and kept for the
 * page's lifetime (like the station itself — React may mount the indicator twice).
 *
 * The server: the election package's `districtServer` (kept in the `election` document) by
 * default, or an address the clerk entered for this election (`chooseServerUrl`).
 */
import { distinctUntilChanged, map, type Observable } from 'rxjs';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import type { StationDatabase } from '../../db/database';
import { normalizeServerUrl } from '../../db/replication/protocol';
import { startStationSync, type StationSync, type StationSyncOptions } from '../../db/replication/startStationSync';
import { ELECTION_DOC_ID } from '../../db/schemas/election';

/** The address the clerk entered in the sync panel (normalized; absent when none). */
export const SERVER_URL_KEY = 'polling-station.sync.serverUrl';
/** The electionHash of the election it was entered for (absent when entered before any import). */
export const SERVER_URL_ELECTION_KEY = 'polling-station.sync.serverUrl.election';

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function localStore(): KeyValueStore | null {
  try {
    const storage = (globalThis as { localStorage?: KeyValueStore }).localStorage;
    return storage && typeof storage.getItem === 'function' ? storage : null;
  } catch {
    return null;
  }
}

/** What the clerk entered in the sync panel, and for which election. */
export interface EnteredServer {
  /** '' when none. */
  readonly url: string;
  readonly electionHash: string | null;
}

/** The server the clerk entered in the sync panel ('' when none). */
export function storedServerUrl(store: KeyValueStore | null = localStore()): string {
  return storedEnteredServer(store).url;
}

export function storedEnteredServer(store: KeyValueStore | null = localStore()): EnteredServer {
  try {
    return { url: store?.getItem(SERVER_URL_KEY) ?? '', electionHash: store?.getItem(SERVER_URL_ELECTION_KEY) ?? null };
  } catch {
    return { url: '', electionHash: null };
  }
}

/** Keeps an entered address ('' clears it, back to the package's) for the election `electionHash`. */
export function saveServerUrl(url: string, electionHash: string | null = null, store: KeyValueStore | null = localStore()): void {
  try {
    if (url === '') {
      store?.removeItem(SERVER_URL_KEY);
      store?.removeItem(SERVER_URL_ELECTION_KEY);
      return;
    }
    store?.setItem(SERVER_URL_KEY, url);
    if (electionHash) store?.setItem(SERVER_URL_ELECTION_KEY, electionHash);
    else store?.removeItem(SERVER_URL_ELECTION_KEY);
  } catch {
    // storage refused: the address holds until the page closes
  }
}

/** The package's `districtServer`, when the stored election carries it (normalized), else null. */
export function districtServerOf(election: unknown): string | null {
  const value = (election as { districtServer?: unknown } | null)?.districtServer;
  return typeof value === 'string' ? normalizeServerUrl(value) : null;
}

/** The stored election as the sync needs it: its package's server and its hash (nulls before an import). */
export interface ElectionServer {
  readonly packageServer: string | null;
  readonly electionHash: string | null;
}

/** The stored election's server and hash, now and at every change (a new package imported). */
export function electionServer$(db: StationDatabase): Observable<ElectionServer> {
  return db.election.findOne(ELECTION_DOC_ID).$.pipe(
    map((doc) => {
      const election = doc?.toJSON() ?? null;
      return { packageServer: districtServerOf(election), electionHash: election?.electionHash ?? null };
    }),
    distinctUntilChanged((a, b) => a.packageServer === b.packageServer && a.electionHash === b.electionHash),
  );
}

export interface ServerChoice {
  /** The address to sync to ('' when none). */
  readonly url: string;
  /** Where it came from: the election package (the default), the clerk (an override), or nowhere. */
  readonly source: 'package' | 'entered' | 'none';
}

/**
 * Which address the sync uses (docs/DECISIONS.md "Sync"): the package's `districtServer` by
 * default; an address the clerk entered wins over it — but only one entered for this election
 * (a new package starts from its own address again, so an address typed for an earlier
 * election never silently overrides it). With no address in the package, any entered one.
 */
export function chooseServerUrl(election: ElectionServer, entered: EnteredServer): ServerChoice {
  const typed = entered.url === '' ? null : normalizeServerUrl(entered.url);
  if (typed && (election.packageServer === null || (entered.electionHash !== null && entered.electionHash === election.electionHash))) {
    return { url: typed, source: 'entered' };
  }
  if (election.packageServer) return { url: election.packageServer, source: 'package' };
  return { url: '', source: 'none' };
}

interface Current {
  readonly key: string;
  readonly db: StationDatabase;
  readonly sync: StationSync;
}

let current: Current | null = null;

/** The sync for this configuration: the running one if it matches, else a new one (the old one stops). */
export function syncFor(config: {
  readonly db: StationDatabase;
  readonly stationId: string;
  readonly serverUrl: string;
  readonly bridge: Pick<StationBridge, 'signSyncRequest'>;
  /** Tests: the other options of startStationSync (network, lock, retry, …). */
  readonly options?: Omit<Partial<StationSyncOptions>, 'db' | 'stationId' | 'serverUrl' | 'bridge'>;
}): StationSync {
  const key = `${config.stationId}\u0001${config.serverUrl}`;
  if (current && current.key === key && current.db === config.db) return current.sync;
  if (current) void current.sync.stop();
  const sync = startStationSync({ ...config.options, db: config.db, stationId: config.stationId, serverUrl: config.serverUrl, bridge: config.bridge });
  current = { key, db: config.db, sync };
  return sync;
}

/** Stops the window's sync (no station, no server). */
export function stopSync(): Promise<void> {
  const stopping = current?.sync.stop() ?? Promise.resolve();
  current = null;
  return stopping;
}

/** The server the window's sync is running against (null when there is none). */
export function currentSyncServer(): string | null {
  return current ? (current.key.split('\u0001')[1] ?? null) : null;
}
