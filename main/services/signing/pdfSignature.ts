/**
 * The PDF digital signature (adbe.pkcs7.detached) over the whole sheet, with the station's
 * companion certificate: `@signpdf/placeholder-plain` reserves the signature dictionary as an
 * incremental update, `@signpdf/signpdf` with the P12 signer fills in the CMS. With the same
 * key, certificate and signing time the output is byte-identical (RSA PKCS#1 v1.5 is
 * deterministic, and the time is fixed in both the signature dictionary and the CMS).
 */
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import type { PdfSigningCert } from './pdfCertificate';

export interface PdfSignatureOptions {
  readonly cert: PdfSigningCert;
  /** Written into the signature dictionary (/M) and the CMS signingTime. */
  readonly signingTime: Date;
  readonly reason: string;
  /** The signer's name (/Name): the station. */
  readonly name: string;
  readonly location: string;
  readonly contactInfo?: string;
}

/** Bytes reserved for the CMS blob (an RSA-2048 signature with one certificate is ≈1.6 KB). */
const SIGNATURE_LENGTH = 4096;

/** `signer`: what makes the CMS — the certificate's P12 signer unless given (the tests hand in a copied blob). */
export async function signPdf(pdf: Buffer, options: PdfSignatureOptions, signer: P12Signer = new P12Signer(options.cert.p12)): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: options.reason,
    contactInfo: options.contactInfo ?? '',
    name: options.name,
    location: options.location,
    signingTime: options.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    appName: 'polling-station',
  });
  return new SignPdf().sign(withPlaceholder, signer, options.signingTime);
}
