/**
 * The QR payload of a printed sheet: the SignedResult, compact enough for a few QR codes, and
 * decoded back to the identical object (pure; runs in Node, the browser and the district server).
 *
 * Encoding "PSR1" (polling-station signed result, version 1):
 *
 *   data   = base45( deflateRaw( utf8( canonicalJson(signedResult) ) ) )      (RFC 8785, RFC 1951, RFC 9285)
 *   code i = "PSR1:" + i + "/" + n + ":" + data.slice(...)                     (i = 1..n, decimal)
 *
 * Every character is in the QR alphanumeric set (0-9 A-Z space $ % * + - . / :), so each code is
 * written in alphanumeric mode (5.5 bits a character): a 3-position result (≈2.1 KB of JSON)
 * becomes ≈900 deflated bytes, ≈1,350 characters, two version-17 codes at ECC level M. The data is
 * cut into `n` nearly equal consecutive parts; a reader concatenates them in `i` order. Inflate is
 * standard DEFLATE, so any zlib can read a sheet; the deflater (fflate, level 9) is pinned so the
 * same result always prints the same codes.
 */
import { deflateSync, inflateSync } from 'fflate';
import { canonicalJson, utf8 } from '../crypto/canonical';
import { signedResultSchema, type SignedResult } from '../election/schemas';

export const QR_PREFIX = 'PSR1';

/** QR error correction level used for the sheet's codes (≈15 % of a code may be damaged). */
export const QR_ECC_LEVEL = 'M';

/**
 * Alphanumeric-mode capacity (characters) of QR versions 1–40 at ECC level M (ISO/IEC 18004
 * table 7; checked against pdfmake's encoder in the tests).
 */
export const QR_ALNUM_CAPACITY_M: readonly number[] = [
  20, 38, 61, 90, 122, 154, 178, 221, 262, 311, 366, 419, 483, 528, 600, 656, 734, 816, 909, 970, 1035, 1134, 1248, 1326,
  1451, 1542, 1637, 1732, 1839, 1994, 2113, 2238, 2369, 2506, 2632, 2780, 2894, 3054, 3220, 3391,
];

/** The largest version a sheet prints: 85 × 85 modules, ≈ 60 mm at 2 pt a module. */
export const QR_MAX_VERSION = 17;

const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** RFC 9285 base45. */
export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    out += BASE45[c]! + BASE45[d]! + BASE45[e]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += BASE45[n % 45]! + BASE45[Math.floor(n / 45)]!;
  }
  return out;
}

/** RFC 9285 base45; throws for a character outside the alphabet, a bad length or an overflowing group. */
export function base45Decode(text: string): Uint8Array {
  if (text.length % 3 === 1) throw new Error(`base45: invalid length ${text.length}`);
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  const value = (i: number): number => {
    const v = BASE45.indexOf(text[i]!);
    if (v < 0) throw new Error(`base45: invalid character ${JSON.stringify(text[i])} at position ${i}`);
    return v;
  };
  let at = 0;
  for (let i = 0; i < text.length; i += 3) {
    if (i + 2 < text.length) {
      const n = value(i) + value(i + 1) * 45 + value(i + 2) * 2025;
      if (n > 0xffff) throw new Error(`base45: group at position ${i} is out of range`);
      out[at++] = n >> 8;
      out[at++] = n & 0xff;
    } else {
      const n = value(i) + value(i + 1) * 45;
      if (n > 0xff) throw new Error(`base45: group at position ${i} is out of range`);
      out[at++] = n;
    }
  }
  return out;
}

/** The smallest QR version (ECC M, alphanumeric) that holds `length` characters. */
export function qrVersionFor(length: number): number {
  const index = QR_ALNUM_CAPACITY_M.findIndex((capacity) => capacity >= length);
  if (index < 0) throw new Error(`QR: ${length} characters do not fit in one code`);
  return index + 1;
}

function header(index: number, total: number): string {
  return `${QR_PREFIX}:${index}/${total}:`;
}

/** The data part of the payload: base45 of the deflated canonical JSON. */
export function encodeSignedResultData(signed: SignedResult): string {
  return base45Encode(deflateSync(utf8(canonicalJson(signed)), { level: 9, mem: 8 }));
}

export interface QrCodeSpec {
  /** The text of the code (alphanumeric mode). */
  readonly text: string;
  readonly index: number;
  readonly total: number;
  /** The QR version to print it in: the same for every code of a set, so they look alike. */
  readonly version: number;
}

/**
 * The codes that carry `signed`: as few as possible with each at most version `maxVersion`
 * (default 17), the data split into nearly equal parts.
 */
