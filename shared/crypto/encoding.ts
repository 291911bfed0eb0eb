/**
 * Byte encodings at the boundaries: base64url without padding (RFC 4648 §5) for keys and
 * signatures, lowercase hex for hashes. Decoding is strict, so every byte string has exactly
 * one accepted text: no padding, no whitespace, no stray bits in the last character.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const DECODE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Strict decode: throws a clear Error for characters outside A–Z a–z 0–9 - _, or a non-canonical text. */
export function base64urlDecode(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? DECODE[code]! : -1;
    if (value < 0) {
      throw new Error(`base64url: invalid character ${JSON.stringify(text[i])} at position ${i}`);
    }
    buffer = ((buffer << 6) | value) & 0xfff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 0xff;
    }
  }
  if (text.length % 4 === 1) {
    throw new Error(`base64url: invalid length ${text.length} (a length of 4n+1 encodes no whole byte)`);
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) {
    throw new Error('base64url: non-canonical encoding (unused bits in the last character are not zero)');
  }
  return out;
}

export function hexEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Decodes lowercase or uppercase hex; throws a clear Error for an odd length or a non-hex character. */
export function hexDecode(text: string): Uint8Array {
  if (text.length % 2 !== 0) throw new Error(`hex: odd length ${text.length}`);
  const match = /[^0-9a-fA-F]/.exec(text);
  if (match) throw new Error(`hex: invalid character ${JSON.stringify(match[0])} at position ${match.index}`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}
