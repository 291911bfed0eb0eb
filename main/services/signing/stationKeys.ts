/**
 * Where the station key lives, for the signing services: the station's data folder
 * (`station-key.json`, through `main/services/keys`) or, for the `sheet` command's `--key`, any
 * key file of the same format (read, checked and made by keys.ts, the one key-file reader).
 * Callers get the public key and a signing function, never the secret key.
 */
import type { SignResultArgs } from '../../../shared/crypto/signed';
import type { SignedResult } from '../../../shared/election/schemas';
import { loadOrCreateKeyFile, loadOrCreateStationKey, signResultWithStationKey, stationKeyPath } from '../keys';

/** The station's data folder, or an explicit key file (created if missing, mode 0600). */
export type KeySource = { readonly dataDir: string } | { readonly keyFile: string };

export interface StationSigner {
  /** The key file (for naming companion files next to it). */
  readonly keyFile: string;
  readonly publicKey: string;
  readonly fingerprint: string;
  /** base64url Ed25519 signature of `message`. */
  sign(message: Uint8Array): string;
  signResult(args: Omit<SignResultArgs, 'stationSecretKey'>): SignedResult;
}

/** The signer of `source`; the key is created on first use. */
export function stationSigner(source: KeySource): StationSigner {
  if ('dataDir' in source) {
    const key = loadOrCreateStationKey(source.dataDir);
    return {
      keyFile: stationKeyPath(source.dataDir),
      publicKey: key.publicKey,
      fingerprint: key.fingerprint,
      sign: key.sign,
      signResult: (args) => signResultWithStationKey(source.dataDir, args),
    };
  }
  const key = loadOrCreateKeyFile(source.keyFile);
  return { keyFile: source.keyFile, publicKey: key.publicKey, fingerprint: key.fingerprint, sign: key.sign, signResult: key.signResult };
}
