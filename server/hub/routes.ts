/**
 * What the hub answers (docs/HUB.md): `POST /hub/v1/pair` from anyone (the proof is the
 * credential), and, for an authenticated desk (or the lead in-process), `GET /hub/v1/hello`,
 * `GET /hub/v1/package` and the record endpoints (server/hub/records/).
 */
import { HUB_PATH, type PairReply } from '../../shared/hub/protocol';
import type { Db } from '../db/types';
import { parseJsonText } from '../http/io';
import { findMismatch, type HubIdentity } from './auth';
import { pairDesk, type DeskRow } from './desks';
import { PairingCodes, readPairRequest } from './pairing';
import { handleHubRecords, type HubRecordsOptions } from './records/handle';
import type { HubRules } from './records/push';
import { electionRules } from '../../shared/election/profile';
import type { ElectionDefinition } from '../../shared/election/schemas';
import { ok, refusal, refusalOf, replyForError } from './replies';
import type { HelloReply, HubReply, HubRequest, HubStation, PackageReply } from './types';

/** Another pairing used the code between the check and this one's transaction: rolled back. */
class CodeTaken extends Error {}

export const PAIR_PATH = `${HUB_PATH}/pair`;
const HELLO_PATH = `${HUB_PATH}/hello`;
const PACKAGE_PATH = `${HUB_PATH}/package`;

function identityOf(station: HubStation): HubIdentity {
  return { stationId: station.stationId, electionHash: station.electionHash, softwareVersion: station.softwareVersion };
}

/** Refusals: 400 a malformed request, 403 a code that may not pair (each its own code), 409 another package / station / version. */
export async function answerPair(db: Db, codes: PairingCodes, station: HubStation, body: string, now: Date): Promise<HubReply> {
  try {
    const request = readPairRequest(parseJsonText(body));
    if (typeof request === 'string') return refusal(400, 'sync.badRequest', { detail: request });
    const checked = await codes.check(request, now);
    if (!checked.ok) return refusalOf(403, [checked.refusal]);
    const mismatch = findMismatch(request, identityOf(station), true);
    if (mismatch !== null) return refusal(409, 'hub.mismatch', { ...mismatch });
    let desk;
    try {
      desk = await db.transaction(async (tx) => {
        const paired = await pairDesk(tx, { name: request.deskName, role: request.role, publicKey: request.deskPublicKey }, now);
        if (paired === null) return null;
        // Used up in the same transaction: a second pairing with the code finds it used.
        if (!(await PairingCodes.consume(tx, checked.hash, paired.id, now))) throw new CodeTaken();
        return paired;
      });
    } catch (error) {
      if (error instanceof CodeTaken) return refusal(403, 'hub.codeUsed');
      throw error;
    }
    if (desk === null) return refusal(403, 'hub.unauthorized');
    const reply: PairReply = { deskId: desk.id, deskName: desk.name, role: desk.role, stationId: station.stationId, electionHash: station.electionHash, pairedAt: desk.pairedAt };
    return ok(reply);
  } catch (error) {
    return replyForError(error);
  }
}

/** The rules the hub enforces across desks, from the package's election (its profile); the defaults when unreadable. */
export function hubRulesOf(packageText: string): HubRecordsOptions {
  try {
    const election = (JSON.parse(packageText) as { election?: ElectionDefinition }).election;
    if (election === undefined) return {};
    const rules: HubRules = { maxProxiesPerHolder: electionRules(election).maxProxiesPerHolder };
    return { rules };
  } catch {
    return {};
  }
}

/** A request of an authenticated desk (its identity already checked against the hub's). */
export async function dispatch(db: Db, station: HubStation, desk: DeskRow, request: HubRequest, now: Date, records: HubRecordsOptions = {}): Promise<HubReply> {
  try {
    const pathname = request.path.split('?', 1)[0]!;
    if (pathname === HELLO_PATH && request.method === 'GET') {
      const hello: HelloReply = { desk: { deskId: desk.id, deskName: desk.name, role: desk.role }, ...identityOf(station), time: now.toISOString() };
      return ok(hello);
    }
    if (pathname === PACKAGE_PATH && request.method === 'GET') {
      const reply: PackageReply = { packageText: station.packageText };
      return ok(reply);
    }
    if (pathname === HELLO_PATH || pathname === PACKAGE_PATH || pathname === PAIR_PATH) return refusal(405, 'sync.notFound', { path: `${request.method} ${pathname}` });
    return await handleHubRecords(db, { stationId: station.stationId, desk: { id: desk.id, name: desk.name, role: desk.role }, now }, request, records);
  } catch (error) {
    return replyForError(error);
  }
}
