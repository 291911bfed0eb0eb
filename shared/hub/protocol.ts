/**
 * The station hub's contract (issue 16): the lead machine (主机) runs the hub; desk machines
 * (发票台 / 录入台) pair with it and replicate their records to it. Pure: the hub
 * (server/hub/), the lead's and a desk's main (main/services/hub/) and the renderer build on it.
 * docs/HUB.md is the prose; DECISIONS "one station, many desks" says why it is so.
 *
 * Transport: HTTPS (TLS ≥ 1.2) to the hub's self-signed certificate, pinned by its SHA-256
 * fingerprint — from the pairing QR, or, for a code typed by hand, bound into the pairing proof
 * (a relay with another certificate cannot present a valid proof to the hub).
 * Every request after pairing is signed by the desk's own Ed25519 key, like a station's sync
 * request to the district (docs/SYNC.md), with the desk's headers below.
 */
import { canonicalJson } from '../crypto/canonical';
import { base64urlDecode, base64urlEncode } from '../crypto/encoding';

export const HUB_PURPOSE = 'polling-station/hub@1';
export const HUB_OFFER_FORMAT = 'polling-station/hub-offer@1';
/** Every hub endpoint is under this path. */
export const HUB_PATH = '/hub/v1';
/** The default port a lead's hub listens on. */
export const HUB_DEFAULT_PORT = 47_800;

/** No 0/O, 1/I/L: a code read aloud or typed from the lead's screen. 31 symbols. */
export const PAIRING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PAIRING_CODE_LENGTH = 8;
/** A pairing code is single-use and expires 5 minutes after the lead shows it. */
export const PAIRING_TTL_MS = 5 * 60_000;

/** The lead (主机) owns the polling-day state; desks issue ballots or enter ballots. */
export type DeskRole = 'lead' | 'checkin' | 'count';
export const DESK_ROLES: readonly DeskRole[] = ['lead', 'checkin', 'count'];

/** What the lead's pairing QR holds (and what a desk needs to pair). */
export interface PairingOffer {
  readonly format: typeof HUB_OFFER_FORMAT;
  /** `https://host:port` of the hub. */
  readonly hub: string;
  /** Lower-case hex SHA-256 of the hub certificate's DER. */
  readonly fingerprint: string;
  readonly code: string;
  readonly stationId: string;
  readonly electionHash: string;
  readonly softwareVersion: string;
}

const OFFER_PREFIX = 'PSHUB1:';

export function encodePairingOffer(offer: PairingOffer): string {
  return OFFER_PREFIX + base64urlEncode(new TextEncoder().encode(canonicalJson(offer)));
}

/** The offer a QR or pasted text holds; null when it is not one. */
export function decodePairingOffer(text: string): PairingOffer | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith(OFFER_PREFIX)) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64urlDecode(trimmed.slice(OFFER_PREFIX.length))));
    if (typeof value !== 'object' || value === null) return null;
    const o = value as Record<string, unknown>;
    const strings = ['hub', 'fingerprint', 'code', 'stationId', 'electionHash', 'softwareVersion'] as const;
    if (o['format'] !== HUB_OFFER_FORMAT || strings.some((key) => typeof o[key] !== 'string')) return null;
    if (!/^[0-9a-f]{64}$/.test(o['fingerprint'] as string) || !isPairingCode(o['code'] as string)) return null;
    return {
      format: HUB_OFFER_FORMAT,
      hub: o['hub'] as string,
      fingerprint: o['fingerprint'] as string,
      code: o['code'] as string,
      stationId: o['stationId'] as string,
      electionHash: o['electionHash'] as string,
      softwareVersion: o['softwareVersion'] as string,
    };
  } catch {
    return null;
  }
}

/** A code as typed: upper-cased, spaces and dashes dropped. */
export function normalizePairingCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export function isPairingCode(code: string): boolean {
  return code.length === PAIRING_CODE_LENGTH && [...code].every((c) => PAIRING_CODE_ALPHABET.includes(c));
}

/**
 * What the pairing proof covers: the desk proves it knows the code for exactly this hub
 * certificate, this desk key and this station's package. Proof = hex HMAC-SHA-256 keyed by the
 * code's UTF-8 over the UTF-8 of this text; the code itself never crosses the network.
 */
export function pairingProofText(args: { readonly fingerprint: string; readonly deskPublicKey: string; readonly stationId: string; readonly electionHash: string }): string {
  return canonicalJson({ purpose: `${HUB_PURPOSE}/pair`, fingerprint: args.fingerprint, deskPublicKey: args.deskPublicKey, stationId: args.stationId, electionHash: args.electionHash });
}

