/**
 * The text a station signs for each sync request (docs/SYNC.md, "Authentication"), and a
 * signer for tests, benchmarks and Node clients. Pure apart from the random nonce.
 */
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson, utf8 } from '../../shared/crypto/canonical';
import { base64urlEncode } from '../../shared/crypto/encoding';
import { signFast } from './ed25519Node';

export const SYNC_PURPOSE = 'polling-station/sync@1';

export const HEADER = {
  station: 'x-station-id',
  timestamp: 'x-station-timestamp',
  nonce: 'x-station-nonce',
  signature: 'x-station-signature',
} as const;

export interface SyncSigningFields {
  readonly method: string;
  /** The path with its query string, as sent (`/sync/v1/ballots/pull?checkpoint=…&limit=100`). */
  readonly path: string;
  readonly bodySha256: string;
  readonly stationId: string;
  readonly timestamp: string;
  readonly nonce: string;
}

export function bodySha256(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The canonical text the station key signs. */
export function syncSigningText(fields: SyncSigningFields): string {
  return canonicalJson({
    purpose: SYNC_PURPOSE,
    method: fields.method.toUpperCase(),
    path: fields.path,
    bodySha256: fields.bodySha256,
    stationId: fields.stationId,
    timestamp: fields.timestamp,
    nonce: fields.nonce,
  });
}

/** The four authentication headers for one request, signed with `secretKey`. */
export function signSyncRequest(args: {
  readonly method: string;
  readonly path: string;
  readonly body?: Uint8Array | string;
  readonly stationId: string;
  readonly secretKey: string;
  readonly now?: Date;
  readonly nonce?: string;
}): Record<string, string> {
  const timestamp = (args.now ?? new Date()).toISOString();
  const nonce = args.nonce ?? base64urlEncode(randomBytes(16));
  const text = syncSigningText({
    method: args.method,
    path: args.path,
    bodySha256: bodySha256(args.body ?? ''),
    stationId: args.stationId,
    timestamp,
    nonce,
  });
  return {
    [HEADER.station]: args.stationId,
    [HEADER.timestamp]: timestamp,
    [HEADER.nonce]: nonce,
    [HEADER.signature]: signFast(utf8(text), args.secretKey),
  };
}
