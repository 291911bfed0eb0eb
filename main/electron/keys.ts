/**
 * The station key sealed with Electron's safeStorage (the OS keyring: DPAPI on Windows, the
 * Secret Service / KWallet on Linux, the Keychain on macOS), through main/services/keyStore.ts.
 * The PDF-signing key (the RSA key and certificate of signing/pdfCertificate.ts) is sealed the
 * same way, through the same Sealer (`station-key.pdf-cert.sealed`). Where the OS offers no
 * encryption, both stay in 0600 files like the Node host's, and the app says so on stderr.
 */
import { safeStorage } from 'electron';
import { fileKeyStore, plainSecretFiles, usePdfKeyStore, useStationKeyStore, type Sealer } from '../services/keyStore';
import { openSealedKeys } from '../services/keyStoreSealed';
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

/** Chooses the key stores for this process and makes sure the station key exists (sealed). Call after `ready`. */
export async function openStationKey(dataDir: string, warn: (message: string) => void): Promise<KeySealing> {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    useStationKeyStore(fileKeyStore);
    usePdfKeyStore(plainSecretFiles);
    warn('station key: the OS offers no encryption (safeStorage); the station key and the PDF signing key stay in 0600 files');
    stationKeyInfo(dataDir);
    return { sealed: false, backend };
  }
  if (backend === 'basic_text') warn('station key: no OS keyring found; safeStorage uses a fixed key (basic_text) — install/unlock a keyring');
  await openSealedKeys(dataDir, safeStorageSealer);
  return { sealed: true, backend };
}
