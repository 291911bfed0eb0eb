/**
 * The bridge's IPC handlers in main: one `ipcMain.handle('station:NAME')` per `invoke` method of
 * the contract (shared/bridge/methods.ts). Each call is refused unless it comes from the top
 * frame of an app page (`event.senderFrame`, security.ts); then `dispatchBridgeCall` checks its
 * arguments with the method's input schema and calls the service — the same dispatch, schemas
 * and services (main/services/nodeBridge.ts) as the Node host's POST /api/bridge/NAME.
 *
 * `ipcMain` is a parameter (a structural type), so tests pass a fake; no electron import here.
 */
import { BridgeInputError, dispatchBridgeCall, invokeMethodsOf, type BridgeContract, type InvokeMethodOf, type ServicesOf } from '../../shared/bridge/define';
import { BRIDGE_METHODS, type StationContract } from '../../shared/bridge/methods';
import { channelOf } from './channels';
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

export class UntrustedSenderError extends Error {
  constructor(method: string, url: string | undefined) {
    super(`${method}: refused: the call did not come from the app (${url ?? 'no frame'})`);
    this.name = 'UntrustedSenderError';
  }
}

export interface BridgeHandlerOptions<C extends BridgeContract = StationContract> {
  /** Told of every refused call (wrong sender or invalid arguments). */
  readonly onRefused?: (method: InvokeMethodOf<C>, reason: string) => void;
  /** The methods to serve; default the StationBridge's. */
  readonly contract?: C;
}

/** Registers a handler per `invoke` method (of the StationBridge, or of `options.contract`); returns a function that removes them all. */
export function registerBridgeHandlers<C extends BridgeContract = StationContract>(ipcMain: IpcMainLike, services: ServicesOf<C>, options: BridgeHandlerOptions<C> = {}): () => void {
  const contract: BridgeContract = options.contract ?? BRIDGE_METHODS;
  const methods = invokeMethodsOf(contract);
  for (const method of methods) {
    ipcMain.handle(channelOf(method), async (event, ...args) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame)) {
        const error = new UntrustedSenderError(method, frame?.url);
        options.onRefused?.(method as InvokeMethodOf<C>, error.message);
        throw error;
      }
      try {
        return await dispatchBridgeCall(contract, services, method, args);
      } catch (error) {
        if (error instanceof BridgeInputError && error.method === method) options.onRefused?.(method as InvokeMethodOf<C>, error.message);
        throw error;
      }
    });
  }
  return () => {
    for (const method of methods) ipcMain.removeHandler(channelOf(method));
  };
}
