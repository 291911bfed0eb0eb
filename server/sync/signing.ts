/**
 * The text a station signs for each sync request (docs/SYNC.md, "Authentication"; built by
 * shared/station/sync.ts, as on the station), and a signer for tests, benchmarks and Node
 * clients. Pure apart from the random nonce.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { utf8 } from '../../shared/crypto/canonical';
import { base64urlEncode } from '../../shared/crypto/encoding';
import { SYNC_HEADERS, syncSigningText } from '../../shared/station/sync';
import { signFast } from './ed25519Node';

export { SYNC_PURPOSE, syncSigningText, type SyncSigningFields } from '../../shared/station/sync';

/** The signed-request headers as Node delivers them (lower case): shared/station/sync.ts's names. */
export const HEADER = Object.fromEntries(Object.entries(SYNC_HEADERS).map(([key, name]) => [key, name.toLowerCase()])) as {
  readonly [K in keyof typeof SYNC_HEADERS]: Lowercase<(typeof SYNC_HEADERS)[K]>;
};

export function bodySha256(body: Uint8Array | string): string {
  return bodyHash().update(body).digest('hex');
}

/** The hash `bodySha256` takes, to be fed a body piece by piece as it arrives (`.digest('hex')` at the end). */
export function bodyHash(): Hash {
  return createHash('sha256');
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
