import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CERT_FILE, KEY_FILE, loadOrCreateHubCertificate } from '../../../server/hub/certificate';

const dir = mkdtempSync(join(tmpdir(), 'hub-cert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the hub certificate', () => {
  it('is made once (key 0600), kept, and fingerprinted as the SHA-256 of its DER', () => {
    const made = loadOrCreateHubCertificate(join(dir, 'hub'));
    expect(statSync(join(dir, 'hub', KEY_FILE)).mode & 0o777).toBe(0o600);
    const x509 = new X509Certificate(made.cert);
    expect(made.fingerprint).toBe(x509.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(made.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // The key on disk is the certificate's key.
    expect(x509.checkPrivateKey(createPrivateKey(made.key))).toBe(true);
    const again = loadOrCreateHubCertificate(join(dir, 'hub'));
    expect(again).toEqual(made);
    expect(statSync(join(dir, 'hub', CERT_FILE)).isFile()).toBe(true);
  });

  it('differs from another hub folder', () => {
    expect(loadOrCreateHubCertificate(join(dir, 'other')).fingerprint).not.toBe(loadOrCreateHubCertificate(join(dir, 'hub')).fingerprint);
  });
});
