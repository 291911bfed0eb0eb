/**
 * Main's signing service: recount, sign the result with the station key, print the signed
 * sheet (and the announcement and certificates), sign the PDF files. What the app's bridge and
 * the `sheet` command call.
 */
import type { Outcome } from '../../../shared/election/issues';
import type { CountResult, SignedResult, Station } from '../../../shared/election/schemas';
import type { Participation, SheetInput, SheetStaff } from '../../../shared/sheets/types';
import { UnreadableSheetCodes } from '../pdf/qrCheck';
import { renderSheet } from '../pdf/sheets';
import { signCountResult } from './signCountResult';
import type { KeySource } from './stationKeys';

export { signCountResult, firstDifference, type SignCountResultArgs } from './signCountResult';
export { stationSigner, type KeySource, type StationSigner } from './stationKeys';
export { loadOrCreatePdfCert, certificateBindsStationKey, pdfCertPath, type PdfSigningCert } from './pdfCertificate';
export { signPdf, type PdfSignatureOptions } from './pdfSignature';
export { verifySheetFile, verifyQrTexts, type SheetVerification } from './verifySheet';

export type ProduceSheetsArgs = KeySource & {
  /** The CountInput (untrusted: validated and recounted here). */
  readonly input: unknown;
  /** The result the app shows; it must equal main's recount. */
  readonly result: unknown;
  readonly station: Station;
  readonly signedAt: string;
  readonly setup?: SheetStaff | null;
  readonly participation?: Participation | null;
  /** Earlier rounds, oldest first; default: the input's `runoffOf` for a runoff round. */
  readonly previousRounds?: readonly CountResult[];
  readonly organizer?: string;
  /** Also make the announcement and the certificates (default true). */
  readonly allDocuments?: boolean;
  /** Sign the PDF files (default true). */
  readonly pdfSignature?: boolean;
  /** The station runs the demo package: the result says `demo: true`, the documents 演示 (default false). */
  readonly demo?: boolean;
};

export interface PrintedSheets {
  readonly signed: SignedResult;
  /** Everything the sheets were made from: keep it to reprint the same bytes (`reprintSheets`). */
  readonly sheetInput: SheetInput;
  readonly sheet: Buffer;
  readonly announcement: Buffer | null;
  /** Null when nobody is elected. */
  readonly certificates: Buffer | null;
}

function keySourceOf(args: KeySource): KeySource {
  return 'dataDir' in args ? { dataDir: args.dataDir } : { keyFile: args.keyFile };
}

/** Recount, sign, render and sign the PDFs. Refuses (issues, nothing signed) if the result disagrees. */
export async function produceSheets(args: ProduceSheetsArgs): Promise<Outcome<PrintedSheets>> {
  const source = keySourceOf(args);
  const signed = signCountResult({ ...source, input: args.input, result: args.result, station: args.station.id, signedAt: args.signedAt, demo: args.demo === true });
  if (!signed.ok) return signed;
  const runoffOf = (args.input as { runoffOf?: CountResult | null }).runoffOf ?? null;
  const sheetInput: SheetInput = {
    election: (args.input as { election: SheetInput['election'] }).election,
    station: args.station,
    signed: signed.value,
    setup: args.setup ?? null,
    participation: args.participation ?? null,
    previousRounds: args.previousRounds ?? (runoffOf ? [runoffOf] : []),
    ...(args.organizer !== undefined ? { organizer: args.organizer } : {}),
  };
  const produced = await printedOrRefused(reprintSheets(sheetInput, { ...source, pdfSignature: args.pdfSignature ?? true, allDocuments: args.allDocuments ?? true }));
  if (!produced.ok) return produced;
  return { ok: true, value: { signed: signed.value, sheetInput, ...produced.value } };
}

/** The printed documents, or the refusal of a sheet whose QR codes do not read back (qrCheck.ts). */
export async function printedOrRefused<T>(printing: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await printing };
  } catch (error) {
    if (error instanceof UnreadableSheetCodes) return { ok: false, issues: [error.issue()] };
    throw error;
  }
}

export type ReprintOptions = KeySource & { readonly pdfSignature?: boolean; readonly allDocuments?: boolean };

/** The documents of an already signed result, byte-identical to the first print of the same input. */
export async function reprintSheets(
  sheetInput: SheetInput,
  options: ReprintOptions,
): Promise<{ sheet: Buffer; announcement: Buffer | null; certificates: Buffer | null }> {
  const render = { ...((options.pdfSignature ?? true) ? { pdfSignature: keySourceOf(options) } : {}) };
  const sheet = (await renderSheet('result', sheetInput, render))!;
  if (options.allDocuments === false) return { sheet, announcement: null, certificates: null };
  const announcement = await renderSheet('announcement', sheetInput, render);
  const certificates = await renderSheet('certificates', sheetInput, render);
  return { sheet, announcement, certificates };
}
