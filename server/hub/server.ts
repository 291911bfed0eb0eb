/**
 * The station hub (issue 16, docs/HUB.md): HTTPS with the hub's own certificate, in the lead's
 * main process, over the hub's PGlite database (`<data>/hub/db`: the district's tables and
 * storage functions, plus the hub's own). Desks pair with a code, then sign every request; the
 * lead's windows are answered in-process as the desk `lead`.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { issue, ValidationError } from '../../shared/election/issues';
import { HUB_OFFER_FORMAT, HUB_PATH, type PairingOffer } from '../../shared/hub/protocol';
import { runMigrations } from '../db/migrations';
import { openDb } from '../db/open';
import type { Db } from '../db/types';
import { closeAfterReply, DEFAULT_CONNECTION_LIMITS, guardServer } from '../http/guard';
import { BodyTooLargeError, readBody, sendJsonText } from '../http/io';
import { DEFAULT_LIMITS } from '../sync/routes';
import { bodyHash } from '../sync/signing';
import { checkDeskHeaders, findMismatch, headerIdentity, pruneDeskNonces, signedByDesk, verifyDeskRequest } from './auth';
import { loadOrCreateHubCertificate } from './certificate';
import { deskSummary, enrolLead, listDesks, revokeDesk } from './desks';
import { LOOPBACK_LISTEN, startListening } from './listen';
import { HUB_MIGRATION_SET } from './migrations';
import { PairingCodes } from './pairing';
import { refusal, replyForError } from './replies';
import { serverTiming } from './serverTiming';
import { answerPair, dispatch, hubRulesOf, PAIR_PATH } from './routes';
import type { Hub, HubOptions, HubReply } from './types';

/** A pairing request is a few hundred bytes. */
const PAIR_MAX_BYTES = 8 * 1024;
const PRUNE_EVERY_MS = 60_000;

/** The hub's database: the district's migrations, then the hub's. */
export async function openHubDb(dataDir: string, template?: Blob): Promise<Db> {
  const dir = join(dataDir, 'db');
  const db = await openDb({ dataDir: dir, template: existsSync(dir) ? undefined : template });
  try {
    await runMigrations(db, HUB_MIGRATION_SET);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const now = options.now ?? (() => new Date());
  const { station } = options;
  const tls = loadOrCreateHubCertificate(options.dataDir);
  const db = await openHubDb(options.dataDir, options.dbTemplate);
  let lead;
  try {
    lead = await enrolLead(db, options.leadPublicKey, now());
  } catch (error) {
    await db.close();
    throw error;
  }
  const codes = new PairingCodes(db, tls.fingerprint);
  const records = hubRulesOf(station.packageText);

  /** A desk's request over HTTPS: its headers, then its body, then its signature, then its identity. */
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<HubReply> {
    const url = new URL(req.url ?? '/', 'https://hub');
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith(`${HUB_PATH}/`)) return refusal(404, 'sync.notFound', { path: url.pathname.slice(0, 200) });
    if (method !== 'GET' && method !== 'POST') return refusal(405, 'sync.notFound', { path: `${method} ${url.pathname.slice(0, 200)}` });
    if (url.pathname === PAIR_PATH) {
      if (method !== 'POST') return refusal(405, 'sync.notFound', { path: `${method} ${url.pathname}` });
      const body = await readBody(req, PAIR_MAX_BYTES);
      return answerPair(db, codes, station, body.toString('utf8'), now());
    }
    const checked = await checkDeskHeaders(db, req.headers, now());
    if (checked === null) {
      // Refused before a byte of the body is read; the connection is closed once answered.
      closeAfterReply(req, res);
      return refusal(401, 'hub.unauthorized');
    }
    const hash = bodyHash();
    const body = method === 'POST' ? await readBody(req, DEFAULT_LIMITS.maxBodyBytes, (piece) => hash.update(piece)) : Buffer.alloc(0);
    const path = req.url ?? url.pathname;
    const signed = { method, path, bodySha256: hash.digest('hex') };
    if (!checked.inWindow && signedByDesk(checked, signed)) return refusal(401, 'hub.clockSkew', { at: checked.timestamp, receivedAt: now().toISOString() });
    if (!(await verifyDeskRequest(db, checked, signed, now()))) return refusal(401, 'hub.unauthorized');
    const mismatch = findMismatch(headerIdentity(req.headers), station);
    if (mismatch !== null) return refusal(409, 'hub.mismatch', { ...mismatch });
    return dispatch(db, station, checked.desk, { method, path, body: body.toString('utf8') }, now(), records);
  }

  const server = createServer({ key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' }, (req, res) => {
    const arrived = performance.now();
    answer(req, res)
      .catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          closeAfterReply(req, res);
          return refusal(413, 'sync.tooLarge', { maximum: error.maxBytes });
        }
        return replyForError(error);
      })
      .then((reply) => {
        if (!res.headersSent) sendJsonText(res, reply.status, reply.body, { 'server-timing': serverTiming(performance.now() - arrived) });
      })
      .catch(() => res.destroy());
  });
  guardServer(server, DEFAULT_CONNECTION_LIMITS);
  let listener;
  try {
    listener = await startListening(server, options.listen ?? LOOPBACK_LISTEN);
  } catch (error) {
    await db.close();
    throw error;
  }
  const pruner = setInterval(() => void pruneDeskNonces(db, now()).catch(() => undefined), PRUNE_EVERY_MS);
  pruner.unref();
  const hubListener = listener;
  const leadDesk = lead;

  return {
    get url() {
      return hubListener.url;
    },
    fingerprint: tls.fingerprint,
    get listen() {
      return hubListener.at;
    },
    db,
    async offer(): Promise<PairingOffer> {
      const { code } = await codes.issue(now());
      return { format: HUB_OFFER_FORMAT, hub: hubListener.url, fingerprint: tls.fingerprint, code, stationId: station.stationId, electionHash: station.electionHash, softwareVersion: station.softwareVersion };
    },
    async desks() {
      return (await listDesks(db)).map(deskSummary);
    },
    async revoke(deskId) {
      if (!(await revokeDesk(db, deskId, now()))) throw new ValidationError([issue('hub.unknownDesk', [], { desk: deskId.slice(0, 100) })]);
    },
    handleAsLead(request) {
      return dispatch(db, station, leadDesk, request, now(), records);
    },
    relisten(to) {
      return hubListener.move(to);
    },
    async close() {
      clearInterval(pruner);
      await hubListener.stop();
      await db.close();
    },
  };
}
