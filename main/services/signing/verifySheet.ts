/**
 * Checking a sheet from paper or file: read the QR codes, reassemble the SignedResult, verify
 * its Ed25519 signature (and, if given, that it is the enrolled station key).
 */
import { keyFingerprint } from '../../../shared/crypto/ed25519';
import { verifySignedResult } from '../../../shared/crypto/signed';
import { describeIssue } from '../../../shared/election/issues';
import type { SignedResult } from '../../../shared/election/schemas';
import { decodeSignedResultQr, describeQrError } from '../../../shared/sheets/qrPayload';
import { scanFile } from '../pdf/qrScan';

export type SheetVerification =
  | { readonly ok: true; readonly signed: SignedResult; readonly codes: number; readonly fingerprint: string }
  | {
      readonly ok: false;
      /** `file`: not a readable PDF/PNG/JPEG; `qr`: no complete set of codes; `signature`: the signature or key check failed. */
      readonly reason: 'file' | 'qr' | 'signature';
      readonly zh: string;
      readonly en: string;
      /** The decoded (but not trusted) result, when the codes could be read. */
      readonly signed?: SignedResult;
    };

export interface VerifySheetOptions {
  /** The station's enrolled public key (base64url): the result must be signed with it. */
  readonly stationKey?: string;
}

/** Verify the SignedResult carried by these QR code texts. */
export function verifyQrTexts(texts: readonly string[], options: VerifySheetOptions = {}): SheetVerification {
  const decoded = decodeSignedResultQr(texts);
  if (!decoded.ok) return { ok: false, reason: 'qr', zh: describeQrError(decoded.error, 'zh'), en: describeQrError(decoded.error, 'en') };
  const issues = verifySignedResult(decoded.signed, options.stationKey !== undefined ? { stationKey: options.stationKey } : {});
  if (issues.length > 0) {
    return {
      ok: false,
      reason: 'signature',
      zh: issues.map((found) => describeIssue(found, 'zh-CN')).join('；'),
      en: issues.map((found) => describeIssue(found, 'en')).join('; '),
      signed: decoded.signed,
    };
  }
  return { ok: true, signed: decoded.signed, codes: decoded.total, fingerprint: keyFingerprint(decoded.signed.stationKey) };
}

/** Read and verify a sheet file: a PDF, or a scan or photo of the paper (PNG or JPEG). */
export async function verifySheetFile(file: string, options: VerifySheetOptions = {}): Promise<SheetVerification> {
  let scanned;
  try {
    scanned = await scanFile(file);
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { ok: false, reason: 'file', zh: `无法读取文件 ${file}（${detail}）`, en: `Cannot read ${file} (${detail})` };
  }
  if (scanned.kind === 'unknown') {
    return { ok: false, reason: 'file', zh: `${file} 不是 PDF、PNG 或 JPEG 文件`, en: `${file} is not a PDF, PNG or JPEG file` };
  }
  return verifyQrTexts(scanned.texts, options);
}