/** `POST /hub/v1/pair` (no desk headers: the proof is the credential). */
export interface PairRequest {
  readonly stationId: string;
  readonly electionHash: string;
  readonly softwareVersion: string;
  /** Shown on the lead's list of desks, e.g. 发票台 2. 1–40 characters. */
  readonly deskName: string;
  readonly role: Exclude<DeskRole, 'lead'>;
  /** base64url of the desk's raw 32-byte Ed25519 public key. */
  readonly deskPublicKey: string;
  readonly proof: string;
}

export interface PairReply {
  readonly deskId: string;
  readonly deskName: string;
  readonly role: DeskRole;
  readonly stationId: string;
  readonly electionHash: string;
  readonly pairedAt: string;
}

/** The headers of every request after pairing. */
export const DESK_HEADER = {
  desk: 'x-desk-id',
  timestamp: 'x-desk-timestamp',
  nonce: 'x-desk-nonce',
  signature: 'x-desk-signature',
  /** Checked on every request: a desk of another package, station or version is refused (which one is named). */
  electionHash: 'x-election-hash',
  station: 'x-station-id',
  softwareVersion: 'x-software-version',
} as const;

/** The text a desk signs for one request (cf. syncSigningText of docs/SYNC.md). */
export function deskSigningText(args: {
  readonly method: string;
  readonly path: string;
  readonly bodySha256: string;
  readonly deskId: string;
  readonly timestamp: string;
  readonly nonce: string;
}): string {
  return canonicalJson({ purpose: HUB_PURPOSE, method: args.method.toUpperCase(), path: args.path, bodySha256: args.bodySha256, deskId: args.deskId, timestamp: args.timestamp, nonce: args.nonce });
}

/** Which part of a desk's identity differs from the hub's. */
export type HubMismatch = 'package' | 'station' | 'version';

/** A desk as the lead lists it. */
export interface DeskSummary {
  readonly deskId: string;
  readonly deskName: string;
  readonly role: DeskRole;
  readonly pairedAt: string;
  readonly lastContact: string | null;
  readonly revokedAt: string | null;
}

/**
 * `POST /hub/v1/checkin` body: the check-in a desk is about to issue, committed at the hub first
 * (compare-and-set on the voter's check-in record of the round). Answer 200 `{ ok: true }`, or
 * 409 with the shared error body and one of the `hub.*` refusal codes (who, when, which desk).
 */
export interface CheckinClaim {
  readonly record: Readonly<Record<string, unknown>> & { readonly id: string };
}

/**
 * `POST /hub/v1/count-table` (a count desk): the desk asks for (`take: false`) or takes (`take:
 * true`) the count table `table` (1…9) and entry `entry` of round `round` before it enters a
 * ballot there — two machines at the same table and entry would number the same papers. Answer
 * 200 `CountTableHeld` (free, or held by this desk), or 409 `hub.tableClaimed` naming the desk
 * that holds it, its clerk and when. Table 0 is the lead's (`hub.tableOfLead`).
 */
export interface CountTableClaim {
  readonly round: number;
  readonly table: number;
  readonly entry: 'A' | 'B';
  readonly clerk: string;
  readonly take: boolean;
}

export interface CountTableHeld {
  /** This desk holds it (`take`, or taken before); false: free, not taken (an ask). */
  readonly held: boolean;
}

export const COUNT_TABLE_PATH = `${HUB_PATH}/count-table`;

/**
 * `GET /hub/v1/heads`: the highest sequence number of each collection's records at the hub (0
 * when it holds none). A record stored or changed raises its collection's head, so a desk pulls
 * a collection when its head moved instead of pulling every collection on every tick.
 */
export const HEADS_PATH = `${HUB_PATH}/heads`;
export interface HubHeads {
  readonly heads: Readonly<Record<string, number>>;
}

/** An inconsistency found when a partitioned desk's records merged (异常), for the 总监票人. */
export type AnomalyKind = 'duplicateCheckin' | 'proxyLimit' | 'stockOverdrawn' | 'afterClose' | 'ballotCollision';

export interface Anomaly {
  readonly id: string;
  readonly kind: AnomalyKind;
  readonly round: number;
  /** The voter (duplicateCheckin, afterClose) or the proxy holder (proxyLimit); the ballot id (ballotCollision); null for stock. */
  readonly voterId: string | null;
  /** The records in question, each with the desk that made it. */
  readonly records: readonly (Readonly<Record<string, unknown>> & { readonly id: string })[];
  readonly detectedAt: string;
  readonly resolution: AnomalyResolution | null;
}

export interface AnomalyResolution {
  /** Which record stands (for duplicates: the check-in record's desk + time key), or null when none. */
  readonly standing: string | null;
  readonly reason: string;
  readonly by: { readonly clerk: string; readonly desk: string };
  readonly at: string;
}
