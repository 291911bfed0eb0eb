/**
 * The StationBridge's IPC handlers in main: one `ipcMain.handle('station:NAME')` per `invoke`
 * method of bridgeMethods.ts. Each call is refused unless it comes from the top frame of an app
 * page (`event.senderFrame`, security.ts), its arguments are validated (bridgeInputs.ts), and
 * only then the service is called — the same functions as the Node host's routes
 * (main/services/nodeBridge.ts).
 *
 * `ipcMain` is a parameter (a structural type), so tests pass a fake; no electron import here.
 */
import type { StationBridge } from '../../renderer/bridge/StationBridge';
import { INVOKE_METHODS, channelOf, type InvokeMethod } from './bridgeMethods';
import { validateBridgeArgs } from './bridgeInputs';
import { isTrustedSender, type SenderFrame } from './security';

/** The part of Electron's IpcMainInvokeEvent the handlers read. */
export interface InvokeEventLike {
  readonly senderFrame: SenderFrame | null;
}

/** The part of Electron's IpcMain the handlers use. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The services behind the bridge: the `invoke` methods of a StationBridge (nodeBridge(dataDir)). */
export type BridgeServices = Required<Pick<StationBridge, InvokeMethod>>;

export class UntrustedSenderError extends Error {
  constructor(method: string, url: string | undefined) {
    super(`${method}: refused: the call did not come from the app (${url ?? 'no frame'})`);
    this.name = 'UntrustedSenderError';
  }
}

export interface BridgeHandlerOptions {
  /** Told of every refused call (wrong sender or invalid arguments). */
  readonly onRefused?: (method: InvokeMethod, reason: string) => void;
}

/** Registers a handler per bridge method; returns a function that removes them all. */
export function registerBridgeHandlers(ipcMain: IpcMainLike, services: BridgeServices, options: BridgeHandlerOptions = {}): () => void {
  for (const method of INVOKE_METHODS) {
    ipcMain.handle(channelOf(method), async (event, ...args) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame)) {
        const error = new UntrustedSenderError(method, frame?.url);
        options.onRefused?.(method, error.message);
        throw error;
      }
      let valid: unknown[];
      try {
        valid = validateBridgeArgs(method, args);
      } catch (error) {
        options.onRefused?.(method, (error as Error).message);
        throw error;
      }
      const call = services[method] as (...callArgs: unknown[]) => unknown;
      return call.apply(services, valid);
    });
  }
  return () => {
    for (const method of INVOKE_METHODS) ipcMain.removeHandler(channelOf(method));
  };
}
