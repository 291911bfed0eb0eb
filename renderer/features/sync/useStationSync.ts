/** The sync as the screens see it: its state, the server address and where it came from. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StationDatabase } from '../../db/database';
import { normalizeServerUrl } from '../../db/replication/protocol';
import type { StationSync, SyncState } from '../../db/replication/startStationSync';
import { ELECTION_DOC_ID } from '../../db/schemas/election';
import { useStation } from '../../station/StationContext';
import { districtServerOf, findOpenStationDatabase, saveServerUrl, stopSync, storedServerUrl, syncFor } from './syncSession';

export interface StationSyncView {
  readonly db: StationDatabase | null;
  readonly sync: StationSync | null;
  readonly state: SyncState | null;
  /** The address in use ('' when none): the package's, else the one entered here. */
  readonly serverUrl: string;
  readonly serverFromPackage: boolean;
  /** The address as entered in the panel (kept in localStorage). */
  readonly enteredServerUrl: string;
  /** Saves an entered address; false (nothing saved) when it is not an http(s) URL. */
  setServerUrl(url: string): boolean;
  /** Why there is no sync: no election imported yet, or no server address. */
  readonly missing: 'election' | 'server' | null;
}

export function useStationSync(): StationSyncView {
  const station = useStation();
  const { bridge } = station;
  // The station context may carry the database; until it does, find the window's open one.
  const contextDb = (station as { readonly db?: StationDatabase }).db;
  const db = useMemo(() => contextDb ?? findOpenStationDatabase(), [contextDb]);
  const stationId = station.view.info?.station.id ?? null;

  const [packageServer, setPackageServer] = useState<string | null>(null);
  useEffect(() => {
    if (!db) return;
    const subscription = db.election.findOne(ELECTION_DOC_ID).$.subscribe((doc) => setPackageServer(districtServerOf(doc?.toJSON() ?? null)));
    return () => subscription.unsubscribe();
  }, [db]);

  const [entered, setEntered] = useState(storedServerUrl);
  const serverUrl = packageServer ?? normalizeServerUrl(entered) ?? '';

  const [sync, setSync] = useState<StationSync | null>(null);
  useEffect(() => {
    if (db && stationId && serverUrl) {
      setSync(syncFor({ db, stationId, serverUrl, bridge }));
    } else {
      void stopSync();
      setSync(null);
    }
  }, [db, stationId, serverUrl, bridge]);

  const [state, setState] = useState<SyncState | null>(null);
  useEffect(() => {
    if (!sync) {
      setState(null);
      return;
    }
    const subscription = sync.state$.subscribe(setState);
    return () => subscription.unsubscribe();
  }, [sync]);

  const setServerUrl = useCallback((url: string) => {
    const trimmed = url.trim();
    const normalized = trimmed === '' ? '' : normalizeServerUrl(trimmed);
    if (normalized === null) return false;
    saveServerUrl(normalized);
    setEntered(normalized);
    return true;
  }, []);

  return {
    db,
    sync,
    state,
    serverUrl,
    serverFromPackage: packageServer !== null,
    enteredServerUrl: entered,
    setServerUrl,
    missing: !stationId ? 'election' : !serverUrl ? 'server' : null,
  };
}
