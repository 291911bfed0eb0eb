import { inflateRawSync } from 'node:zlib';
import * as QRCode from 'qrcode/lib/core/qrcode.js';
import * as ECLevel from 'qrcode/lib/core/error-correction-level.js';
import * as Mode from 'qrcode/lib/core/mode.js';
import { getCapacity } from 'qrcode/lib/core/version.js';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/crypto/canonical';
import {
  base45Decode,
  base45Encode,
  decodeSignedResultQr,
  encodeSignedResultData,
  encodeSignedResultQr,
  QR_ALNUM_CAPACITY_M,
  QR_MAX_VERSION,
} from '../../../shared/sheets/qrPayload';
import { matrixPng, qrMatrix } from '../../../shared/sheets/qrImage';
import { signedScenarios } from './fixtures';

const scenarios = signedScenarios();

describe('base45 (RFC 9285)', () => {
  it('matches the RFC examples', () => {
    const ascii = (text: string) => new TextEncoder().encode(text);
    expect(base45Encode(ascii('AB'))).toBe('BB8');
    expect(base45Encode(ascii('Hello!!'))).toBe('%69 VD92EX0');
    expect(base45Encode(ascii('base-45'))).toBe('UJCLQE7W581');
    expect(new TextDecoder().decode(base45Decode('QED8WEX0'))).toBe('ietf!');
  });

  it('round-trips every byte value and length', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 13) & 0xff);
      expect(base45Decode(base45Encode(bytes))).toEqual(bytes);
    }
    expect(base45Decode(base45Encode(new Uint8Array([255, 255, 255])))).toEqual(new Uint8Array([255, 255, 255]));
  });

  it('refuses bad input', () => {
    expect(() => base45Decode('GGW')).toThrow(/out of range/); // 65535 < value
    expect(() => base45Decode('ab')).toThrow(/invalid character/);
    expect(() => base45Decode('AAAA')).toThrow(/length/);
  });
});

describe('QR capacity table', () => {
  it('agrees with the qrcode encoder for every version (alphanumeric, ECC M)', () => {
    QR_ALNUM_CAPACITY_M.forEach((capacity, index) => {
      const version = index + 1;
      expect(getCapacity(version, ECLevel.M, Mode.ALPHANUMERIC), `v${version}`).toBe(capacity);
      const fits = QRCode.create([{ data: 'A'.repeat(capacity), mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' });
      expect(fits.version, `v${version}`).toBe(version);
      if (capacity < 3391) {
        const over = QRCode.create([{ data: 'A'.repeat(capacity + 1), mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' });
        expect(over.version, `v${version}+1`).toBe(version + 1);
      }
    });
  });

  it('makes a module matrix that round-trips through a PNG', () => {
    const matrix = qrMatrix('PSR1:1/1:HELLO', 2);
    expect(matrix).toHaveLength(25);
    expect(matrix[0]!.slice(0, 7)).toEqual([true, true, true, true, true, true, true]); // finder pattern
    const png = matrixPng(matrix);
    expect(Array.from(png.subarray(1, 4), (c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });
});

describe('PSR1 payload', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s decodes back to the identical SignedResult', (_name, scenario) => {
    const codes = encodeSignedResultQr(scenario.signed);
    expect(codes.length).toBeGreaterThanOrEqual(1);
    for (const code of codes) {
      expect(code.text).toMatch(/^PSR1:\d+\/\d+:[0-9A-Z $%*+\-./:]+$/);
      expect(code.text.length).toBeLessThanOrEqual(QR_ALNUM_CAPACITY_M[code.version - 1]!);
      expect(code.version).toBeLessThanOrEqual(QR_MAX_VERSION);
      expect(code.total).toBe(codes.length);
    }
    const decoded = decodeSignedResultQr([...codes].reverse().map((code) => code.text));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.signed).toEqual(scenario.signed);
    expect(canonicalJson(decoded.signed)).toBe(canonicalJson(scenario.signed));
  });

  it('is standard raw DEFLATE (any zlib reads it) and deterministic', () => {
    const signed = scenarios[0]!.signed;
    const data = encodeSignedResultData(signed);
    expect(inflateRawSync(base45Decode(data)).toString('utf8')).toBe(canonicalJson(signed));
    expect(encodeSignedResultQr(signed)).toEqual(encodeSignedResultQr(structuredClone(signed)));
  });

  it('is ≈2.3× smaller than the JSON and splits a large result into several equal codes', () => {
    const signed = scenarios[0]!.signed;
    expect(encodeSignedResultData(signed).length).toBeLessThan(canonicalJson(signed).length * 0.75);
    const small = encodeSignedResultQr(signed, 10);
    expect(small.length).toBeGreaterThan(2);
    const lengths = small.map((code) => code.text.length);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
    const decoded = decodeSignedResultQr(small.map((code) => code.text));
    expect(decoded.ok && decoded.signed).toEqual(signed);
  });

  it('reports a missing code, mixed sets, foreign codes, damage and a wrong object', () => {
    const codes = encodeSignedResultQr(scenarios[0]!.signed, 10).map((code) => code.text);
    expect(decodeSignedResultQr([])).toEqual({ ok: false, error: { code: 'qr.none' } });
    expect(decodeSignedResultQr(['https://example.org'])).toEqual({ ok: false, error: { code: 'qr.notOurs' } });
    const missing = decodeSignedResultQr(codes.slice(1));
    expect(missing).toEqual({ ok: false, error: { code: 'qr.incomplete', params: { missing: '1', total: codes.length } } });
    const other = encodeSignedResultQr(scenarios[1]!.signed, 10).map((code) => code.text);
    expect(decodeSignedResultQr([codes[0]!, other[0]!]).ok).toBe(false);
    const swapped = [...codes];
    swapped[0] = codes[0]!.replace(/:(.)(.)/, ':$2$1');
    expect(decodeSignedResultQr(swapped)).toMatchObject({ ok: false });
    const notSigned = base45Encode(new TextEncoder().encode('x')); // not deflate
    expect(decodeSignedResultQr([`PSR1:1/1:${notSigned}`])).toEqual({ ok: false, error: { code: 'qr.damaged' } });
  });

  it('checks the decoded object against the SignedResult schema', async () => {
    const { deflateSync } = await import('fflate');
    const bogus = base45Encode(deflateSync(new TextEncoder().encode(JSON.stringify({ format: 'something-else' }))));
    const decoded = decodeSignedResultQr([`PSR1:1/1:${bogus}`]);
    expect(decoded).toMatchObject({ ok: false, error: { code: 'qr.notSignedResult' } });
  });
});
