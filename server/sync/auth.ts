/**
 * Authentication of a sync request (docs/SYNC.md): an enrolled station, a timestamp within
 * 5 minutes, an Ed25519 signature by the enrolled key over the canonical request text, and a
 * nonce not seen before for that station (nonces are kept 10 minutes).
 */
import { utf8 } from '../../shared/crypto/canonical';
import type { IssueCode } from '../../shared/election/issues';
import type { Db } from '../db/types';
import { headerValue as header, isRequestTimestamp, NONCE_TTL_MS, nonceIsWellFormed, withinClockWindow, type HeaderBag } from '../http/signedHeaders';
import { findStation, type StationRow } from '../stations';
import { verifyFast } from './ed25519Node';
import { bodySha256, HEADER, syncSigningText } from './signing';

export { CLOCK_WINDOW_MS, NONCE_TTL_MS } from '../http/signedHeaders';

export type AuthOutcome =
  | { readonly ok: true; readonly station: StationRow }
  | { readonly ok: false; readonly status: 401 | 400; readonly code: IssueCode; readonly params?: Record<string, string> };

export interface AuthRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: HeaderBag;
  readonly body: Uint8Array;
  /** The body's SHA-256 (hex) when it was hashed as it arrived; else it is hashed here. */
  readonly bodySha256?: string;
}

/** The headers of a sync request that name an enrolled station within the clock window. */
export type HeaderOutcome =
  | { readonly ok: true; readonly station: StationRow; readonly timestamp: string; readonly nonce: string; readonly signature: string }
  | Extract<AuthOutcome, { ok: false }>;

/**
 * What can be checked before the body is read: the four headers well-formed, the station
 * enrolled, the timestamp within the window. A request failing here is answered without reading
 * its body, so a stranger cannot make the server buffer one.
 */
export async function authenticateHeaders(db: Db, headers: AuthRequest['headers'], now: Date = new Date()): Promise<HeaderOutcome> {
  const stationId = header(headers, HEADER.station);
  const timestamp = header(headers, HEADER.timestamp);
  const nonce = header(headers, HEADER.nonce);
  const signature = header(headers, HEADER.signature);
  if (!stationId || !timestamp || !nonce || !signature) {
    const missing = [HEADER.station, HEADER.timestamp, HEADER.nonce, HEADER.signature].filter((name) => !header(headers, name));
    return { ok: false, status: 401, code: 'sync.badHeaders', params: { header: missing.join(', ') } };
  }
  if (!isRequestTimestamp(timestamp)) return { ok: false, status: 401, code: 'sync.badHeaders', params: { header: HEADER.timestamp } };
  if (!nonceIsWellFormed(nonce)) return { ok: false, status: 401, code: 'sync.badHeaders', params: { header: HEADER.nonce } };

  const station = await findStation(db, stationId);
  if (!station) return { ok: false, status: 401, code: 'sync.unenrolled', params: { station: stationId.slice(0, 128) } };

  if (!withinClockWindow(timestamp, now)) {
    return { ok: false, status: 401, code: 'sync.clockSkew', params: { timestamp } };
  }
  return { ok: true, station, timestamp, nonce, signature };
}

export async function authenticate(db: Db, request: AuthRequest, now: Date = new Date(), checked?: HeaderOutcome): Promise<AuthOutcome> {
  const headers = checked ?? (await authenticateHeaders(db, request.headers, now));
  if (!headers.ok) return headers;
  const { station, timestamp, nonce, signature } = headers;
  const stationId = station.id;
  const text = syncSigningText({ method: request.method, path: request.path, bodySha256: request.bodySha256 ?? bodySha256(request.body), stationId, timestamp, nonce });
  if (!verifyFast(utf8(text), signature, station.publicKey)) return { ok: false, status: 401, code: 'signature.invalid' };

  const fresh = await db.query<{ fresh: boolean }>(
    `WITH n AS (
       INSERT INTO nonces (station_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1
     ), c AS (
       UPDATE stations SET last_contact = now()
        WHERE id = $1 AND EXISTS (SELECT 1 FROM n)
          AND (last_contact IS NULL OR last_contact < now() - interval '1 second')
       RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM n) AS fresh`,
    [stationId, nonce],
  );
  if (fresh[0]?.fresh !== true) return { ok: false, status: 401, code: 'sync.replayed' };
  return { ok: true, station };
}

/** Forget nonces older than the TTL (the timestamp window refuses their requests anyway). */
export async function pruneNonces(db: Db): Promise<void> {
  await db.query(`DELETE FROM nonces WHERE seen_at < now() - ($1::int * interval '1 millisecond')`, [NONCE_TTL_MS]);
}
