/**
 * The station's Ed25519 key pair: made on first use, kept in `station-key.json` (mode 0600) in
 * the data folder (sealed in Electron: keyStore.ts), or in an explicit key file of the same
 * format (`loadOrCreateKeyFile`, the `sheet` command's `--key`) — this is the one reader of
 * station key files. The secret key never leaves this module: callers get the public key, its
 * fingerprint and a `sign` function.
 */
import { dirname, join } from 'node:path';
import { utf8 } from '../../shared/crypto/canonical';
import { generateKeyPair, keyFingerprint, publicKeyFromSecret, signBytes } from '../../shared/crypto/ed25519';
import { signResult, type SignResultArgs } from '../../shared/crypto/signed';
import type { SignedResult } from '../../shared/election/schemas';
import type { StationKeyInfo } from '../../shared/bridge/StationBridge';
import { writeFileAtomic } from './atomicFile';
import { ensureDataDir } from './dataDir';
import { plainKeyText, stationKeyStore } from './keyStore';

export const STATION_KEY_FILE = 'station-key.json';
export const STATION_KEY_FORMAT = 'polling-station/station-key@1';

export interface StationKey extends StationKeyInfo {
  /** base64url Ed25519 signature of `message` with the station's secret key. */
  readonly sign: (message: Uint8Array) => string;
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

/** Where one key's text is read from and created in (a StationKeyStore bound to a folder, or one file). */
interface KeyText {
  readonly describe: string;
  read(): string | null;
  create(text: string): boolean;
}

/** Reads the key (checked: the public key must belong to the secret key), making it first if there is none. */
function loadOrCreateFrom(source: KeyText): StationKeyFile {
  if (source.read() === null) {
    const pair = generateKeyPair();
    const fresh: StationKeyFile = {
      format: STATION_KEY_FORMAT,
      publicKey: pair.publicKey,
      secretKey: pair.secretKey,
      createdAt: new Date().toISOString(),
    };
    // Create-only: if another process made the key meanwhile, theirs wins and is read below.
    source.create(`${JSON.stringify(fresh, null, 2)}\n`);
  }
  const text = source.read();
  if (text === null) throw damaged(source.describe, 'missing after it was made');
  return readKeyFile(source.describe, text);
}

/** The key text comes from the process's StationKeyStore (keyStore.ts): a 0600 file, or sealed in Electron. */
function loadOrCreateFile(dir: string): StationKeyFile {
  ensureDataDir(dir);
  const store = stationKeyStore();
  return loadOrCreateFrom({ describe: store.describe(dir), read: () => store.read(dir), create: (text) => store.create(dir, text) });
}

function keyOf(file: StationKeyFile): StationKey & { readonly signResult: (args: Omit<SignResultArgs, 'stationSecretKey'>) => SignedResult } {
  const { publicKey, secretKey } = file;
  return {
    publicKey,
    fingerprint: keyFingerprint(publicKey),
    sign: (message: Uint8Array) => signBytes(message, secretKey),
    signResult: (args) => signResult({ ...args, stationSecretKey: secretKey }),
  };
}

/**
 * A station key in an explicit file (the `sheet` command's `--key`): the same format and checks
 * as the data folder's key, created (mode 0600, with its folder) if missing. Always a plain
 * file, whatever store the process uses for its own station key.
 */
export function loadOrCreateKeyFile(file: string): StationKey & { readonly signResult: (args: Omit<SignResultArgs, 'stationSecretKey'>) => SignedResult } {
  return keyOf(
    loadOrCreateFrom({
      describe: file,
      read: () => plainKeyText(file),
      create: (text) => {
        ensureDataDir(dirname(file));
        return writeFileAtomic(file, text, { mode: 0o600, exclusive: true });
      },
    }),
  );
}

/** The station key of data folder `dir`, created (with the folder) on first use. */
export function loadOrCreateStationKey(dir: string): StationKey {
  const { publicKey, fingerprint, sign } = keyOf(loadOrCreateFile(dir));
  return { publicKey, fingerprint, sign };
}

/**
 * The key pair kept in folder `dir` like the station key (same format, same store: sealed in
 * Electron), made on first use. For a desk's hub key (main/services/hub/desk.ts) — the one key
 * whose secret leaves this module: the hub's client (server/hub/client.ts) signs each request
 * to the hub with it.
 */
export function loadOrCreateKeyPair(dir: string): { readonly publicKey: string; readonly secretKey: string } {
  const { publicKey, secretKey } = loadOrCreateFile(dir);
  return { publicKey, secretKey };
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
  return keyOf(loadOrCreateFile(dir)).signResult(args);
}
