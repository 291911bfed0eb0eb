/**
 * The renderer's built files (dist/renderer) for every path outside /api: GET and HEAD only,
 * through the HTTP toolkit's path guard (server/http/static.ts); index.html for client routes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { safeSegments, sendFile, staticFileFor } from '../../server/http/static';
import { HostError } from './replies';

export function serveRendererFile(req: IncomingMessage, res: ServerResponse, staticDir: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    throw new HostError(405, 'method not allowed');
  }
  const target = req.url ?? '/';
  const found = staticFileFor(staticDir, target);
  if (found) {
    sendFile(res, found.path, { cacheControl: 'no-cache', headOnly: req.method === 'HEAD' });
    return;
  }
  const segments = safeSegments(target);
  const clientRoute = segments !== null && extname(segments.at(-1) ?? '') === '';
  if (clientRoute && !existsSync(join(staticDir, 'index.html'))) throw new HostError(404, `no index.html in ${staticDir} (build the renderer first)`);
  throw new HostError(404, 'not found');
}
