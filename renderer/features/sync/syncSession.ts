/**
 * The window's one sync (renderer/db/replication): started for the open station database, its
 * station id and the district server, restarted when one of them changes, and kept for the
 * page's lifetime (like the station itself — React may mount the indicator twice).
 */
import { OPEN_COLLECTIONS } from 'rxdb';
import type { StationBridge } from '../../bridge/StationBridge';
import type { StationDatabase } from '../../db/database';
import { normalizeServerUrl } from '../../db/replication/protocol';
import { startStationSync, type StationSync } from '../../db/replication/startStationSync';

export const SERVER_URL_KEY = 'polling-station.sync.serverUrl';

/** The server the clerk entered in the sync panel ('' when none). */
export function storedServerUrl(): string {
  try {
    return localStorage.getItem(SERVER_URL_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveServerUrl(url: string): void {
  try {
    if (url === '') localStorage.removeItem(SERVER_URL_KEY);
    else localStorage.setItem(SERVER_URL_KEY, url);
  } catch {
    // storage refused: the address holds until the page closes
  }
}

/** The package's `districtServer`, when the stored election carries it (normalized), else null. */
export function districtServerOf(election: unknown): string | null {
  const value = (election as { districtServer?: unknown } | null)?.districtServer;
  return typeof value === 'string' ? normalizeServerUrl(value) : null;
}

/**
 * The open station database of this window, for code that is given no handle to it: the
 * RxDB database that has the station's collections open. Prefer passing the database.
 */
export function findOpenStationDatabase(): StationDatabase | null {
  for (const collection of OPEN_COLLECTIONS) {
    const database = collection.database as unknown as Partial<StationDatabase> & { closed?: boolean };
    if (collection.name === 'checkins' && !database.closed && database.election && database.ballots && database.audit) return database as StationDatabase;
  }
  return null;
}

interface Current {
  readonly key: string;
  readonly db: StationDatabase;
  readonly sync: StationSync;
}

let current: Current | null = null;

/** The sync for this configuration: the running one if it matches, else a new one (the old one stops). */
export function syncFor(config: { readonly db: StationDatabase; readonly stationId: string; readonly serverUrl: string; readonly bridge: Pick<StationBridge, 'signSyncRequest'> }): StationSync {
  const key = `${config.stationId}\u0001${config.serverUrl}`;
  if (current && current.key === key && current.db === config.db) return current.sync;
  if (current) void current.sync.stop();
  const sync = startStationSync({ db: config.db, stationId: config.stationId, serverUrl: config.serverUrl, bridge: config.bridge });
  current = { key, db: config.db, sync };
  return sync;
}

/** Stops the window's sync (no station, no server). */
export function stopSync(): Promise<void> {
  const stopping = current?.sync.stop() ?? Promise.resolve();
  current = null;
  return stopping;
}
