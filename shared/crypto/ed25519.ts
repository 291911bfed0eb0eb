/**
 * Ed25519 keys and signatures, all as base64url text: a 32-byte secret seed, a 32-byte public
 * key, a 64-byte signature. Verification is strict RFC 8032 (no ZIP-215 leniency).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64urlDecode, base64urlEncode, hexEncode } from './encoding';

export interface KeyPair {
  readonly publicKey: string;
  readonly secretKey: string;
}

const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

function decodeKey(text: string, what: string): Uint8Array {
  const bytes = base64urlDecode(text);
  if (bytes.length !== KEY_BYTES) throw new Error(`${what}: expected ${KEY_BYTES} bytes, got ${bytes.length}`);
  return bytes;
}

export function generateKeyPair(): KeyPair {
  const secret = ed25519.utils.randomSecretKey();
  return { publicKey: base64urlEncode(ed25519.getPublicKey(secret)), secretKey: base64urlEncode(secret) };
}

/** Throws a clear Error if the secret key is not a base64url 32-byte seed. */
export function publicKeyFromSecret(secretKey: string): string {
  return base64urlEncode(ed25519.getPublicKey(decodeKey(secretKey, 'Ed25519 secret key')));
}

/** The base64url signature of the message. Throws a clear Error for a malformed secret key. */
export function signBytes(message: Uint8Array, secretKey: string): string {
  return base64urlEncode(ed25519.sign(message, decodeKey(secretKey, 'Ed25519 secret key')));
}

/** Whether `signature` signs `message` under `publicKey`. Never throws: anything malformed is false. */
export function verifyBytes(message: Uint8Array, signature: string, publicKey: string): boolean {
  try {
    if (typeof signature !== 'string' || typeof publicKey !== 'string') return false;
    const sig = base64urlDecode(signature);
    const key = base64urlDecode(publicKey);
    if (sig.length !== SIGNATURE_BYTES || key.length !== KEY_BYTES) return false;
    return ed25519.verify(sig, message, key, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * A short fingerprint to compare keys by eye or over the phone: the first 16 hex digits of the
 * SHA-256 of the raw public key, in groups of four ("a1b2 c3d4 e5f6 0789").
 * Throws a clear Error if the key is not a base64url 32-byte key.
 */
export function keyFingerprint(publicKey: string): string {
  const digest = hexEncode(sha256(decodeKey(publicKey, 'Ed25519 public key'))).slice(0, 16);
  return digest.match(/.{4}/g)!.join(' ');
}
