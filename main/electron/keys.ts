/**
 * The station key sealed with Electron's safeStorage (the OS keyring: DPAPI on Windows, the
 * Secret Service / KWallet on Linux, the Keychain on macOS), through main/services/keyStore.ts.
 * The PDF-signing key (the RSA key and certificate of signing/pdfCertificate.ts) is sealed the
 * same way, through the same Sealer (`station-key.pdf-cert.sealed`). Where the OS offers no
 * encryption the app refuses to start, unless the operator started it with
 * `--allow-unprotected-keys`: then both stay in 0600 files and every sheet says so.
 */
import { safeStorage } from 'electron';
import type { Sealer } from '../services/keyStore';
import { chooseKeyStores } from '../services/keyStoreSealed';

export interface KeySealing {
  readonly sealed: boolean;
  /** Linux: the backend safeStorage chose ('basic_text' is a fixed key: obfuscation only). */
  readonly backend: string;
}

const safeStorageSealer: Sealer = {
  seal: (text) => safeStorage.encryptStringAsync(text),
  unseal: async (sealed) => (await safeStorage.decryptStringAsync(sealed)).result,
};

/**
 * Chooses the key stores for this process and makes sure the station key exists (sealed). Call
 * after `ready`. Throws UnprotectedKeysRefused where the OS cannot encrypt and `allowUnprotected`
 * (`--allow-unprotected-keys`) is not given.
 */
export async function openStationKey(dataDir: string, warn: (message: string) => void, allowUnprotected = false): Promise<KeySealing> {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
  const encryptionAvailable = await safeStorage.isAsyncEncryptionAvailable();
  if (encryptionAvailable && backend === 'basic_text') warn('station key: no OS keyring found; safeStorage uses a fixed key (basic_text) — install/unlock a keyring');
  const { sealed } = await chooseKeyStores(dataDir, { encryptionAvailable, allowUnprotected, sealer: safeStorageSealer, warn });
  return { sealed, backend };
}
