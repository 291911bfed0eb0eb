/**
 * A window loads itself again, once, when the stored election names a district server its page
 * was not loaded for. The page's Content-Security-Policy (main/host/headers.ts, Electron's
 * protocol.ts) lets the sync connect only to the imported package's district server, and a
 * policy is fixed when the page loads: after importing a package with a new district server the
 * sync would be refused until a reload. Every window follows the stored election (RxDB), so each
 * one reloads by itself once the import's transition is stored (the step is past `unconfigured`:
 * main marked its journal — the policy's source — before that transition); until then the sync
 * holds back from that server (renderer/station/pageDistrict.ts). The policy stays strict and the
 * clerk never meets the refusal.
 */
import { useEffect, useRef, useState } from 'react';
import type { StationDatabase } from '../db/database';
import { ELECTION_DOC_ID } from '../db/schemas/election';
import type { PollingStep } from '../machine/pollingDay';
import { districtOriginOf } from '../../shared/station/sync';
import { installPageDistrict } from '../station/pageDistrict';

/** sessionStorage: the district origin this tab last reloaded for (one reload per new origin, never a loop). */
export const RELOADED_FOR_DISTRICT_KEY = 'polling-station.reloadedForDistrict';

/**
 * Whether a page loaded for `loadedWith` (the district origin of the election stored when it
 * loaded with the import done, else null) must load again: the import is done and its package
 * names another district server. A package without one needs nothing (its sync connects nowhere).
 */
export function mustReloadForDistrict(loadedWith: string | null, stored: string | null, step: PollingStep): boolean {
  return step !== 'unconfigured' && stored !== null && stored !== loadedWith;
}

function sessionStore(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

const reloadPage = (): void => window.location.reload();

/** The stored election as the hook last saw it: its district origin, and whether there is one at all. */
interface StoredElection {
  readonly origin: string | null;
  readonly present: boolean;
}

/**
 * Whether a window loaded before the import (`loadedBeforeImport`) must still wait, past the import,
 * before its screens show: until it has seen the imported election, and then while it is about to
 * load again. A screen shown meanwhile would be thrown away by the reload with what the clerk typed
 * into it (the setup form).
 */
export function awaitingDistrictReload(loadedBeforeImport: boolean, stored: StoredElection | undefined, step: PollingStep, reloadedFor: string | null): boolean {
  if (step === 'unconfigured' || !loadedBeforeImport) return false;
  if (stored === undefined || !stored.present) return true;
  return mustReloadForDistrict(null, stored.origin, step) && reloadedFor !== stored.origin;
}

/** Loads the window again when it must; true while its screens must wait for that (App shows none meanwhile). */
export function useDistrictReload(db: StationDatabase, step: PollingStep, reload: () => void = reloadPage): boolean {
  // What the page was loaded for: nothing while the import was not done; else the stored
  // election's district, read once (undefined until then). Installed before any child's effect.
  const loadedWith = useRef<string | null | undefined>(undefined);
  const [loadedBeforeImport] = useState(() => {
    loadedWith.current = step === 'unconfigured' ? null : undefined;
    installPageDistrict(loadedWith.current);
    return loadedWith.current === null;
  });
  const [stored, setStored] = useState<StoredElection | undefined>(undefined);
  // The tab's reload guard as it was before this page set it (it reloads at most once per origin).
  const [reloadedFor] = useState(() => sessionStore()?.getItem(RELOADED_FOR_DISTRICT_KEY) ?? null);
  const [reloading, setReloading] = useState(false);
  useEffect(() => {
    const subscription = db.election.findOne(ELECTION_DOC_ID).$.subscribe((doc) => {
      const origin = districtOriginOf(doc?.toJSON().districtServer);
      if (loadedWith.current === undefined) {
        loadedWith.current = origin;
        installPageDistrict(origin);
      }
      setStored({ origin, present: doc !== null });
    });
    return () => subscription.unsubscribe();
  }, [db]);
  useEffect(() => {
    if (stored?.origin == null || loadedWith.current === undefined) return;
    if (!mustReloadForDistrict(loadedWith.current, stored.origin, step)) return;
    const session = sessionStore();
    if (session?.getItem(RELOADED_FOR_DISTRICT_KEY) === stored.origin) return;
    try {
      session?.setItem(RELOADED_FOR_DISTRICT_KEY, stored.origin);
    } catch {
      // storage refused: the reload still happens (the loaded page then matches)
    }
    setReloading(true);
    reload();
  }, [stored, step, reload]);
  return reloading || awaitingDistrictReload(loadedBeforeImport, stored, step, reloadedFor);
}
