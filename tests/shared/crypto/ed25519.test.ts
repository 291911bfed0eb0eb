import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  generateKeyPair,
  hexDecode,
  hexEncode,
  keyFingerprint,
  publicKeyFromSecret,
  sha256Hex,
  signBytes,
  verifyBytes,
} from '../../../shared/crypto';

const b64 = (hex: string): string => base64urlEncode(hexDecode(hex));

/** RFC 8032 §7.1, tests 1 and 2. */
const VECTORS = [
  {
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
];

describe('ed25519', () => {
  it('matches the RFC 8032 test vectors', () => {
    for (const v of VECTORS) {
      expect(publicKeyFromSecret(b64(v.secret))).toBe(b64(v.public));
      expect(signBytes(hexDecode(v.message), b64(v.secret))).toBe(b64(v.signature));
      expect(verifyBytes(hexDecode(v.message), b64(v.signature), b64(v.public))).toBe(true);
    }
  });

  it('generates base64url 32-byte keys whose public half derives from the secret', () => {
    const pair = generateKeyPair();
    expect(base64urlDecode(pair.secretKey)).toHaveLength(32);
    expect(base64urlDecode(pair.publicKey)).toHaveLength(32);
    expect(publicKeyFromSecret(pair.secretKey)).toBe(pair.publicKey);
    expect(generateKeyPair().secretKey).not.toBe(pair.secretKey);
  });

  it('sign/verify round trip; another message or key fails', () => {
    const pair = generateKeyPair();
    const other = generateKeyPair();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 1, maxLength: 1 }), (message, extra) => {
        const signature = signBytes(message, pair.secretKey);
        expect(base64urlDecode(signature)).toHaveLength(64);
        expect(verifyBytes(message, signature, pair.publicKey)).toBe(true);
        expect(verifyBytes(message, signature, other.publicKey)).toBe(false);
        expect(verifyBytes(new Uint8Array([...message, ...extra]), signature, pair.publicKey)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('verifyBytes never throws on malformed keys or signatures', () => {
    const pair = generateKeyPair();
    const message = new Uint8Array([1, 2, 3]);
    const signature = signBytes(message, pair.secretKey);
    const bad = ['', '!!!', 'Zg==', 'AAAA', signature.slice(1), `${signature}AA`, pair.publicKey.slice(0, 42), 'A'.repeat(43)];
    for (const value of bad) {
      expect(verifyBytes(message, value, pair.publicKey)).toBe(false);
      expect(verifyBytes(message, signature, value)).toBe(false);
    }
    // All-ones: a 32-byte key that is not a valid curve point encoding.
    expect(verifyBytes(message, signature, base64urlEncode(new Uint8Array(32).fill(255)))).toBe(false);
    expect(verifyBytes(message, null as unknown as string, pair.publicKey)).toBe(false);
    expect(verifyBytes(message, signature, 42 as unknown as string)).toBe(false);
  });

  it('signing and deriving with a malformed secret key throws a clear Error', () => {
    expect(() => signBytes(new Uint8Array(), 'AAAA')).toThrow(/secret key: expected 32 bytes, got 3/);
    expect(() => publicKeyFromSecret('not base64!')).toThrow(/base64url: invalid character/);
  });

  it('keyFingerprint: first 16 hex digits of SHA-256 of the raw key, grouped by 4', () => {
    const pair = generateKeyPair();
    const fingerprint = keyFingerprint(pair.publicKey);
    expect(fingerprint).toMatch(/^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$/);
    expect(fingerprint.replaceAll(' ', '')).toBe(sha256Hex(base64urlDecode(pair.publicKey)).slice(0, 16));
    expect(keyFingerprint(b64(VECTORS[0]!.public))).toBe(
      hexEncode(hexDecode(sha256Hex(hexDecode(VECTORS[0]!.public)).slice(0, 16))).match(/.{4}/g)!.join(' '),
    );
    expect(keyFingerprint(generateKeyPair().publicKey)).not.toBe(fingerprint);
    expect(() => keyFingerprint('AAAA')).toThrow(/public key: expected 32 bytes/);
  });
});
