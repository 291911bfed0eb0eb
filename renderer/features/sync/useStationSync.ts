/** The sync as the screens see it: its state, the server address and where it came from. */
import { useCallback, useEffect, useState } from 'react';
import { electionTimeZone } from '../../../shared/election/localTime';
import type { StationDatabase } from '../../db/database';
import { normalizeServerUrl } from '../../db/replication/protocol';
import type { StationSync, SyncState } from '../../db/replication/startStationSync';
import { useStation } from '../../station/StationContext';
import { pageMayConnect, usePageDistrict } from '../../station/pageDistrict';
import {
  chooseServerUrl,
  electionServer$,
  saveServerUrl,
  stopSync,
  storedEnteredServer,
  syncFor,
  type ElectionServer,
  type EnteredServer,
} from './syncSession';

export interface StationSyncView {
  readonly db: StationDatabase;
  readonly sync: StationSync | null;
  readonly state: SyncState | null;
  /** The address in use ('' when none): one entered here for this election, else the package's. */
  readonly serverUrl: string;
  /** The address in use is the package's. */
  readonly serverFromPackage: boolean;
  /** The package's `districtServer` (normalized), or null when it names none. */
  readonly packageServerUrl: string | null;
  /** The address in use was entered here and overrides the package's. */
  readonly serverOverridden: boolean;
  /** The address as entered in the panel (kept in localStorage; '' when none). */
  readonly enteredServerUrl: string;
  /** Saves an entered address ('' = back to the package's); false (nothing saved) when it is not an http(s) URL. */
  setServerUrl(url: string): boolean;
  /** Why there is no sync: no election imported yet, or no server address. */
  readonly missing: 'election' | 'server' | null;
  /** The election's time zone (electionTimeZone): the sync's times are shown in it. */
  readonly timeZone: string;
}

const NO_ELECTION: ElectionServer = { packageServer: null, electionHash: null };

export function useStationSync(): StationSyncView {
  const station = useStation();
  const { bridge } = station;
  const { db } = station;
  const stationId = station.view.info?.station.id ?? null;

  // null until the stored election is read: no sync starts on a guess before that.
  const [loaded, setLoaded] = useState<ElectionServer | null>(null);
  useEffect(() => {
    const subscription = electionServer$(db).subscribe(setLoaded);
    return () => subscription.unsubscribe();
  }, [db]);
  const election = loaded ?? NO_ELECTION;

  const [entered, setEntered] = useState<EnteredServer>(() => storedEnteredServer());
  const choice = loaded ? chooseServerUrl(loaded, entered) : ({ url: '', source: 'none' } as const);
  const serverUrl = choice.url;

  // The package's server only once this page's policy names it (the window reloads for a new one).
  const pageDistrict = usePageDistrict();
  const held = choice.source === 'package' && !pageMayConnect(serverUrl, pageDistrict);
  const [sync, setSync] = useState<StationSync | null>(null);
  useEffect(() => {
    if (stationId && serverUrl && !held) {
      setSync(syncFor({ db, stationId, serverUrl, bridge }));
    } else {
      void stopSync();
      setSync(null);
    }
  }, [db, stationId, serverUrl, bridge, held]);

  const [state, setState] = useState<SyncState | null>(null);
  useEffect(() => {
    if (!sync) {
      setState(null);
      return;
    }
    const subscription = sync.state$.subscribe(setState);
    return () => subscription.unsubscribe();
  }, [sync]);

  const electionHash = election.electionHash;
  const setServerUrl = useCallback(
    (url: string) => {
      const trimmed = url.trim();
      const normalized = trimmed === '' ? '' : normalizeServerUrl(trimmed);
      if (normalized === null) return false;
      saveServerUrl(normalized, electionHash);
      setEntered({ url: normalized, electionHash: normalized === '' ? null : electionHash });
      return true;
    },
    [electionHash],
  );

  return {
    db,
    sync,
    state,
    timeZone: electionTimeZone(station.view.info?.election),
    serverUrl,
    serverFromPackage: choice.source === 'package',
    packageServerUrl: election.packageServer,
    serverOverridden: choice.source === 'entered' && election.packageServer !== null,
    enteredServerUrl: entered.url,
    setServerUrl,
    missing: !stationId ? 'election' : !serverUrl ? 'server' : null,
  };
}