export function encodeSignedResultQr(signed: SignedResult, maxVersion = QR_MAX_VERSION): QrCodeSpec[] {
  const data = encodeSignedResultData(signed);
  const capacity = QR_ALNUM_CAPACITY_M[maxVersion - 1];
  if (capacity === undefined) throw new Error(`QR: no version ${maxVersion}`);
  for (let total = 1; total <= 99; total++) {
    const part = Math.ceil(data.length / total);
    if (part + header(total, total).length > capacity) continue;
    // Parts differ by at most one character: the first `data.length % total` get one more.
    const base = Math.floor(data.length / total);
    const longer = data.length % total;
    const texts: string[] = [];
    let at = 0;
    for (let i = 0; i < total; i++) {
      const size = base + (i < longer ? 1 : 0);
      texts.push(header(i + 1, total) + data.slice(at, at + size));
      at += size;
    }
    const version = qrVersionFor(Math.max(...texts.map((text) => text.length)));
    return texts.map((text, i) => ({ text, index: i + 1, total, version }));
  }
  throw new Error('QR: the signed result is too large for 99 codes');
}

export type QrDecodeErrorCode = 'qr.none' | 'qr.notOurs' | 'qr.mixedSets' | 'qr.incomplete' | 'qr.damaged' | 'qr.notSignedResult';

export const qrDecodeMessages: Readonly<Record<QrDecodeErrorCode, { readonly zh: string; readonly en: string }>> = {
  'qr.none': { zh: '没有找到二维码', en: 'No QR code was found' },
  'qr.notOurs': { zh: '找到的二维码不是选举结果报告单的核验码', en: 'The QR code(s) found are not the verification codes of a result sheet' },
  'qr.mixedSets': { zh: '二维码来自不同的报告单（编号不一致）', en: 'The QR codes come from different sheets (their numbering disagrees)' },
  'qr.incomplete': { zh: '核验码不完整：缺少第 {missing} 个（共 {total} 个）', en: 'The set of QR codes is incomplete: missing {missing} of {total}' },
  'qr.damaged': { zh: '核验码内容已损坏，无法还原', en: 'The QR data is damaged and cannot be decoded' },
  'qr.notSignedResult': { zh: '核验码中的内容不是有效的签名结果：{detail}', en: 'The QR data is not a valid signed result: {detail}' },
};

export interface QrDecodeError {
  readonly code: QrDecodeErrorCode;
  readonly params?: Readonly<Record<string, string | number>>;
}

export type QrDecoded = { readonly ok: true; readonly signed: SignedResult; readonly total: number } | { readonly ok: false; readonly error: QrDecodeError };

export function describeQrError(error: QrDecodeError, language: 'zh' | 'en'): string {
  return qrDecodeMessages[error.code][language].replace(/\{(\w+)\}/g, (whole, key: string) => String(error.params?.[key] ?? whole));
}

const CODE = /^PSR1:(\d{1,2})\/(\d{1,2}):([0-9A-Z $%*+\-./:]*)$/;

/**
 * The SignedResult carried by the scanned code texts (in any order, repeats allowed; texts that
 * are not PSR1 codes are ignored). Checks the set is complete and the object matches the
 * schema; the caller still verifies the signature.
 */
export function decodeSignedResultQr(texts: readonly string[]): QrDecoded {
  if (texts.length === 0) return { ok: false, error: { code: 'qr.none' } };
  const parts = new Map<number, string>();
  let total: number | undefined;
  for (const text of texts) {
    const match = CODE.exec(text);
    if (!match) continue;
    const index = Number(match[1]);
    const count = Number(match[2]);
    if (count < 1 || index < 1 || index > count) continue;
    if (total !== undefined && total !== count) return { ok: false, error: { code: 'qr.mixedSets' } };
    total = count;
    const seen = parts.get(index);
    if (seen !== undefined && seen !== match[3]) return { ok: false, error: { code: 'qr.mixedSets' } };
    parts.set(index, match[3]!);
  }
  if (total === undefined) return { ok: false, error: { code: 'qr.notOurs' } };
  const missing: number[] = [];
  for (let i = 1; i <= total; i++) if (!parts.has(i)) missing.push(i);
  if (missing.length > 0) return { ok: false, error: { code: 'qr.incomplete', params: { missing: missing.join(', '), total } } };
  let text: string;
  try {
    const data = Array.from({ length: total }, (_, i) => parts.get(i + 1)!).join('');
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflateSync(base45Decode(data)));
  } catch {
    return { ok: false, error: { code: 'qr.damaged' } };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'qr.damaged' } };
  }
  const parsed = signedResultSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const detail = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'schema';
    return { ok: false, error: { code: 'qr.notSignedResult', params: { detail } } };
  }
  return { ok: true, signed: parsed.data, total };
}
