/**
 * The preload of the clerk's and the projector's windows (sandboxed, bundled to preload.cjs):
 * exposes exactly the StationBridge as `window.station` — each `invoke` method of
 * bridgeMethods.ts forwards its arguments over IPC, each `local` one is answered here. Nothing
 * else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { StationBridge } from '../../renderer/bridge/StationBridge';
import { BRIDGE_METHODS, channelOf, LOCAL_METHODS, type BridgeMethod, type InvokeMethod } from './bridgeMethods';

const bridge: Record<string, unknown> = {};
for (const name of Object.keys(BRIDGE_METHODS) as BridgeMethod[]) {
  if (BRIDGE_METHODS[name] === 'invoke') {
    const channel = channelOf(name as InvokeMethod);
    bridge[name] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
  } else {
    bridge[name] = LOCAL_METHODS[name as Exclude<BridgeMethod, InvokeMethod>];
  }
}

contextBridge.exposeInMainWorld('station', bridge as unknown as StationBridge);
