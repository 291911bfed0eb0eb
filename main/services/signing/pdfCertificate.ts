/**
 * The station's PDF-signing certificate: a companion RSA-2048 key and a self-signed X.509
 * certificate, made once next to the station key (`station-key.pdf-cert.json`, mode 0600).
 * PDF readers do not take Ed25519 signatures, so the certificate names the Ed25519 station key
 * instead: its fingerprint in the subject, and in a Netscape-comment extension the key itself
 * with an Ed25519 signature (by the station key) over the SHA-256 of the RSA public key — so the
 * district can check that the PDF signer belongs to the enrolled station key.
 *
 * The file holds the RSA private key, so it is kept like the station key (keyStore.ts
 * `pdfKeyStore()`): a plain 0600 file in the browser build's host and the command-line tools,
 * sealed with the OS keyring in Electron (`station-key.pdf-cert.sealed`).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { utf8 } from '../../../shared/crypto/canonical';
import { verifyBytes } from '../../../shared/crypto/ed25519';
import { sha256Hex } from '../../../shared/crypto/hash';
import { pdfKeyStore } from '../keyStore';
import type { StationSigner } from './stationKeys';

export const PDF_CERT_FORMAT = 'polling-station/pdf-signing-cert@1';
export const BINDING_CONTEXT = 'polling-station/pdf-cert-binding@1';

export interface PdfSigningCert {
  readonly file: string;
  readonly stationKey: string;
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  /** PKCS#12 (empty passphrase) for `@signpdf/signer-p12`; made in memory, not stored. */
  readonly p12: Buffer;
}

interface CertFile {
  readonly format: typeof PDF_CERT_FORMAT;
  readonly stationKey: string;
  readonly fingerprint: string;
  readonly binding: string;
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  readonly createdAt: string;
}

/** `…/station-key.json` → `…/station-key.pdf-cert.json` */
export function pdfCertPath(keyFile: string): string {
  return `${keyFile.replace(/\.json$/i, '')}.pdf-cert.json`;
}

/** The text the station key signs to vouch for the RSA key (SHA-256 of its SubjectPublicKeyInfo DER). */
export function bindingMessage(spkiSha256Hex: string): Uint8Array {
  return utf8(`${BINDING_CONTEXT}\n${spkiSha256Hex}`);
}

function spkiSha256(publicKey: forge.pki.PublicKey): string {
  const der = forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes();
  return sha256Hex(Uint8Array.from(der, (c) => c.charCodeAt(0)));
}

function makeCertificate(signer: StationSigner): CertFile {
  const { privateKey: privateKeyPem } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const privateKey = forge.pki.privateKeyFromPem(privateKeyPem);
  const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  const binding = signer.sign(bindingMessage(spkiSha256(publicKey)));
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive 16-byte serial.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  // Wide validity: a reprint years later, or a sheet signed with an earlier --signed-at, must still verify.
  cert.validity.notBefore = new Date('2020-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2099-12-31T23:59:59Z');
  const fingerprint = signer.fingerprint;
  const attributes = [
    { name: 'commonName', value: `Polling station ${fingerprint}` },
    { name: 'organizationName', value: 'polling-station' },
    { shortName: 'OU', value: `Ed25519 station key ${fingerprint}` },
  ];
  cert.setSubject(attributes);
  cert.setIssuer(attributes);
  const comment = `polling-station ed25519-station-key=${signer.publicKey} fingerprint=${fingerprint.replace(/ /g, '')} binding=${binding}`;
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { id: forge.pki.oids.nsComment!, value: forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.IA5STRING, false, comment)).getBytes() },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return {
    format: PDF_CERT_FORMAT,
    stationKey: signer.publicKey,
    fingerprint,
    binding,
    privateKeyPem,
    certificatePem: forge.pki.certificateToPem(cert),
    createdAt: new Date().toISOString(),
  };
}

function readCertFile(file: string): CertFile | null {
  const store = pdfKeyStore();
  let text: string | null;
  try {
    text = store.read(file);
  } catch (error) {
    throw new Error(`The PDF signing certificate ${store.describe(file)} cannot be read (${(error as Error).message}); move it away to make a new one.`, { cause: error });
  }
  if (text === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`The PDF signing certificate ${store.describe(file)} cannot be read (${(error as Error).message}); move it away to make a new one.`, { cause: error });
  }
  const found = raw as Partial<CertFile> | null;
  if (found === null || typeof found !== 'object' || found.format !== PDF_CERT_FORMAT || typeof found.privateKeyPem !== 'string' || typeof found.certificatePem !== 'string' || typeof found.stationKey !== 'string') {
    throw new Error(`The PDF signing certificate ${store.describe(file)} is damaged; move it away to make a new one.`);
  }
  return found as CertFile;
}

const p12Cache = new Map<string, Buffer>();

function toP12(file: CertFile): Buffer {
  const cacheKey = file.certificatePem;
  const cached = p12Cache.get(cacheKey);
  if (cached) return cached;
  const key = forge.pki.privateKeyFromPem(file.privateKeyPem);
  const cert = forge.pki.certificateFromPem(file.certificatePem);
  // The P12 only carries the key to the signer in memory: one PBKDF iteration keeps it fast.
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], '', { algorithm: '3des', count: 1, friendlyName: 'polling-station' });
  const p12 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  p12Cache.set(cacheKey, p12);
  return p12;
}

/**
 * The PDF signing certificate of the station key `signer`, made on first use. A certificate
 * made for another station key (the key file was replaced) is replaced too.
 */
export function loadOrCreatePdfCert(signer: StationSigner): PdfSigningCert {
  const file = pdfCertPath(signer.keyFile);
  let found = readCertFile(file);
  if (found === null || found.stationKey !== signer.publicKey) {
    const fresh = makeCertificate(signer);
    pdfKeyStore().write(file, `${JSON.stringify(fresh, null, 2)}\n`, { replace: found !== null });
    found = readCertFile(file);
    if (found === null) throw new Error(`The PDF signing certificate ${pdfKeyStore().describe(file)} could not be written`);
  }
  return { file, stationKey: found.stationKey, privateKeyPem: found.privateKeyPem, certificatePem: found.certificatePem, p12: toP12(found) };
}

/** Whether `certificatePem` carries a binding by `stationKey` over its own RSA public key. */
export function certificateBindsStationKey(certificatePem: string, stationKey: string): boolean {
  try {
    const cert = forge.pki.certificateFromPem(certificatePem);
    const extension = (cert.extensions as { id?: string; value?: unknown }[]).find((entry) => entry.id === forge.pki.oids.nsComment);
    const der = extension?.value;
    if (typeof der !== 'string') return false;
    const text = forge.asn1.fromDer(der).value;
    if (typeof text !== 'string') return false;
    const key = /ed25519-station-key=([A-Za-z0-9_-]+)/.exec(text)?.[1];
    const binding = /binding=([A-Za-z0-9_-]+)/.exec(text)?.[1];
    if (key !== stationKey || binding === undefined) return false;
    return verifyBytes(bindingMessage(spkiSha256(cert.publicKey)), binding, stationKey);
  } catch {
    return false;
  }
}
