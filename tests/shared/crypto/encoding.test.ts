import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, hexDecode, hexEncode } from '../../../shared/crypto';

describe('base64url', () => {
  it('round-trips any bytes and matches the RFC 4648 §5 alphabet without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = base64urlEncode(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64urlDecode(text)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('RFC 4648 vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) {
      expect(base64urlEncode(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base64urlDecode(encoded))).toBe(plain);
    }
    expect(base64urlEncode(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
  });

  it('rejects invalid characters with a clear Error', () => {
    expect(() => base64urlDecode('Zm9v+A')).toThrow(/invalid character "\+" at position 4/);
    expect(() => base64urlDecode('Zm9/')).toThrow(/invalid character "\/"/);
    expect(() => base64urlDecode('Zg==')).toThrow(/invalid character "="/);
    expect(() => base64urlDecode('Zm 9')).toThrow(/invalid character " "/);
    expect(() => base64urlDecode('Zm9v\n')).toThrow(/invalid character/);
    expect(() => base64urlDecode('Zm9é')).toThrow(/invalid character "é"/);
  });

  it('rejects an impossible length and non-canonical trailing bits', () => {
    expect(() => base64urlDecode('Zm9vY')).toThrow(/invalid length 5/);
    expect(() => base64urlDecode('Zh')).toThrow(/non-canonical/);
    expect(() => base64urlDecode('Zm9')).toThrow(/non-canonical/);
  });

  it('rejects any string containing a character outside the alphabet', () => {
    const outside = fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }).filter((c) => !/^[A-Za-z0-9_-]$/.test(c));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), outside, fc.nat(), (bytes, bad, at) => {
        const text = base64urlEncode(bytes);
        const index = at % (text.length + 1);
        expect(() => base64urlDecode(text.slice(0, index) + bad + text.slice(index))).toThrow(/base64url/);
      }),
    );
  });
});

describe('hex', () => {
  it('round-trips and is lowercase', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = hexEncode(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('hex'));
        expect(hexDecode(text)).toEqual(bytes);
      }),
    );
    expect(hexDecode('ABff')).toEqual(new Uint8Array([0xab, 0xff]));
  });

  it('rejects odd lengths and non-hex characters', () => {
    expect(() => hexDecode('abc')).toThrow(/odd length/);
    expect(() => hexDecode('zz')).toThrow(/invalid character "z"/);
    expect(() => hexDecode('0x')).toThrow(/invalid character "x"/);
  });
});
