/**
 * The operator's way into a running `serve` on the embedded database. PGlite is single-process,
 * so while `serve` holds the data folder the other commands cannot open it: `serve` writes
 * `district.operator.json` (mode 0600) into the folder — its URL and a token made at start — and
 * a command that finds the folder busy sends itself there (`POST /admin/cli`, `Authorization:
 * Bearer TOKEN`); the server runs it on its own database (cli/dbCommands.ts). Whoever can read
 * the data folder is the operator already.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/types';
import { HttpError, parseCheckedJson, readBody, sendJson } from '../http/io';
import { DataDirBusyError } from '../db/dataLock';
import { CliError, openDistrictDb } from './common';
import { executeDbCommand, readDbCommand, writeReplyFiles, type DbCommand, type DbCommandReply } from './dbCommands';

export const OPERATOR_FILE = 'district.operator.json';

export interface OperatorFile {
  readonly url: string;
  readonly token: string;
  readonly pid: number;
}

export const newOperatorToken = (): string => randomBytes(32).toString('base64url');

/** Write the folder's operator file; returns its removal. */
export function writeOperatorFile(dir: string, file: OperatorFile): () => void {
  const path = join(dir, OPERATOR_FILE);
  writeFileSync(path, `${JSON.stringify(file)}\n`, { mode: 0o600 });
  return () => {
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  };
}

export function readOperatorFile(dir: string): OperatorFile | null {
  try {
    const value = JSON.parse(readFileSync(join(dir, OPERATOR_FILE), 'utf8')) as Partial<OperatorFile>;
    return typeof value.url === 'string' && typeof value.token === 'string' && typeof value.pid === 'number' ? (value as OperatorFile) : null;
  } catch {
    return null;
  }
}

/** The running server refused the command: its bilingual lines, the command's exit code. */
class ServerRefusal extends CliError {
  constructor(message: string, exitCode: number) {
    super([], exitCode);
    this.message = message;
  }
}

/** Send a command to the running server; throws when it cannot be reached. */
export async function sendToServer(operator: OperatorFile, request: DbCommand): Promise<DbCommandReply> {
  const response = await fetch(`${operator.url}/admin/cli`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as Partial<DbCommandReply> & { message?: string; exitCode?: number };
  if (!response.ok) throw new ServerRefusal(body.message ?? `HTTP ${response.status}`, body.exitCode ?? 2);
  return { output: body.output ?? '', files: body.files ?? [] };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `POST /admin/cli` on the server: the operator's command, run on the server's database. */
export async function handleOperatorCommand(db: Db, token: string | undefined, maxBodyBytes: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (req.method !== 'POST' || token === undefined || given === undefined || !sameSecret(given, token)) throw HttpError.of(403, 'sync.forbidden', { station: 'operator' });
  const request = readDbCommand(parseCheckedJson(await readBody(req, maxBodyBytes), maxBodyBytes, 80));
  if (request === null) throw HttpError.of(400, 'sync.badRequest', { detail: 'not a district command' });
  try {
    sendJson(res, 200, await executeDbCommand(db, request));
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    sendJson(res, 422, { message: error.message, exitCode: error.exitCode });
  }
}

/**
 * Run a command on the district database; when a running `serve` holds the embedded database,
 * through that server (authenticated as the operator by the folder's operator file). Files the
 * command produces are written here either way.
 */
export async function runDbCommand(dataDir: string | undefined, request: DbCommand): Promise<string> {
  let reply: DbCommandReply;
  try {
    const opened = await openDistrictDb(dataDir);
    try {
      reply = await executeDbCommand(opened.db, request);
    } finally {
      await opened.close();
    }
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error;
    const operator = readOperatorFile(error.dir);
    if (operator === null || operator.pid !== error.pid) throw error;
    try {
      reply = await sendToServer(operator, request);
    } catch (sent) {
      if (sent instanceof Error && sent.name === 'TypeError') throw error;
      throw sent;
    }
  }
  writeReplyFiles(reply);
  return reply.output;
}
