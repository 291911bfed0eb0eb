/**
 * Where the station key file's text is kept. keys.ts holds the key logic (make, check, sign)
 * and reads and writes the text only through a StationKeyStore:
 * - the Node host (and every test) uses `fileKeyStore`: `station-key.json`, mode 0600;
 * - Electron uses `sealedKeyStore` over `safeStorage` (main/electron/keys.ts): the text is
 *   encrypted with the OS keyring's key into `station-key.sealed`, and held in memory once
 *   opened. Node-only: the sealing functions are passed in, nothing here imports electron.
 */
import { chmodSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicFile';

export const STATION_KEY_FILE = 'station-key.json';
export const SEALED_KEY_FILE = 'station-key.sealed';

export interface StationKeyStore {
  /** A name for messages ("the station key file /…/station-key.json"). */
  describe(dir: string): string;
  /** The key file's text, or null when there is no key yet. */
  read(dir: string): string | null;
  /** Create-only: store `text` unless a key exists; false (and nothing written) when one does. */
  create(dir: string, text: string): boolean;
}

/** Narrow the file to 0600 if someone widened it (POSIX only; Windows has no such bits). */
function keepPrivate(file: string): void {
  if (process.platform === 'win32') return;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

/** The plain key file `station-key.json`, mode 0600 (the Node host). */
export const fileKeyStore: StationKeyStore = {
  describe: (dir) => join(dir, STATION_KEY_FILE),
  read(dir) {
    const file = join(dir, STATION_KEY_FILE);
    try {
      keepPrivate(file);
      return readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  },
  create: (dir, text) => writeFileAtomic(join(dir, STATION_KEY_FILE), text, { mode: 0o600, exclusive: true }),
};

let current: StationKeyStore = fileKeyStore;

/** The store keys.ts uses (the file store unless the app chose another). */
export function stationKeyStore(): StationKeyStore {
  return current;
}

/** Choose the store for this process (Electron: once at start-up, before any key use). */
export function useStationKeyStore(store: StationKeyStore): void {
  current = store;
}

/** Encryption of the key text with a key the OS keeps (Electron's safeStorage). */
export interface Sealer {
  seal(text: string): Promise<Buffer>;
  unseal(sealed: Buffer): Promise<string>;
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
  const texts = new Map<string, string>();
  const pending = new Set<string>();

  async function persist(dir: string): Promise<void> {
    const text = texts.get(dir);
    if (text === undefined) return;
    const sealed = await sealer.seal(text);
    // A sealed key is never replaced: create-only, like the plain file.
    writeFileAtomic(join(dir, SEALED_KEY_FILE), sealed, { mode: 0o600, exclusive: true });
    pending.delete(dir);
  }

  const store: SealedKeyStore = {
    describe: (dir) => `${join(dir, SEALED_KEY_FILE)} (sealed with the OS keyring)`,
    read: (dir) => texts.get(dir) ?? null,
    create(dir, text) {
      if (texts.has(dir)) return false;
      texts.set(dir, text);
      pending.add(dir);
      // Sealed right away; `flush` awaits it (and reports a failure).
      store.flush().catch(() => undefined);
      return true;
    },
    async open(dir) {
      const sealedFile = join(dir, SEALED_KEY_FILE);
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
          throw new Error(
            `The station key ${sealedFile} cannot be unsealed (${(error as Error).message}): the OS keyring of this user does not hold its key. ` +
              'It is not replaced automatically: a new key would no longer identify this station.',
          );
        }
        texts.set(dir, text);
        return;
      }
      const plain = fileKeyStore.read(dir);
      if (plain === null) return;
      texts.set(dir, plain);
      pending.add(dir);
      await store.flush();
      unlinkSync(join(dir, STATION_KEY_FILE));
    },
    async flush() {
      for (const dir of [...pending]) await persist(dir);
    },
  };
  return store;
}
