/**
 * Checking a sheet from paper or file. Reads every code: the PSR1 codes (the signed result, on
 * the last page) and each page's PSP1 page code (which sheet and page, the result's SHA-256, the
 * figures printed on that page). Then, one check each:
 *
 * - the signed result's Ed25519 signature (and, if given, that it is the enrolled station key);
 * - every page code names this signed result and carries its numbers;
 * - a PDF: every page has a page code, the PDF's own digital signature is intact and made by the
 *   station's certificate (pdfSignatureCheck.ts), and the text layer prints the signed numbers
 *   (sheetText.ts).
 *
 * A photo of a page other than the last has no PSR1 codes: the signed result then comes from
 * `result` (the last page's photo, the sheet PDF, or a signed result JSON such as the district's).
 */
import { readFile } from 'node:fs/promises';
import { keyFingerprint } from '../../../shared/crypto/ed25519';
import { verifySignedResult } from '../../../shared/crypto/signed';
import { describeIssue, issue, type ValidationIssue } from '../../../shared/election/issues';
import { signedResultSchema, type SignedResult } from '../../../shared/election/schemas';
import { allFigureIds, decodePageCode, describeFigure, listPageFigures, pageCodeNames, pageCodeOf, pageFigureDifferences, type PageCode } from '../../../shared/sheets/pageCode';
import { decodeSignedResultQr, describeQrError } from '../../../shared/sheets/qrPayload';
import { fileKind, scanFile, type ScanOutcome } from '../pdf/qrScan';
import { checkPdfSignature } from './pdfSignatureCheck';
import { pageTexts, textLayerIssues } from './sheetText';

/** One line of the report: a check made and passed (or a note), in both languages. */
export interface CheckLine {
  readonly zh: string;
  readonly en: string;
}

export type SheetVerification =
  | {
      readonly ok: true;
      readonly signed: SignedResult;
      readonly codes: number;
      readonly fingerprint: string;
      /** The page codes read, in page order. */
      readonly pages: readonly PageCode[];
      /** The checks made, one line each. */
      readonly checks: readonly CheckLine[];
      /** What could not be checked (an unsigned PDF). */
      readonly notes: readonly CheckLine[];
    }
  | {
      readonly ok: false;
      /** `file`: not a readable PDF/PNG/JPEG; `qr`: no complete set of codes; `signature`: a check failed. */
      readonly reason: 'file' | 'qr' | 'signature';
      readonly zh: string;
      readonly en: string;
      /** The decoded (but not trusted) result, when the codes could be read. */
      readonly signed?: SignedResult;
      readonly pages?: readonly PageCode[];
      readonly checks?: readonly CheckLine[];
    };

export interface VerifySheetOptions {
  /** The station's enrolled public key (base64url): the result must be signed with it. */
  readonly stationKey?: string;
  /**
   * Where the signed result is when the file is a page without the PSR1 codes: the last page's
   * photo, the sheet PDF, or a signed result JSON file.
   */
  readonly result?: string;
}

const both = (issues: readonly ValidationIssue[]): { zh: string; en: string } => ({
  zh: issues.map((found) => describeIssue(found, 'zh-CN')).join('；'),
  en: issues.map((found) => describeIssue(found, 'en')).join('; '),
});

function failed(reason: 'file' | 'qr' | 'signature', issues: readonly ValidationIssue[], extra: { signed?: SignedResult; pages?: readonly PageCode[]; checks?: readonly CheckLine[] } = {}): SheetVerification {
  return { ok: false, reason, ...both(issues), ...extra };
}

/** Verify the SignedResult carried by these QR code texts. */
export function verifyQrTexts(texts: readonly string[], options: VerifySheetOptions = {}): SheetVerification {
  const decoded = decodeSignedResultQr(texts);
  if (!decoded.ok) return { ok: false, reason: 'qr', zh: describeQrError(decoded.error, 'zh'), en: describeQrError(decoded.error, 'en') };
  const issues = verifySignedResult(decoded.signed, options.stationKey !== undefined ? { stationKey: options.stationKey } : {});
  if (issues.length > 0) return failed('signature', issues, { signed: decoded.signed });
  return { ok: true, signed: decoded.signed, codes: decoded.total, fingerprint: keyFingerprint(decoded.signed.stationKey), pages: [], checks: [], notes: [] };
}

/** The first bytes of a file, as a reader would describe them. */
function headOf(bytes: Buffer): string {
  const head = bytes.subarray(0, 8);
  return /^[\x20-\x7e]+$/.test(head.toString('latin1')) ? JSON.stringify(head.toString('latin1')) : `0x${head.toString('hex')}`;
}

/** The file read and its codes found, or the sentence saying why not. */
async function scan(file: string): Promise<{ ok: true; bytes: Buffer; scanned: ScanOutcome } | { ok: false; result: SheetVerification }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { ok: false, result: { ok: false, reason: 'file', zh: `无法读取文件 ${file}（${detail}）`, en: `Cannot read ${file} (${detail})` } };
  }
  const kind = fileKind(bytes);
  if (kind === 'unknown') return { ok: false, result: failed('file', [issue('verify.notSheetFile', [], { file, head: headOf(bytes) })]) };
  // A PDF ends with %%EOF (a few bytes of white space may follow): without it the file was cut off.
  if (kind === 'pdf' && !/%%EOF\s*$/.test(bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1'))) {
    return { ok: false, result: failed('file', [issue('verify.truncatedPdf', [], { bytes: bytes.length })]) };
  }
  try {
    return { ok: true, bytes, scanned: await scanFile(file) };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0];
    const detail = stderr || (error as Error).message;
    return { ok: false, result: failed('file', [issue(kind === 'pdf' ? 'verify.unreadablePdf' : 'verify.unreadableImage', [], { detail })]) };
  }
}

