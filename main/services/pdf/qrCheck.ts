/**
 * Every code on a sheet is read back before the sheet is offered for printing (issue 18): the
 * encoder's matrix — the very modules the sheet's PNG carries — is drawn into an in-memory image
 * (white quiet zone, whole pixels a module) and decoded with jsQR, the reader of qrScan.ts. A code
 * that does not decode to its own text stops the sheet. Rasterising the PDF would check the same
 * modules at far greater cost: the PNG is lossless and pdfmake only scales it.
 */
import jsQR from 'jsqr';
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import type { SignedResult } from '../../../shared/election/schemas';
import { qrCodes, QR_QUIET_MODULES } from '../../../shared/sheets/layout';
import { PIXELS_PER_MODULE, qrMatrix } from '../../../shared/sheets/qrImage';
import type { QrCodeSpec } from '../../../shared/sheets/qrPayload';
import type { RgbaImage } from './qrScan';

/** The matrix as an RGBA image: `quiet` white modules around it, `scale` pixels a module. */
export function matrixImage(matrix: readonly (readonly boolean[])[], quiet = QR_QUIET_MODULES, scale = PIXELS_PER_MODULE): RgbaImage {
  const side = (matrix.length + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  matrix.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let py = (y + quiet) * scale; py < (y + quiet + 1) * scale; py++) {
        for (let px = (x + quiet) * scale; px < (x + quiet + 1) * scale; px++) data.fill(0, (py * side + px) * 4, (py * side + px) * 4 + 3);
      }
    });
  });
  return { width: side, height: side, data };
}

/** The text jsQR reads from the matrix, or null when it reads nothing. */
export function readMatrix(matrix: readonly (readonly boolean[])[], scale = PIXELS_PER_MODULE): string | null {
  const image = matrixImage(matrix, QR_QUIET_MODULES, scale);
  return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

/** The codes whose drawn matrix does not read back as their own text (empty: all readable). */
export function unreadableCodes(specs: readonly QrCodeSpec[], matrixOf: (spec: QrCodeSpec) => readonly (readonly boolean[])[] = (spec) => qrMatrix(spec.text, spec.version)): QrCodeSpec[] {
  return specs.filter((spec) => readMatrix(matrixOf(spec)) !== spec.text);
}

/** A sheet refused because some of its codes do not read back (issue `sheet.qrUnreadable`). */
export class UnreadableSheetCodes extends Error {
  constructor(
    /** The 1-based numbers of the codes that failed. */
    readonly codes: readonly number[],
    readonly total: number,
  ) {
    super(`QR code ${codes.join(', ')} of ${total} does not read back`);
    this.name = 'UnreadableSheetCodes';
  }

  /** The refusal as an issue for the station (zh-CN/en text in shared/election/messages.ts). */
  issue(): ValidationIssue {
    return issue('sheet.qrUnreadable', [], { codes: this.codes.join(', '), total: this.total });
  }
}

/** Throws UnreadableSheetCodes unless every code of the signed result's sheet reads back. */
export function assertSheetCodesReadable(signed: SignedResult, matrixOf?: (spec: QrCodeSpec) => readonly (readonly boolean[])[]): void {
  const { specs } = qrCodes(signed);
  const failed = unreadableCodes(specs, matrixOf);
  if (failed.length > 0) throw new UnreadableSheetCodes(failed.map((spec) => spec.index), specs.length);
}
