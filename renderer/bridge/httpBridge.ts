/**
 * The bridge over HTTP: the browser build's door to `main/host`, generated from the method list
 * as the preload is. Each `invoke` method is `POST /api/bridge/NAME` with its arguments as a
 * JSON array (main checks them with the same schemas as Electron's IPC); the answer is the
 * method's result as JSON (204: none). `baseUrl` is '' when the page is served by the host itself.
 */
import { bridgeRouteOf, HOST_SECRET_HEADER, type BridgeContract } from '../../shared/bridge/define';
import { BRIDGE_METHODS } from '../../shared/bridge/methods';
import type { StationBridge } from '../../shared/bridge/StationBridge';

async function failure(response: Response, what: string): Promise<Error> {
  let detail = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string') detail = `${response.status} ${body.error}`;
  } catch {
    // not JSON: keep the status line
  }
  return new Error(`${what} failed: ${detail}`);
}

/**
 * A client of every method of `contract`: `invoke` ones over HTTP, `local` ones from `locals`.
 * `B` is the interface the contract describes (tsc checks the station's in methods.ts).
 * `secret`: the host's session secret, sent as a header — for Node callers (tests, tools); a page
 * opened through the launch URL has it as a cookie and leaves it out.
 */
export function createHttpClient<B extends object>(contract: BridgeContract, baseUrl: string, locals: Partial<B>, secret?: string): B {
  const base = baseUrl.replace(/\/+$/, '');
  const client: Record<string, unknown> = {};
  for (const [method, entry] of Object.entries(contract)) {
    if (entry.kind === 'local') {
      const local = (locals as Record<string, unknown>)[method];
      if (typeof local !== 'function') throw new Error(`createHttpClient: no local implementation of ${method}`);
      client[method] = local;
      continue;
    }
    client[method] = async (...args: unknown[]): Promise<unknown> => {
      // An omitted optional argument is left out (JSON would make it null).
      let length = args.length;
      while (length > 0 && args[length - 1] === undefined) length--;
      const response = await fetch(`${base}${bridgeRouteOf(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { [HOST_SECRET_HEADER]: secret }) },
        body: JSON.stringify(args.slice(0, length)),
        cache: 'no-store',
      });
      if (!response.ok) throw await failure(response, entry.label);
      if (response.status === 204) return undefined;
      return (await response.json()) as unknown;
    };
  }
  return client as B;
}

/** The StationBridge over HTTP; stored sheets are the host's `GET /api/sheets/NAME`. */
export function createHttpBridge(baseUrl = '', secret?: string): StationBridge {
  const base = baseUrl.replace(/\/+$/, '');
  return createHttpClient<StationBridge>(
    BRIDGE_METHODS,
    base,
    {
      sheetUrl: (file: string) => `${base}/api/sheets/${encodeURIComponent(file)}`,
    },
    secret,
  );
}
