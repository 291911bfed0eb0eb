/**
 * Opening the sealed key stores of a data folder (Electron's start-up, main/electron/keys.ts;
 * tests with a fake sealer): the station key and the PDF-signing key, through one Sealer.
 * Node-only; the Sealer is passed in.
 */
import { sealedKeyStore, sealedPdfKeyStore, usePdfKeyStore, useStationKeyStore, type Sealer } from './keyStore';
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
