/**
 * How the station host answers a refused or failed request: `{ error }` JSON with the status
 * (the HTTP client shows `STATUS error`). Everything a route throws ends here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, sendJson } from '../../server/http/io';

/** A request the host refuses, with its status. */
export class HostError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

export function sendHostError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error: message });
}

/** Answers what a route threw: its refusal, 413 (closing the connection) for a body over the limit, else 500 (logged). */
export function answerFailure(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (error instanceof BodyTooLargeError) {
    res.setHeader('connection', 'close');
    sendHostError(res, 413, error.message);
    req.resume();
    return;
  }
  if (error instanceof HostError) {
    sendHostError(res, error.status, error.message);
    return;
  }
  process.stderr.write(`host: ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  sendHostError(res, 500, error instanceof Error ? error.message : 'internal error');
}
