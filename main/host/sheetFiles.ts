/**
 * `GET /api/sheets/NAME.pdf`: a stored sheet, the same bytes every time (a reprint), for the
 * HTTP bridge's `sheetUrl` (main/services/stationSheets.ts keeps them in the data folder).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readSheetFile } from '../services/stationSheets';
import { HostError } from './replies';

export function serveSheetFile(req: IncomingMessage, res: ServerResponse, dataDir: string, name: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    throw new HostError(405, 'method not allowed');
  }
  const bytes = readSheetFile(dataDir, name);
  if (!bytes) throw new HostError(404, 'no such sheet');
  res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': bytes.length, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
