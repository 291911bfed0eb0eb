/**
 * Opening the sealed key stores of a data folder (Electron's start-up, main/electron/keys.ts;
 * tests with a fake sealer): the station key and the PDF-signing key, through one Sealer.
 * Node-only; the Sealer is passed in.
 */
import { fileKeyStore, markKeysUnprotected, plainSecretFiles, sealedKeyStore, sealedPdfKeyStore, usePdfKeyStore, useStationKeyStore, type Sealer } from './keyStore';
import { stationKeyInfo, stationKeyPath } from './keys';
import { hubKeyDirs } from './hub/files';
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
  // The station hub's keys (the lead's, a desk's: main/services/hub), kept by the same store.
  for (const dir of hubKeyDirs(dataDir)) await store.open(dir);
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

/** Who refuses: the Electron app (the OS offered no encryption) or the browser build's Node host (it never can encrypt). */
export type KeyStoreRunner = 'electron' | 'host';

/** No encryption and the operator did not allow plain key files: the app (or the host) does not start. One line, zh + en. */
export class UnprotectedKeysRefused extends Error {
  constructor(runner: KeyStoreRunner = 'electron') {
    super(
      runner === 'host'
        ? `浏览器版主机（Node）无法加密保存投票站密钥，拒绝以明文文件保存。请使用桌面版（Electron），或由操作员以 ${ALLOW_UNPROTECTED_KEYS_FLAG} 启动（报告单将注明密钥未加密保存）。 / ` +
            `The browser build's host (Node) cannot encrypt the station keys; refusing to keep them in a plain file. Use the desktop app (Electron), or have the operator start the host with ${ALLOW_UNPROTECTED_KEYS_FLAG} (the sheet will say the key was stored unprotected).`
        : `本机操作系统无法加密保存投票站密钥（safeStorage 不可用），拒绝以明文文件保存。请安装/解锁系统密钥环，或由操作员以 ${ALLOW_UNPROTECTED_KEYS_FLAG} 启动（报告单将注明密钥未加密保存）。 / ` +
            `The OS cannot encrypt the station keys (safeStorage unavailable); refusing to keep them in a plain file. Install/unlock a keyring, or have the operator start the app with ${ALLOW_UNPROTECTED_KEYS_FLAG} (the sheet will say the key was stored unprotected).`,
    );
    this.name = 'UnprotectedKeysRefused';
  }
}

export interface KeyStoreChoice {
  /** Electron's safeStorage can encrypt (the Node host: never — it passes no sealer). */
  readonly encryptionAvailable: boolean;
  /** The operator started the app (or the host) with ALLOW_UNPROTECTED_KEYS_FLAG. */
  readonly allowUnprotected: boolean;
  /** The OS encryption; none for the Node host. */
  readonly sealer?: Sealer;
  readonly warn: (message: string) => void;
  /** Who asks (the refusal's advice); default 'electron'. */
  readonly runner?: KeyStoreRunner;
}

/**
 * The choice of key stores, the one place it is made — Electron's (main/electron/keys.ts) and the
 * browser build's Node host (main/host/server.ts, never any encryption); pure Node, so tests pass
 * the facts: sealed where the OS can encrypt; else plain 0600 files only when the operator
 * allowed them — then every sheet signed says the key was stored unprotected — and otherwise a
 * refusal, before any key is made or read.
 */
export async function chooseKeyStores(dataDir: string, choice: KeyStoreChoice): Promise<{ readonly sealed: boolean }> {
  if (choice.encryptionAvailable && choice.sealer) {
    await openSealedKeys(dataDir, choice.sealer);
    return { sealed: true };
  }
  if (!choice.allowUnprotected) throw new UnprotectedKeysRefused(choice.runner);
  useStationKeyStore(fileKeyStore);
  usePdfKeyStore(plainSecretFiles);
  markKeysUnprotected();
  choice.warn(`station key: ${choice.runner === 'host' ? 'the browser build\'s host has no OS encryption' : 'the OS offers no encryption (safeStorage)'}; as the operator allowed (${ALLOW_UNPROTECTED_KEYS_FLAG}), the station key and the PDF signing key stay in 0600 files, and every sheet says so`);
  stationKeyInfo(dataDir);
  return { sealed: false };
}
