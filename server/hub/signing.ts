/**
 * A desk's signed headers for one hub request (shared/hub/protocol.ts `deskSigningText`,
 * `DESK_HEADER`): used by the desk's Node client (client.ts) and by tests.
 */
import { randomBytes } from 'node:crypto';
import { utf8 } from '../../shared/crypto/canonical';
import { base64urlEncode } from '../../shared/crypto/encoding';
import { DESK_HEADER, deskSigningText } from '../../shared/hub/protocol';
import { signFast } from '../sync/ed25519Node';
import { bodySha256 } from '../sync/signing';

/** Who a desk is to the hub: its id and key, and the package, station and software it runs. */
export interface DeskIdentity {
  readonly deskId: string;
  /** base64url 32-byte Ed25519 seed. */
  readonly secretKey: string;
  readonly stationId: string;
  readonly electionHash: string;
  readonly softwareVersion: string;
}

export function signDeskRequest(
  identity: DeskIdentity,
  request: { readonly method: string; readonly path: string; readonly body?: string | Uint8Array; readonly now?: Date; readonly nonce?: string },
): Record<string, string> {
  const timestamp = (request.now ?? new Date()).toISOString();
  const nonce = request.nonce ?? base64urlEncode(randomBytes(16));
  const text = deskSigningText({ method: request.method, path: request.path, bodySha256: bodySha256(request.body ?? ''), deskId: identity.deskId, timestamp, nonce });
  return {
    [DESK_HEADER.desk]: identity.deskId,
    [DESK_HEADER.timestamp]: timestamp,
    [DESK_HEADER.nonce]: nonce,
    [DESK_HEADER.signature]: signFast(utf8(text), identity.secretKey),
    [DESK_HEADER.electionHash]: identity.electionHash,
    [DESK_HEADER.station]: identity.stationId,
    [DESK_HEADER.softwareVersion]: identity.softwareVersion,
  };
}
