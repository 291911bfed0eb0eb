/**
 * Authentication of a desk's request to the hub, like a station's sync request to the district
 * (server/sync/auth.ts, the same header checks): a paired, unrevoked desk, a timestamp within
 * 5 minutes, an Ed25519 signature by the desk's key over `deskSigningText`, a nonce not seen
 * before. Any failure is the same bare refusal (401 `hub.unauthorized`): a stranger learns
 * nothing. Then the desk's package, station and software version must be the hub's (which
 * differs is named).
 */
import { utf8 } from '../../shared/crypto/canonical';
import { DESK_HEADER, deskSigningText, type HubMismatch } from '../../shared/hub/protocol';
import type { Db } from '../db/types';
import { headerValue, isRequestTimestamp, NONCE_TTL_MS, nonceIsWellFormed, withinClockWindow, type HeaderBag } from '../http/signedHeaders';
import { verifyFast } from '../sync/ed25519Node';
import { findDesk, type DeskRow } from './desks';

/** What the headers say, checked before the body is read. */
export interface DeskHeaders {
  readonly desk: DeskRow;
  readonly timestamp: string;
  readonly nonce: string;
  readonly signature: string;
  /**
   * The timestamp is within the clock window. When it is not, the request is refused — but a
   * request the desk's key signed is told so (`hub.clockSkew`, with the hub's time), since a
   * station LAN has no time server and a desk's clock may be off.
   */
  readonly inWindow: boolean;
}

/** The headers name a paired, unrevoked desk, well formed; else null. */
export async function checkDeskHeaders(db: Db, headers: HeaderBag, now: Date): Promise<DeskHeaders | null> {
  const deskId = headerValue(headers, DESK_HEADER.desk);
  const timestamp = headerValue(headers, DESK_HEADER.timestamp);
  const nonce = headerValue(headers, DESK_HEADER.nonce);
  const signature = headerValue(headers, DESK_HEADER.signature);
  if (deskId === undefined || timestamp === undefined || nonce === undefined || signature === undefined) return null;
  if (deskId.length > 100 || !isRequestTimestamp(timestamp) || !nonceIsWellFormed(nonce)) return null;
  const desk = await findDesk(db, deskId);
  if (desk === null || desk.revokedAt !== null) return null;
  return { desk, timestamp, nonce, signature, inWindow: withinClockWindow(timestamp, now) };
}

/** The signature over the request is the desk's (nothing recorded: see verifyDeskRequest). */
export function signedByDesk(checked: DeskHeaders, request: { readonly method: string; readonly path: string; readonly bodySha256: string }): boolean {
  const { desk, timestamp, nonce, signature } = checked;
  const text = deskSigningText({ method: request.method, path: request.path, bodySha256: request.bodySha256, deskId: desk.id, timestamp, nonce });
  return verifyFast(utf8(text), signature, desk.publicKey);
}

/**
 * The timestamp within the window, the signature over the request (`path` with its query, as
 * sent) and a fresh nonce; the desk's last contact is noted (at most once a second).
 */
export async function verifyDeskRequest(db: Db, checked: DeskHeaders, request: { readonly method: string; readonly path: string; readonly bodySha256: string }, now: Date): Promise<boolean> {
  const { desk, nonce } = checked;
  if (!checked.inWindow || !signedByDesk(checked, request)) return false;
  const at = now.toISOString();
  const rows = await db.query<{ fresh: boolean }>(
    `WITH n AS (
       INSERT INTO hub_nonces (desk_id, nonce, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1
     ), c AS (
       UPDATE hub_desks SET last_contact = $3
        WHERE id = $1 AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM n)
          AND (last_contact IS NULL OR last_contact < $3::timestamptz - interval '1 second')
       RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM n) AS fresh`,
    [desk.id, nonce, at],
  );
  return rows[0]?.fresh === true;
}

/** Forget nonces older than the TTL (their requests are outside the clock window anyway). */
export async function pruneDeskNonces(db: Db, now: Date): Promise<void> {
  await db.query('DELETE FROM hub_nonces WHERE seen_at < $1', [new Date(now.getTime() - NONCE_TTL_MS).toISOString()]);
}

/** What the hub is: its package (election hash), station and software version. */
export interface HubIdentity {
  readonly stationId: string;
  readonly electionHash: string;
  readonly softwareVersion: string;
}

export interface Mismatch {
  readonly which: HubMismatch;
  /** The desk's value and the hub's, as shown in the refusal. */
  readonly desk: string;
  readonly hub: string;
}

/** A hash is shown by its first 12 characters: enough to tell two packages apart on screen. */
function shown(which: HubMismatch, value: string): string {
  const text = which === 'package' && value.length > 12 ? `${value.slice(0, 12)}…` : value;
  return text === '' ? '—' : text.slice(0, 80);
}

/**
 * The first part of the desk's identity that is not the hub's (package, then station, then
 * version), or null. An empty `stationId` / `electionHash` is skipped when `allowEmpty` (a desk
 * pairing before it holds a package).
 */
export function findMismatch(desk: Partial<HubIdentity>, hub: HubIdentity, allowEmpty = false): Mismatch | null {
  const parts: readonly [HubMismatch, string | undefined, string][] = [
    ['package', desk.electionHash, hub.electionHash],
    ['station', desk.stationId, hub.stationId],
    ['version', desk.softwareVersion, hub.softwareVersion],
  ];
  for (const [which, mine, theirs] of parts) {
    if (allowEmpty && mine === '' && which !== 'version') continue;
    if (mine !== theirs) return { which, desk: shown(which, mine ?? ''), hub: shown(which, theirs) };
  }
  return null;
}

/** The identity a request's headers state. */
export function headerIdentity(headers: HeaderBag): Partial<HubIdentity> {
  const identity: { stationId?: string; electionHash?: string; softwareVersion?: string } = {};
  const stationId = headerValue(headers, DESK_HEADER.station);
  const electionHash = headerValue(headers, DESK_HEADER.electionHash);
  const softwareVersion = headerValue(headers, DESK_HEADER.softwareVersion);
  if (stationId !== undefined) identity.stationId = stationId;
  if (electionHash !== undefined) identity.electionHash = electionHash;
  if (softwareVersion !== undefined) identity.softwareVersion = softwareVersion;
  return identity;
}
