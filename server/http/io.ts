/**
 * The Node HTTP toolkit of both servers — the district server and the station host
 * (main/host), which imports it (docs/DECISIONS.md): bounded request bodies, the request's
 * media type, JSON replies, Server-Sent Events. Then the district's own error replies:
 * `{ code, message, issues }` (the station host answers `{ error }`, main/host/replies.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeIssueBilingual, issue, type IssueCode, type ValidationIssue } from '../../shared/election/issues';
import { LIMITS } from '../../shared/election/limits';
import { checkTextLimits } from '../../shared/election/parse';

/** A request body over the server's limit (declared or sent): answered 413 by each server. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`request body over ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * The whole body; throws BodyTooLargeError as soon as it (or its content-length) is over `maxBytes`.
 * `onPiece` sees each piece as it arrives (a reader that works while the body is still coming).
 */
export async function readBody(req: IncomingMessage, maxBytes: number, onPiece?: (piece: Buffer) => void): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  // Listeners, not `for await`: leaving a `for await` destroys the request and its socket, so the
  // 413 would never reach a client still sending; the caller answers and then closes.
  return new Promise<Buffer>((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        chunks.length = 0;
        req.pause();
        reject(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
      onPiece?.(chunk);
    };
    const onEnd = () => {
      stop();
      resolveBody(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onAborted = () => onError(new Error('aborted'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('aborted', onAborted);
  });
}

/** The request's media type, lower-case, without parameters (`application/json`), or ''. */
export function mediaTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendJsonText(res, status, JSON.stringify(value));
}

/** A reply whose JSON text is made already. */
export function sendJsonText(res: ServerResponse, status: number, body: string, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/** A file to download (`content-disposition: attachment`), its name kept in UTF-8 (RFC 6266/5987). */
export function sendAttachment(res: ServerResponse, type: string, name: string, body: string | Uint8Array): void {
  res.writeHead(200, {
    'content-type': type,
    'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/** Start a Server-Sent Events response. */
export function startEvents(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
}

export function sendEvent(res: ServerResponse, data: unknown): void {
  res.write(`data: ${JSON.stringify(data)}\n\n`);
}

// ---- The district server's errors: `{ code, message, issues }` -------------------------------

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(issues[0] ? describeIssueBilingual(issues[0]) : `HTTP ${status}`);
  }
  static of(status: number, code: IssueCode, params?: Record<string, string | number>): HttpError {
    return new HttpError(status, [issue(code, [], params)]);
  }
}

export function parseJsonBody(body: Buffer): unknown {
  return parseJsonText(body.toString('utf8'));
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw HttpError.of(400, 'json.malformed', { detail: (error as Error).message });
  }
}

/**
 * A JSON body checked before it is parsed (shared/election/parse.ts `checkTextLimits`, the one
 * pre-check): over `maxBytes` is a 413, nested deeper than `maxDepth` a 400 `input.tooDeep`
 * ("nesting too deep") — a hostile body is refused for what it is, never a 500 from a parser or
 * a recursive walk.
 */
export function parseCheckedJson(body: Buffer, maxBytes: number, maxDepth: number = LIMITS.jsonDepth): unknown {
  const text = body.toString('utf8');
  const refused = checkTextLimits(text, { maxBytes, maxDepth });
  if (refused.length > 0) throw new HttpError(refused[0]!.code === 'input.tooLarge' ? 413 : 400, refused);
  return parseJsonText(text);
}

/** `{ code, message, issues }`: the first issue's code and its zh/en text, then every issue. */
export function errorBody(issues: readonly ValidationIssue[]): Record<string, unknown> {
  const first = issues[0];
  return {
    code: first?.code ?? 'sync.serverError',
    message: first ? describeIssueBilingual(first) : 'error',
    issues: issues.map((found) => ({ ...found, message: describeIssueBilingual(found) })),
  };
}

export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof BodyTooLargeError) error = HttpError.of(413, 'sync.tooLarge', { maximum: error.maxBytes });
  if (error instanceof HttpError) {
    sendJson(res, error.status, errorBody(error.issues));
    return;
  }
  console.error('[district] request failed:', error);
  sendJson(res, 500, errorBody([issue('sync.serverError', [])]));
}
