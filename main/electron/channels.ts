/**
 * The StationBridge's methods as the preload and the IPC handlers see them — the one list.
 * `invoke`: the preload forwards the call over IPC (channel `station:NAME`), main validates the
 * arguments (bridgeInputs.ts) and calls the same service as the Node host (nodeBridge).
 * `local`: answered in the preload itself (no IPC).
 *
 * Adding a method to StationBridge: one line here (tsc fails until it is added), one validator
 * line in bridgeInputs.ts, and the service in main/services/nodeBridge.ts.
 * Pure and tiny: the sandboxed preload bundles it.
 */
import type { StationBridge } from '../../renderer/bridge/StationBridge';

export const BRIDGE_METHODS = {
  importPackage: 'invoke',
  demoPackage: 'invoke',
  stationKey: 'invoke',
  produceSheets: 'invoke',
  journal: 'invoke',
  signSyncRequest: 'invoke',
  signBundle: 'invoke',
  pendingRecovery: 'invoke',
  consumeRecovery: 'invoke',
  sheetUrl: 'local',
} as const satisfies Record<keyof StationBridge, 'invoke' | 'local'>;

export type BridgeMethod = keyof typeof BRIDGE_METHODS;
export type InvokeMethod = { [M in BridgeMethod]: (typeof BRIDGE_METHODS)[M] extends 'invoke' ? M : never }[BridgeMethod];
export type LocalMethod = Exclude<BridgeMethod, InvokeMethod>;

export const INVOKE_METHODS = (Object.keys(BRIDGE_METHODS) as BridgeMethod[]).filter((name): name is InvokeMethod => BRIDGE_METHODS[name] === 'invoke');

export const CHANNEL_PREFIX = 'station:';

export function channelOf(method: InvokeMethod): string {
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