/** The signed result given with --result: a JSON file of one, or another scan/PDF of the sheet. */
async function resultFrom(file: string, options: VerifySheetOptions): Promise<SheetVerification> {
  const text = await readFile(file).catch(() => null);
  if (text !== null && text[0] === 0x7b) {
    let raw: unknown;
    try {
      raw = JSON.parse(text.toString('utf8'));
    } catch {
      raw = null;
    }
    const parsed = signedResultSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: 'file', zh: `${file} 不是签名结果文件`, en: `${file} is not a signed result file` };
    const issues = verifySignedResult(parsed.data, options.stationKey !== undefined ? { stationKey: options.stationKey } : {});
    if (issues.length > 0) return failed('signature', issues, { signed: parsed.data });
    return { ok: true, signed: parsed.data, codes: 0, fingerprint: keyFingerprint(parsed.data.stationKey), pages: [], checks: [], notes: [] };
  }
  return verifySheetFile(file, { ...(options.stationKey !== undefined ? { stationKey: options.stationKey } : {}) });
}

function pageLine(code: PageCode, figures: number): CheckLine {
  return {
    zh: `第 ${code.page} 页（共 ${code.pages} 页）：投票站 ${code.station} 第 ${code.round} 轮的报告单，本页 ${figures} 个数字与签名结果一致`,
    en: `Page ${code.page} of ${code.pages}: the sheet of station ${code.station}, round ${code.round}; its ${figures} numbers match the signed result`,
  };
}

/** Read and verify a sheet file: a PDF, or a scan or photo of the paper (PNG or JPEG). */
export async function verifySheetFile(file: string, options: VerifySheetOptions = {}): Promise<SheetVerification> {
  const read = await scan(file);
  if (!read.ok) return read.result;
  const { bytes, scanned } = read;
  const pageCodes = scanned.texts.map(decodePageCode).filter((code): code is PageCode => code !== null);
  const pages = [...new Map(pageCodes.map((code) => [`${code.page}/${code.resultHash}`, code])).values()].sort((a, b) => a.page - b.page);
  const hasResultCodes = scanned.texts.some((text) => text.startsWith('PSR1:'));

  let source: SheetVerification;
  if (hasResultCodes || pages.length === 0) {
    source = verifyQrTexts(scanned.texts, options);
  } else if (options.result !== undefined) {
    source = await resultFrom(options.result, options);
  } else {
    return failed('qr', [issue('verify.noSignedResult', [])], { pages });
  }
  if (!source.ok) return { ...source, pages };
  const { signed } = source;

  const issues: ValidationIssue[] = [];
  const checks: CheckLine[] = [{ zh: `签名结果的签名有效（投票站 ${signed.station}，密钥指纹 ${source.fingerprint}）`, en: `The signed result's signature is valid (station ${signed.station}, key fingerprint ${source.fingerprint})` }];
  const notes: CheckLine[] = [];
  for (const code of pages) {
    if (!pageCodeNames(code, signed)) {
      issues.push(issue('verify.pageForeign', [], { page: code.page, station: code.station, round: code.round, hash: code.resultHash.slice(0, 16) }));
      continue;
    }
    const differences = pageFigureDifferences(code, signed);
    for (const difference of differences) {
      issues.push(issue('verify.pageFigureDiffers', [], { page: code.page, figure: describeFigure(difference.figure, signed.result, 'zh'), figureEn: describeFigure(difference.figure, signed.result, 'en'), printed: difference.figure.value ?? '—', signed: difference.signed ?? '—' }));
    }
    if (differences.length === 0) checks.push(pageLine(code, listPageFigures(code.figures).filter((figure) => figure.value !== null).length));
  }

  if (scanned.kind === 'pdf') {
    // A sheet printed before page codes has none: then the whole text is compared with the whole result.
    const legacy = pages.length === 0;
    if (legacy) {
      notes.push({ zh: '本报告单没有页码核验码（在页码核验码之前打印）：整份文字与签名结果核对', en: 'This sheet has no page codes (printed before them): its whole text was compared with the signed result' });
    }
    for (let page = 1; page <= scanned.pages && !legacy; page++) {
      if (!pages.some((code) => code.page === page)) issues.push(issue('verify.pageCodeMissing', [], { page }));
    }
    const signature = checkPdfSignature(bytes, signed.stationKey);
    if (signature.issues.length === 1 && signature.issues[0]!.code === 'verify.pdfUnsigned') {
      notes.push({ zh: 'PDF 文件没有数字签名：只核验了二维码和文字层', en: 'The PDF file is not digitally signed: only its codes and text were checked' });
    } else if (signature.issues.length > 0) {
      issues.push(...signature.issues);
    } else {
      checks.push({ zh: 'PDF 数字签名有效：覆盖整个文件，签名者为二维码中的投票站密钥', en: 'The PDF digital signature is valid: it covers the whole file and its signer is the station key in the QR codes' });
    }
    const texts = await pageTexts(file);
    const before = issues.length;
    for (const code of pages) {
      if (pageCodeNames(code, signed)) issues.push(...textLayerIssues(texts[code.page - 1] ?? '', code, signed.result));
    }
    if (legacy) {
      const whole = pageCodeOf(signed, 1, 1, allFigureIds(signed.result));
      issues.push(...textLayerIssues(texts.join('\n'), whole, signed.result, `1–${scanned.pages}`));
    }
    if (issues.length === before) checks.push({ zh: '各页文字层中的数字与签名结果一致', en: 'The numbers in every page\'s text layer match the signed result' });
  }
  if (issues.length > 0) return failed('signature', issues, { signed, pages, checks });
  return { ok: true, signed, codes: source.codes, fingerprint: source.fingerprint, pages, checks, notes };
}
