/**
 * Where the station's secret files are kept: the Ed25519 station key (`station-key.json`) and
 * the RSA key of the PDF signature (`station-key.pdf-cert.json`, signing/pdfCertificate.ts).
 * keys.ts and pdfCertificate.ts hold the logic (make, check, sign) and read and write the text
 * only through a store chosen once per process:
 * - the Node host, the command-line tools and every test use the plain files, mode 0600;
 * - Electron uses sealed stores over `safeStorage` (main/electron/keys.ts): the text is
 *   encrypted with the OS keyring's key into `NAME.sealed` (the same name with `.sealed` for
 *   `.json`), and held in memory once opened. Node-only: the sealing functions are passed in
 *   (the `Sealer`), nothing here imports electron.
 */
import { chmodSync, existsSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicFile';

export const STATION_KEY_FILE = 'station-key.json';
export const SEALED_KEY_FILE = 'station-key.sealed';

/** Encryption of a secret file's text with a key the OS keeps (Electron's safeStorage; tests: a fake). */
export interface Sealer {
  seal(text: string): Promise<Buffer>;
  unseal(sealed: Buffer): Promise<string>;
}

/** `…/NAME.json` → `…/NAME.sealed` (the sealed form of a secret file). */
export function sealedPathOf(file: string): string {
  return `${file.replace(/\.json$/i, '')}.sealed`;
}

/** Narrow the file to 0600 if someone widened it (POSIX only; Windows has no such bits). */
function keepPrivate(file: string): void {
  if (process.platform === 'win32') return;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

/** The text of a plain 0600 secret file (narrowed to 0600 if it was wider), or null when there is none. */
export function plainKeyText(file: string): string | null {
  try {
    keepPrivate(file);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Secret files, named by their plain path: the same calls for a plain 0600 file and a sealed one. */
export interface SecretFileStore {
  /** A name for messages. */
  describe(file: string): string;
  /** The text, or null when there is none yet. */
  read(file: string): string | null;
  /** Stores `text`: create-only (false, nothing written, when there is one) unless `replace`. */
  write(file: string, text: string, options?: { readonly replace?: boolean }): boolean;
}

/** Plain files, mode 0600: the browser build's host, the command-line tools, the tests. */
export const plainSecretFiles: SecretFileStore = {
  describe: (file) => file,
  read: plainKeyText,
  write: (file, text, options) => writeFileAtomic(file, text, { mode: 0o600, exclusive: options?.replace !== true }),
};

export interface SealedSecretFiles extends SecretFileStore {
  /**
   * Loads the sealed file of `file` into memory. A plain file left there (by the Node host or an
   * earlier version) is sealed and then removed. Call before using the secret.
   */
  open(file: string): Promise<void>;
  /** Seals and writes every text stored in memory since the last flush. */
  flush(): Promise<void>;
}

export interface SealedFilesWording {
  /** "The station key", "The PDF signing key". */
  readonly what: string;
  /** What to do when the sealed file cannot be opened (it is never replaced automatically). */
  readonly advice: string;
}

/**
 * Secret files kept encrypted on disk (`NAME.sealed`, mode 0600) and in memory once opened. A
 * text stored in memory (first start) is sealed right away; `flush` awaits that.
 */
export function sealedSecretFiles(sealer: Sealer, wording: SealedFilesWording): SealedSecretFiles {
  const texts = new Map<string, string>();
  const pending = new Map<string, { replace: boolean }>();
  // One flush at a time: a second one waits and finds the first one's work done.
  let flushing: Promise<void> = Promise.resolve();

  async function persist(file: string): Promise<void> {
    const text = texts.get(file);
    const how = pending.get(file);
    if (text === undefined || how === undefined) return;
    const sealed = await sealer.seal(text);
    // A sealed secret is replaced only when asked (a PDF key made for a new station key).
    const written = writeFileAtomic(sealedPathOf(file), sealed, { mode: 0o600, exclusive: !how.replace });
    if (!written) throw new Error(`${wording.what} ${sealedPathOf(file)} exists already; it was not replaced`);
    if (pending.get(file) === how) pending.delete(file);
  }

  const store: SealedSecretFiles = {
    describe: (file) => `${sealedPathOf(file)} (sealed with the OS keyring)`,
    read(file) {
      const text = texts.get(file);
      if (text !== undefined) return text;
      // Never a silent "no key yet" for a sealed file that exists but was not opened.
      if (existsSync(sealedPathOf(file))) throw new Error(`${wording.what} ${sealedPathOf(file)} was not opened (open it before use)`);
      return null;
    },
    write(file, text, options) {
      const replace = options?.replace === true;
      if (!replace && store.read(file) !== null) return false;
      texts.set(file, text);
      pending.set(file, { replace: replace || (pending.get(file)?.replace ?? false) });
      // Sealed right away; `flush` awaits it (and reports a failure).
      store.flush().catch(() => undefined);
      return true;
    },
    async open(file) {
      const sealedFile = sealedPathOf(file);
      let sealed: Buffer | null = null;
      try {
        keepPrivate(sealedFile);
        sealed = readFileSync(sealedFile);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (sealed !== null) {
        let text: string;
        try {
          text = await sealer.unseal(sealed);
        } catch (error) {
          throw new Error(`${wording.what} ${sealedFile} cannot be unsealed (${(error as Error).message}): the OS keyring of this user does not hold its key. ${wording.advice}`, { cause: error });
        }
        texts.set(file, text);
        return;
      }
      const plain = plainKeyText(file);
      if (plain === null) return;
      texts.set(file, plain);
      pending.set(file, { replace: false });
      await store.flush();
      unlinkSync(file);
    },
    flush() {
      const run = flushing.then(async () => {
        for (const file of [...pending.keys()]) await persist(file);
      });
      flushing = run.catch(() => undefined);
      return run;
    },
  };
  return store;
}

// ---- The station key (keys.ts), by data folder ------------------------------------------

export interface StationKeyStore {
  /** A name for messages ("the station key file /…/station-key.json"). */
  describe(dir: string): string;
  /** The key file's text, or null when there is no key yet. */
  read(dir: string): string | null;
  /** Create-only: store `text` unless a key exists; false (and nothing written) when one does. */
  create(dir: string, text: string): boolean;
}

function stationKeyStoreOver(files: SecretFileStore): StationKeyStore {
  return {
    describe: (dir) => files.describe(join(dir, STATION_KEY_FILE)),
    read: (dir) => files.read(join(dir, STATION_KEY_FILE)),
    create: (dir, text) => files.write(join(dir, STATION_KEY_FILE), text),
  };
}

/** The plain key file `station-key.json`, mode 0600 (the Node host). */
export const fileKeyStore: StationKeyStore = stationKeyStoreOver(plainSecretFiles);

let current: StationKeyStore = fileKeyStore;

/** The store keys.ts uses (the file store unless the app chose another). */
export function stationKeyStore(): StationKeyStore {
  return current;
}

/** Choose the store for this process (Electron: once at start-up, before any key use). */
export function useStationKeyStore(store: StationKeyStore): void {
  current = store;
}

export interface SealedKeyStore extends StationKeyStore {
  /**
   * Loads the sealed key of `dir` into memory. A plain `station-key.json` (from the Node host or
   * an earlier version) is sealed and then removed. Call before using the key.
   */
  open(dir: string): Promise<void>;
  /** Seals and writes every key created in memory since the last flush. */
  flush(): Promise<void>;
}

/**
 * A store that keeps the key text encrypted on disk (`station-key.sealed`, mode 0600) and in
 * memory once opened. A key created in memory (keys.ts, first start) is sealed by `flush`.
 */
export function sealedKeyStore(sealer: Sealer): SealedKeyStore {
  const files = sealedSecretFiles(sealer, {
    what: 'The station key',
    advice: 'It is not replaced automatically: a new key would no longer identify this station.',
  });
  return {
    ...stationKeyStoreOver(files),
    open: (dir) => files.open(join(dir, STATION_KEY_FILE)),
    flush: () => files.flush(),
  };
}

// ---- The PDF signing key (signing/pdfCertificate.ts), by file ---------------------------

let pdfKeys: SecretFileStore = plainSecretFiles;

/** The store of the PDF signing key and certificate (plain 0600 files unless the app chose another). */
export function pdfKeyStore(): SecretFileStore {
  return pdfKeys;
}

/** Choose the PDF signing key's store for this process (Electron: at start-up, sealed). */
export function usePdfKeyStore(store: SecretFileStore): void {
  pdfKeys = store;
}

/** The sealed store of the PDF signing key (Electron). A sealed key that cannot be opened is an error, never replaced silently. */
export function sealedPdfKeyStore(sealer: Sealer): SealedSecretFiles {
  return sealedSecretFiles(sealer, {
    what: 'The PDF signing key',
    advice:
      'Restore the keyring (log in as the user who made it), or move the file away to make a new PDF signing key ' +
      '(sheets signed before stay valid: each carries its certificate, bound to the station key).',
  });
}

let unprotectedKeys = false;

/**
 * The station's keys are kept in plain files although this is the Electron app, where they are
 * sealed: the OS offered no encryption and the operator allowed it (keyStoreSealed.ts). The
 * sheets say so (stationSheets.ts).
 */
export function markKeysUnprotected(value = true): void {
  unprotectedKeys = value;
}

export function keysUnprotected(): boolean {
  return unprotectedKeys;
}
