/**
 * The station's Ed25519 key pair: made on first use, kept in `station-key.json` (mode 0600) in
 * the data folder. The secret key never leaves this module: callers get the public key, its
 * fingerprint and a `sign` function.
 */
import { join } from 'node:path';
import { utf8 } from '../../shared/crypto/canonical';
import { generateKeyPair, keyFingerprint, publicKeyFromSecret, signBytes } from '../../shared/crypto/ed25519';
import { signResult, type SignResultArgs } from '../../shared/crypto/signed';
import type { SignedResult } from '../../shared/election/schemas';
import type { StationKeyInfo } from '../../renderer/bridge/StationBridge';
import { ensureDataDir } from './dataDir';
import { stationKeyStore } from './keyStore';

export const STATION_KEY_FILE = 'station-key.json';
export const STATION_KEY_FORMAT = 'polling-station/station-key@1';

export interface StationKey extends StationKeyInfo {
  /** base64url Ed25519 signature of `message` with the station's secret key. */
  sign(message: Uint8Array): string;
}

interface StationKeyFile {
  readonly format: typeof STATION_KEY_FORMAT;
  readonly publicKey: string;
  readonly secretKey: string;
  readonly createdAt: string;
}

export function stationKeyPath(dir: string): string {
  return join(dir, STATION_KEY_FILE);
}

function damaged(file: string, detail: string): Error {
  return new Error(
    `The station key file ${file} is damaged (${detail}). It is not replaced automatically: ` +
      'a new key would no longer identify this station. Restore it from a backup, or move it away to make a new key.',
  );
}

function readKeyFile(file: string, text: string): StationKeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw damaged(file, error instanceof SyntaxError ? 'not JSON' : String((error as Error).message));
  }
  const found = raw as Partial<StationKeyFile> | null;
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
  return found as StationKeyFile;
}

/** The key text comes from the process's StationKeyStore (keyStore.ts): a 0600 file, or sealed in Electron. */
function loadOrCreateFile(dir: string): StationKeyFile {
  ensureDataDir(dir);
  const store = stationKeyStore();
  if (store.read(dir) === null) {
    const pair = generateKeyPair();
    const fresh: StationKeyFile = {
      format: STATION_KEY_FORMAT,
      publicKey: pair.publicKey,
      secretKey: pair.secretKey,
      createdAt: new Date().toISOString(),
    };
    // Create-only: if another process made the key meanwhile, theirs wins and is read below.
    store.create(dir, `${JSON.stringify(fresh, null, 2)}\n`);
  }
  const text = store.read(dir);
  if (text === null) throw damaged(store.describe(dir), 'missing after it was made');
  return readKeyFile(store.describe(dir), text);
}

/** The station key of data folder `dir`, created (with the folder) on first use. */
export function loadOrCreateStationKey(dir: string): StationKey {
  const { publicKey, secretKey } = loadOrCreateFile(dir);
  return {
    publicKey,
    fingerprint: keyFingerprint(publicKey),
    sign: (message: Uint8Array) => signBytes(message, secretKey),
  };
}

/** Public key and fingerprint (creates the key on first use). */
export function stationKeyInfo(dir: string): StationKeyInfo {
  const { publicKey, fingerprint } = loadOrCreateStationKey(dir);
  return { publicKey, fingerprint };
}

/** base64url Ed25519 signature of `message` with the station key (created on first use). */
export function signWithStationKey(dir: string, message: Uint8Array | string): string {
  return loadOrCreateStationKey(dir).sign(typeof message === 'string' ? utf8(message) : message);
}

/** A signed result (FORMATS.md) signed with the station key; see `signResult`. */
export function signResultWithStationKey(dir: string, args: Omit<SignResultArgs, 'stationSecretKey'>): SignedResult {
  const { secretKey } = loadOrCreateFile(dir);
  return signResult({ ...args, stationSecretKey: secretKey });
}
