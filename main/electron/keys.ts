/**
 * The station key sealed with Electron's safeStorage (the OS keyring: DPAPI on Windows, the
 * Secret Service / KWallet on Linux, the Keychain on macOS), through main/services/keyStore.ts.
 * Where the OS offers no encryption, the key stays in the 0600 file like the Node host's, and
 * the app says so on stderr.
 */
import { safeStorage } from 'electron';
import { fileKeyStore, sealedKeyStore, useStationKeyStore, type Sealer } from '../services/keyStore';
import { stationKeyInfo } from '../services/keys';

export interface KeySealing {
  readonly sealed: boolean;
  /** Linux: the backend safeStorage chose ('basic_text' is a fixed key: obfuscation only). */
  readonly backend: string;
}

const safeStorageSealer: Sealer = {
  seal: (text) => safeStorage.encryptStringAsync(text),
  unseal: async (sealed) => (await safeStorage.decryptStringAsync(sealed)).result,
};

/** Chooses the key store for this process and makes sure the station key exists (sealed). Call after `ready`. */
export async function openStationKey(dataDir: string, warn: (message: string) => void): Promise<KeySealing> {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    useStationKeyStore(fileKeyStore);
    warn('station key: the OS offers no encryption (safeStorage); the key stays in a 0600 file');
    stationKeyInfo(dataDir);
    return { sealed: false, backend };
  }
  if (backend === 'basic_text') warn('station key: no OS keyring found; safeStorage uses a fixed key (basic_text) — install/unlock a keyring');
  const store = sealedKeyStore(safeStorageSealer);
  await store.open(dataDir);
  useStationKeyStore(store);
  stationKeyInfo(dataDir); // creates the key on first start…
  await store.flush(); // …and seals it before any window can ask for it
  return { sealed: true, backend };
}
