/**
 * The preload of the clerk's and the projector's windows (sandboxed, bundled to preload.cjs):
 * exposes exactly the StationBridge (shared/bridge/StationBridge.ts) as `window.station`, generated from the method list
 * (shared/bridge/methods.ts) — each `invoke` method forwards its arguments over IPC
 * (channels.ts), each `local` one is answered here. Nothing else of Electron or Node reaches the page.
 * It reads only each method's `kind`: its bundle gets the list as data, without the input
 * schemas (build/electron/build.ts), so it stays tiny.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_METHODS, type BridgeMethod, type LocalMethod } from '../../shared/bridge/methods';
import { channelOf, LOCAL_METHODS } from './channels';

const bridge: Record<string, unknown> = {};
for (const name of Object.keys(BRIDGE_METHODS) as BridgeMethod[]) {
  if (BRIDGE_METHODS[name].kind === 'invoke') {
    const channel = channelOf(name);
    bridge[name] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
  } else {
    bridge[name] = LOCAL_METHODS[name as LocalMethod];
  }
}

contextBridge.exposeInMainWorld('station', bridge);
