/**
 * Where the station key lives, for the signing services: the station's data folder
 * (`station-key.json`, through `main/services/keys`) or, for the `sheet` command's `--key`, any
 * key file of the same format. Callers get the public key and a signing function, never the
 * secret key.
 */
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateKeyPair, keyFingerprint, publicKeyFromSecret, signBytes } from '../../../shared/crypto/ed25519';
import { signResult, type SignResultArgs } from '../../../shared/crypto/signed';
import type { SignedResult } from '../../../shared/election/schemas';
import { writeFileAtomic } from '../atomicFile';
import { ensureDataDir } from '../dataDir';
import { loadOrCreateStationKey, signResultWithStationKey, STATION_KEY_FORMAT, stationKeyPath } from '../keys';

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

function damaged(file: string, detail: string): Error {
  return new Error(
    `The station key file ${file} is damaged (${detail}). It is not replaced automatically: ` +
      'a new key would no longer identify this station. Restore it from a backup, or move it away to make a new key.',
  );
}

function readOrCreateKeyFile(file: string): { publicKey: string; secretKey: string } {
  try {
    statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    ensureDataDir(dirname(file));
    const pair = generateKeyPair();
    const fresh = { format: STATION_KEY_FORMAT, publicKey: pair.publicKey, secretKey: pair.secretKey, createdAt: new Date().toISOString() };
    writeFileAtomic(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, exclusive: true });
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw damaged(file, error instanceof SyntaxError ? 'not JSON' : String((error as Error).message));
  }
  const found = raw as { publicKey?: unknown; secretKey?: unknown } | null;
  if (found === null || typeof found !== 'object' || typeof found.publicKey !== 'string' || typeof found.secretKey !== 'string') {
    throw damaged(file, 'publicKey or secretKey missing');
  }
  let derived: string;
  try {
    derived = publicKeyFromSecret(found.secretKey);
  } catch (error) {
    throw damaged(file, (error as Error).message);
  }
  if (derived !== found.publicKey) throw damaged(file, 'publicKey does not belong to secretKey');
  return { publicKey: found.publicKey, secretKey: found.secretKey };
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
  const { publicKey, secretKey } = readOrCreateKeyFile(source.keyFile);
  return {
    keyFile: source.keyFile,
    publicKey,
    fingerprint: keyFingerprint(publicKey),
    sign: (message) => signBytes(message, secretKey),
    signResult: (args) => signResult({ ...args, stationSecretKey: secretKey }),
  };
}
