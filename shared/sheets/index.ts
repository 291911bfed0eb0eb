/**
 * The printed sheets as pdfmake document definitions (pure: no IO). `main/services/pdf`
 * renders them with the bundled Noto Sans SC font (font name `NotoSC`).
 */
export type { Participation, SheetInput, SheetStaff } from './types';
export { resultSheet, voidRoundSheet } from './resultSheet';
export { announcementSheet } from './announcement';
export { certificatesSheet, certificateRecipients, certificateNumber } from './certificates';
export { electedPersons, roundsOf, seatSummary, type ElectedPerson, type SeatSummary } from './elected';
export { SHEET_FONT, SHEET_PRODUCER, QR_MODULE_PT, qrCodes } from './layout';
export {
  QR_PREFIX,
  QR_ECC_LEVEL,
  QR_MAX_VERSION,
  QR_ALNUM_CAPACITY_M,
  base45Decode,
  base45Encode,
  decodeSignedResultQr,
  describeQrError,
  encodeSignedResultData,
  encodeSignedResultQr,
  qrDecodeMessages,
  qrVersionFor,
  type QrCodeSpec,
  type QrDecoded,
  type QrDecodeError,
  type QrDecodeErrorCode,
} from './qrPayload';
