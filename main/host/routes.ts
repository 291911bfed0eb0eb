/**
 * The station host's routes: every response gets the security headers of its path (headers.ts), every
 * request is admitted (admission.ts), then
 *
 *   GET  /launch?k=SECRET      sets the session cookie, redirects to / (session.ts)
 *   /api/…                     401 without the session secret (cookie or header), then
 *   POST /api/bridge/NAME      the StationBridge's method NAME (bridgeRoute.ts)
 *   GET  /api/sheets/NAME.pdf  a stored sheet (sheetFiles.ts)
 *   other /api paths           404
 *   anything else              a file of the renderer's build (staticFiles.ts)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BRIDGE_ROUTE, LAUNCH_ROUTE } from '../../shared/bridge/define';
import { admitApiCall, admitHost } from './admission';
import { serveBridgeCall, type BridgeDoor } from './bridgeRoute';
import { setSecurityHeaders, SHEETS_ROUTE } from './headers';
import { HostError } from './replies';
import { admitSession, serveLaunch, type HostSession } from './session';
import { serveSheetFile } from './sheetFiles';
import { serveRendererFile } from './staticFiles';

export interface HostRoutes {
  readonly dataDir: string;
  readonly staticDir: string;
  readonly bridge: BridgeDoor;
  readonly session: HostSession;
}

export async function routeRequest(req: IncomingMessage, res: ServerResponse, routes: HostRoutes): Promise<void> {
  const path = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  setSecurityHeaders(res, routes.dataDir, path);
  admitHost(req);
  if (path === LAUNCH_ROUTE) {
    serveLaunch(req, res, routes.session);
    return;
  }
  if (path !== '/api' && !path.startsWith('/api/')) {
    serveRendererFile(req, res, routes.staticDir);
    return;
  }
  admitApiCall(req);
  admitSession(req, routes.session);
  if (path.startsWith(BRIDGE_ROUTE)) {
    await serveBridgeCall(req, res, path.slice(BRIDGE_ROUTE.length), routes.bridge);
    return;
  }
  if (path.startsWith(SHEETS_ROUTE)) {
    serveSheetFile(req, res, routes.dataDir, path.slice(SHEETS_ROUTE.length));
    return;
  }
  throw new HostError(404, 'no such API route');
}
