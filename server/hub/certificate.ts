/**
 * The hub's TLS identity (issue 16): an RSA key (node:crypto) and a self-signed X.509
 * certificate (node-forge), made once and kept in the hub's folder — `hub-key.pem` (0600) and
 * `hub-cert.pem`. Desks pin the certificate by its SHA-256 fingerprint (lower-case hex of the
 * DER), which the pairing QR carries. The same files on every start: the pin holds until the
 * folder is lost.
 */
import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface HubCertificate {
  /** PEM of the private key. */
  readonly key: string;
  /** PEM of the self-signed certificate. */
  readonly cert: string;
  /** Lower-case hex SHA-256 of the certificate's DER. */
  readonly fingerprint: string;
}

export const KEY_FILE = 'hub-key.pem';
export const CERT_FILE = 'hub-cert.pem';
/** Long enough to outlive the machine: the pin, not the dates, is what a desk trusts. */
const VALIDITY_YEARS = 30;

/** Lower-case hex SHA-256 of a certificate's DER (`fingerprint256` of Node, without colons). */
export function certificateFingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** The fingerprint of a PEM certificate. */
export function pemFingerprint(pem: string): string {
  return certificateFingerprint(new X509Certificate(pem).raw);
}

/** A new RSA-2048 key and a certificate naming the hub, signed by that key (SHA-256). */
export function createHubCertificate(commonName = 'polling-station hub'): HubCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive serial number: 16 random bytes with the top bit cleared.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const notBefore = new Date(Date.now() - 24 * 3600_000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const name = [{ name: 'commonName', value: commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert);
  return { key: privateKey, cert: pem, fingerprint: pemFingerprint(pem) };
}

function writeAtomically(path: string, text: string, mode: number): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, text, { mode });
  chmodSync(partial, mode);
  renameSync(partial, path);
}

/** The hub's key and certificate from `dir`, made there first when either is missing. */
export function loadOrCreateHubCertificate(dir: string): HubCertificate {
  mkdirSync(dir, { recursive: true });
  const keyPath = join(dir, KEY_FILE);
  const certPath = join(dir, CERT_FILE);
  if (existsSync(keyPath) && existsSync(certPath)) {
    const key = readFileSync(keyPath, 'utf8');
    const cert = readFileSync(certPath, 'utf8');
    chmodSync(keyPath, 0o600);
    return { key, cert, fingerprint: pemFingerprint(cert) };
  }
  const made = createHubCertificate();
  // The key first: a certificate on disk always has its key beside it.
  writeAtomically(keyPath, made.key, 0o600);
  writeAtomically(certPath, made.cert, 0o644);
  return made;
}
