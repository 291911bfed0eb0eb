/**
 * The district server this page's Content-Security-Policy lets the sync connect to — the policy
 * (main/host/headers.ts, Electron's protocol.ts) names only the imported package's district
 * server, as main's journal had it when the page loaded, and stays so until the page loads again.
 *
 * The app's window sets it (renderer/app/useDistrictReload.ts: the stored election's district
 * when the page loaded with the import done, else none) and loads itself again when the stored
 * election names another; meanwhile the sync holds back from the package's server rather than
 * meet the policy's refusal. Where no window installed it (a component alone), nothing is held.
 */
import { useSyncExternalStore } from 'react';
import { districtOriginOf } from '../../shared/station/sync';

type PageDistrict = { readonly installed: false } | { readonly installed: true; readonly origin: string | null | undefined };

let state: PageDistrict = { installed: false };
const listeners = new Set<() => void>();

function set(next: PageDistrict): void {
  state = next;
  for (const listener of listeners) listener();
}

/** The window follows its page's district: `origin` once known (undefined: not read yet). */
export function installPageDistrict(origin: string | null | undefined): void {
  if (state.installed && state.origin === origin) return;
  set({ installed: true, origin });
}

/** Whether the page's policy lets the sync connect to `serverUrl`, as far as this window knows. */
export function pageMayConnect(serverUrl: string, current: PageDistrict = state): boolean {
  if (!current.installed) return true;
  return current.origin !== undefined && current.origin === districtOriginOf(serverUrl);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The page's district, followed (for the sync). */
export function usePageDistrict(): PageDistrict {
  return useSyncExternalStore(subscribe, () => state);
}
