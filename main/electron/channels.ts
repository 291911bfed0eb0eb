/**
 * What is particular to the Electron door of the bridge (the methods themselves are
 * shared/bridge/methods.ts): each `invoke` method is the IPC channel `station:NAME`, and the
 * `local` method is answered in the preload — a stored sheet's `app://` URL.
 * Pure and tiny: the sandboxed preload bundles it.
 */
import type { LocalMethod } from '../../shared/bridge/methods';
import type { StationBridge } from '../../shared/bridge/StationBridge';

export const CHANNEL_PREFIX = 'station:';

export function channelOf(method: string): string {
  return `${CHANNEL_PREFIX}${method}`;
}

/** The app URL of a stored sheet file (served by protocol.ts from the data folder's `sheets/`). */
export function sheetUrl(file: string): string {
  return `app://station/sheets/${encodeURIComponent(file)}`;
}

/** The `local` methods, implemented in the preload. */
export const LOCAL_METHODS: { readonly [M in LocalMethod]: StationBridge[M] } = {
  sheetUrl,
};
