/**
 * The station's printed documents as PDF bytes: build the definition (`shared/sheets`), render
 * it, and sign the file with the station's PDF certificate. Everything derives from the
 * SheetInput, so the same input gives the same bytes: a reprint is provably the same sheet.
 */
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { keyFingerprint } from '../../../shared/crypto/ed25519';
import { announcementSheet } from '../../../shared/sheets/announcement';
import { certificatesSheet } from '../../../shared/sheets/certificates';
import { resultSheet } from '../../../shared/sheets/resultSheet';
import type { SheetInput } from '../../../shared/sheets/types';
import { loadOrCreatePdfCert } from '../signing/pdfCertificate';
import { signPdf } from '../signing/pdfSignature';
import { stationSigner, type KeySource } from '../signing/stationKeys';
import { assertSheetCodesReadable } from './qrCheck';
import { renderWithPageCodes } from './pageCodes';
import { renderPdf } from '../../../server/pdf/render';

export type SheetKind = 'result' | 'announcement' | 'certificates';

const REASON: Record<SheetKind, string> = {
  result: '选举结果报告单',
  announcement: '选举结果公告',
  certificates: '当选证书',
};

/** The pdfmake definition of a document; null for certificates when nobody is elected. */
export function sheetDefinition(kind: SheetKind, input: SheetInput): TDocumentDefinitions | null {
  switch (kind) {
    case 'result':
      return resultSheet(input);
    case 'announcement':
      return announcementSheet(input);
    case 'certificates':
      return certificatesSheet(input);
  }
}

export interface RenderSheetOptions {
  /**
   * Sign the PDF file with the station's companion certificate (made next to this key on first
   * use). The key must be the one that signed `input.signed`. Omit for an unsigned PDF.
   */
  readonly pdfSignature?: KeySource;
}

/**
 * The PDF of one document (null: certificates of a round that elected nobody). The result sheet's
 * QR codes are read back first: throws UnreadableSheetCodes (qrCheck.ts) rather than make a sheet
 * with a code no reader decodes.
 */
export async function renderSheet(kind: SheetKind, input: SheetInput, options: RenderSheetOptions = {}): Promise<Buffer | null> {
  if (kind === 'result') assertSheetCodesReadable(input.signed);
  const definition = sheetDefinition(kind, input);
  if (definition === null) return null;
  // The result sheet carries a page code on every page (pageCodes.ts).
  const pdf = kind === 'result' ? await renderWithPageCodes(() => sheetDefinition(kind, input)!, input.signed) : await renderPdf(definition);
  if (!options.pdfSignature) return pdf;
  const signer = stationSigner(options.pdfSignature);
  if (signer.publicKey !== input.signed.stationKey) {
    throw new Error(
      `renderSheet: the key given for the PDF signature (${signer.fingerprint}) is not the key that signed the result (${keyFingerprint(input.signed.stationKey)})`,
    );
  }
  const { election, station, signed } = input;
  return signPdf(pdf, {
    cert: loadOrCreatePdfCert(signer),
    signingTime: new Date(signed.signedAt),
    reason: REASON[kind],
    name: `${station.name}（${station.id}）`,
    location: [election.district, election.street, election.community].filter((part) => part !== undefined && part !== '').join(' '),
    contactInfo: `Ed25519 ${signer.fingerprint}`,
  });
}
