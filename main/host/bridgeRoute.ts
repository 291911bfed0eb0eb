/**
 * `POST /api/bridge/NAME`: the bridge's HTTP door. The JSON body is the argument array; the
 * call goes through `dispatchBridgeCall` — the same input schemas and services as Electron's IPC
 * (main/electron/ipc.ts) — and the answer is the result as JSON (204 when there is none).
 *
 *   404 not an `invoke` method of the contract · 405 not a POST · 415 not application/json
 *   400 not a JSON array, arguments the schema refuses, a text main refuses to sign
 *   409 a recovery id that is not the pending one, a ballot id the journal holds with other contents · 413 a body over MAX_BODY_BYTES
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BridgeInputError, dispatchBridgeCall, invokeEntryOf, type BridgeContract, type ServicesOf } from '../../shared/bridge/define';
import { MAX_BODY_BYTES } from '../../shared/bridge/limits';
import { readBody, sendJson } from '../../server/http/io';
import { JournalConflict, RecoveryRefused } from '../services/journal';
import { SyncSigningRefused } from '../services/syncSigning';
import { requireJsonBody } from './admission';
import { HostError } from './replies';

/** A contract and the services that answer it. */
export interface BridgeDoor<C extends BridgeContract = BridgeContract> {
  readonly contract: C;
  readonly services: ServicesOf<C>;
}

/** The status of a call a service refused (its own checks), or null for a failure (500). */
function refusalStatus(error: unknown): number | null {
  if (error instanceof BridgeInputError || error instanceof SyncSigningRefused) return 400;
  if (error instanceof RecoveryRefused || error instanceof JournalConflict) return 409;
  return null;
}

async function readArguments(req: IncomingMessage): Promise<unknown[]> {
  requireJsonBody(req);
  const body = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
  let args: unknown;
  try {
    args = JSON.parse(body);
  } catch {
    throw new HostError(400, 'the request body is not JSON');
  }
  if (!Array.isArray(args)) throw new HostError(400, 'the request body must be a JSON array of the arguments');
  return args as unknown[];
}

/** Serves the call of `method` (the path segment after /api/bridge/, still encoded). */
export async function serveBridgeCall(req: IncomingMessage, res: ServerResponse, encodedMethod: string, door: BridgeDoor): Promise<void> {
  let method: string;
  try {
    method = decodeURIComponent(encodedMethod);
  } catch {
    throw new HostError(404, 'no such API route');
  }
  if (invokeEntryOf(door.contract, method) === null) throw new HostError(404, 'no such API route');
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    throw new HostError(405, 'method not allowed');
  }
  const args = await readArguments(req);
  let result: unknown;
  try {
    result = await dispatchBridgeCall(door.contract, door.services, method, args);
  } catch (error) {
    const status = refusalStatus(error);
    if (status === null) throw error;
    throw new HostError(status, error instanceof BridgeInputError ? error.detail : (error as Error).message);
  }
  if (result === undefined) {
    res.writeHead(204, { 'cache-control': 'no-store' });
    res.end();
    return;
  }
  sendJson(res, 200, result);
}
