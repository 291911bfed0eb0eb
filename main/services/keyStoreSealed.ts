/**
 * Opening the sealed key stores of a data folder (Electron's start-up, main/electron/keys.ts;
 * tests with a fake sealer): the station key and the PDF-signing key, through one Sealer.
 * Node-only; the Sealer is passed in.
 */
import { fileKeyStore, markKeysUnprotected, plainSecretFiles, sealedKeyStore, sealedPdfKeyStore, usePdfKeyStore, useStationKeyStore, type Sealer } from './keyStore';
import { stationKeyInfo, stationKeyPath } from './keys';
import { loadOrCreatePdfCert, pdfCertPath } from './signing/pdfCertificate';
import { stationSigner } from './signing/stationKeys';

/**
 * The sealed stores over `sealer`, opened for data folder `dataDir` and chosen for this
 * process: the station key made on first start and sealed, then the PDF-signing key (a plain
 * `station-key.pdf-cert.json` left by the browser build is sealed and removed; made here on
 * first start so it is sealed before the first sheet). Pure Node: tests pass a fake sealer.
 */
export async function openSealedKeys(dataDir: string, sealer: Sealer): Promise<void> {
  const store = sealedKeyStore(sealer);
  await store.open(dataDir);
  useStationKeyStore(store);
  stationKeyInfo(dataDir); // creates the key on first start…
  await store.flush(); // …and seals it before any window can ask for it
  const pdfKeys = sealedPdfKeyStore(sealer);
  await pdfKeys.open(pdfCertPath(stationKeyPath(dataDir)));
  usePdfKeyStore(pdfKeys);
  loadOrCreatePdfCert(stationSigner({ dataDir }));
  await pdfKeys.flush();
}

/** The flag an operator starts the app with to keep the keys in plain files where the OS cannot encrypt them. */
export const ALLOW_UNPROTECTED_KEYS_FLAG = '--allow-unprotected-keys';

/** The OS offers no encryption and the operator did not allow plain key files: the app does not start. */
export class UnprotectedKeysRefused extends Error {
  constructor() {
    super(
      `本机操作系统无法加密保存投票站密钥（safeStorage 不可用），拒绝以明文文件保存。请安装/解锁系统密钥环，或由操作员以 ${ALLOW_UNPROTECTED_KEYS_FLAG} 启动（报告单将注明密钥未加密保存）。 / ` +
        `The OS cannot encrypt the station keys (safeStorage unavailable); refusing to keep them in a plain file. Install/unlock a keyring, or have the operator start the app with ${ALLOW_UNPROTECTED_KEYS_FLAG} (the sheet will say the key was stored unprotected).`,
    );
    this.name = 'UnprotectedKeysRefused';
  }
}

export interface KeyStoreChoice {
  readonly encryptionAvailable: boolean;
  /** The operator started the app with ALLOW_UNPROTECTED_KEYS_FLAG. */
  readonly allowUnprotected: boolean;
  readonly sealer: Sealer;
  readonly warn: (message: string) => void;
}

/**
 * Electron's choice of key stores (main/electron/keys.ts; pure Node, so tests pass the facts):
 * sealed where the OS can encrypt; else plain 0600 files only when the operator allowed them —
 * then every sheet signed says the key was stored unprotected — and otherwise a refusal, before
 * any key is made or read.
 */
export async function chooseKeyStores(dataDir: string, choice: KeyStoreChoice): Promise<{ readonly sealed: boolean }> {
  if (choice.encryptionAvailable) {
    await openSealedKeys(dataDir, choice.sealer);
    return { sealed: true };
  }
  if (!choice.allowUnprotected) throw new UnprotectedKeysRefused();
  useStationKeyStore(fileKeyStore);
  usePdfKeyStore(plainSecretFiles);
  markKeysUnprotected();
  choice.warn(`station key: the OS offers no encryption (safeStorage); as the operator allowed (${ALLOW_UNPROTECTED_KEYS_FLAG}), the station key and the PDF signing key stay in 0600 files, and every sheet says so`);
  stationKeyInfo(dataDir);
  return { sealed: false };
}
