/**
 * The PDF-signing key (RSA key + certificate, main/services/signing/pdfCertificate.ts) sealed
 * through the same Sealer as the station key (Electron's safeStorage; here a fake AES-GCM
 * sealer standing in for the OS keyring): the sealed file is not plaintext, it round-trips, a
 * plain file left by the browser build is sealed and removed, and a sealed file the keyring
 * cannot open (another key, or damaged) is a clear error, never replaced silently. The browser
 * build's host keeps the plain 0600 file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileKeyStore, pdfKeyStore, plainSecretFiles, sealedPathOf, sealedPdfKeyStore, usePdfKeyStore, useStationKeyStore, type Sealer } from '../../../main/services/keyStore';
import { openSealedKeys } from '../../../main/services/keyStoreSealed';
import { stationKeyPath } from '../../../main/services/keys';
import { certificateBindsStationKey, loadOrCreatePdfCert, pdfCertPath, stationSigner } from '../../../main/services/signing';
import { tempDir } from '../services/support';

function fakeSealer(key = randomBytes(32)): Sealer {
  return {
    async seal(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async unseal(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

afterEach(() => {
  useStationKeyStore(fileKeyStore);
  usePdfKeyStore(plainSecretFiles);
});

const certFile = (dataDir: string) => pdfCertPath(stationKeyPath(dataDir));

describe('the PDF-signing key, sealed (Electron)', () => {
  it('is made at start and sealed: no plain file, no key or certificate text in the sealed one', async () => {
    const dataDir = tempDir('pdf-key-sealed-');
    await openSealedKeys(dataDir, fakeSealer());
    const sealed = sealedPathOf(certFile(dataDir));
    expect(sealed).toBe(join(dataDir, 'station-key.pdf-cert.sealed'));
    expect(existsSync(sealed)).toBe(true);
    expect(existsSync(certFile(dataDir))).toBe(false);
    const bytes = readFileSync(sealed);
    for (const clear of ['PRIVATE KEY', 'BEGIN', 'privateKeyPem', 'polling-station']) expect(bytes.includes(Buffer.from(clear))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(sealed).mode & 0o777).toBe(0o600);
    const cert = loadOrCreatePdfCert(stationSigner({ dataDir }));
    expect(cert.p12.length).toBeGreaterThan(0);
    expect(certificateBindsStationKey(cert.certificatePem, stationSigner({ dataDir }).publicKey)).toBe(true);
  });

  it('round-trips: opened again with the same keyring it is the same key and certificate', async () => {
    const dataDir = tempDir('pdf-key-sealed-');
    const sealer = fakeSealer();
    await openSealedKeys(dataDir, sealer);
    const first = loadOrCreatePdfCert(stationSigner({ dataDir }));
    const sealedBefore = readFileSync(sealedPathOf(certFile(dataDir)));
    // A new process: new stores, the same keyring.
    useStationKeyStore(fileKeyStore);
    usePdfKeyStore(plainSecretFiles);
    await openSealedKeys(dataDir, sealer);
    const again = loadOrCreatePdfCert(stationSigner({ dataDir }));
    expect(again.privateKeyPem).toBe(first.privateKeyPem);
    expect(again.certificatePem).toBe(first.certificatePem);
    expect(readFileSync(sealedPathOf(certFile(dataDir)))).toEqual(sealedBefore);
  });

  it('seals a plain key left by the browser build and removes the plain file', async () => {
    const dataDir = tempDir('pdf-key-sealed-');
    const plain = loadOrCreatePdfCert(stationSigner({ dataDir })); // the host: plain 0600 files
    expect(pdfKeyStore()).toBe(plainSecretFiles);
    expect(readFileSync(certFile(dataDir), 'utf8')).toContain('PRIVATE KEY');
    if (process.platform !== 'win32') expect(statSync(certFile(dataDir)).mode & 0o777).toBe(0o600);
    await openSealedKeys(dataDir, fakeSealer());
    expect(existsSync(certFile(dataDir))).toBe(false);
    expect(existsSync(sealedPathOf(certFile(dataDir)))).toBe(true);
    expect(loadOrCreatePdfCert(stationSigner({ dataDir })).certificatePem).toBe(plain.certificatePem);
  });

  it('another keyring, or a damaged sealed file: a clear error, and the file is left as it is', async () => {
    const dataDir = tempDir('pdf-key-sealed-');
    await openSealedKeys(dataDir, fakeSealer());
    const sealed = sealedPathOf(certFile(dataDir));
    const bytes = readFileSync(sealed);
    await expect(sealedPdfKeyStore(fakeSealer()).open(certFile(dataDir))).rejects.toThrow(/The PDF signing key .*station-key\.pdf-cert\.sealed cannot be unsealed .*move the file away/);
    writeFileSync(sealed, bytes.subarray(0, 20));
    await expect(sealedPdfKeyStore(fakeSealer()).open(certFile(dataDir))).rejects.toThrow(/The PDF signing key .* cannot be unsealed/);
    writeFileSync(sealed, bytes);
    expect(readFileSync(sealed)).toEqual(bytes);
  });

  it('a sealed key that unseals to something else than a certificate file is reported damaged', async () => {
    const dataDir = tempDir('pdf-key-sealed-');
    const sealer = fakeSealer();
    await openSealedKeys(dataDir, sealer);
    writeFileSync(sealedPathOf(certFile(dataDir)), await sealer.seal('{"format":"something else"}'));
    const store = sealedPdfKeyStore(sealer);
    await store.open(certFile(dataDir));
    usePdfKeyStore(store);
    expect(() => loadOrCreatePdfCert(stationSigner({ dataDir }))).toThrow(/PDF signing certificate .*sealed.* is damaged/);
  });

  it('a sealed store asked for a key it has not opened says so instead of making a new one', async () => {
    const dataDir = tempDir('pdf-key-sealed-');
    await openSealedKeys(dataDir, fakeSealer());
    const store = sealedPdfKeyStore(fakeSealer());
    expect(() => store.read(certFile(dataDir))).toThrow(/was not opened/);
    expect(store.read(join(dataDir, 'other.pdf-cert.json'))).toBeNull();
  });
});
