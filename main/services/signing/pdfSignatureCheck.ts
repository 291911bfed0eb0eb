/**
 * Checking a sheet PDF's own digital signature (the adbe.pkcs7.detached CMS that pdfSignature.ts
 * writes): the last signature's byte range covers the whole file, the CMS message digest is the
 * SHA-256 of those bytes, the RSA signature over the signed attributes verifies with the
 * certificate's key, and the certificate is vouched for by the station key (pdfCertificate.ts).
 * node-forge parses the CMS (it cannot verify one); node:crypto checks the RSA signature.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import forge from 'node-forge';
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import { certificateBindsStationKey } from './pdfCertificate';

export interface PdfSignatureCheck {
  /** Empty when the signature is intact and the signer is the station key. */
  readonly issues: ValidationIssue[];
  /** The signer certificate (PEM), when the CMS could be read. */
  readonly certificatePem?: string;
}

const OID_MESSAGE_DIGEST = forge.pki.oids.messageDigest!;

function lastSignature(pdf: Buffer): { range: [number, number, number, number]; contents: Buffer } | null {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges[ranges.length - 1];
  if (!last) return null;
  const range = [Number(last[1]), Number(last[2]), Number(last[3]), Number(last[4])] as [number, number, number, number];
  const hex = text.slice(range[0] + range[1], range[2]);
  const match = /^<([0-9A-Fa-f]*)>$/.exec(hex.trim());
  if (!match) return { range, contents: Buffer.alloc(0) };
  return { range, contents: Buffer.from(match[1]!, 'hex') };
}

/** The checks of the sheet PDF's signature against the station key carried by its QR codes. */
export function checkPdfSignature(pdf: Buffer, stationKey: string): PdfSignatureCheck {
  const found = lastSignature(pdf);
  if (!found) return { issues: [issue('verify.pdfUnsigned', [])] };
  const [start, firstLength, second, secondLength] = found.range;
  if (start !== 0 || firstLength > second || second + secondLength > pdf.length || found.contents.length === 0) {
    return { issues: [issue('verify.pdfSignatureDamaged', [], { detail: `ByteRange [${found.range.join(' ')}]` })] };
  }
  const issues: ValidationIssue[] = [];
  if (second + secondLength !== pdf.length) issues.push(issue('verify.pdfModifiedAfterSigning', [], { signed: second + secondLength, bytes: pdf.length }));

  let message: forge.pkcs7.PkcsSignedData;
  try {
    // The Contents are zero-padded after the DER.
    const der = forge.util.createBuffer(found.contents.toString('binary'));
    // forge's typings know only the boolean form of the options; parseAllBytes is what the padding needs.
    const fromDer = forge.asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: { strict: boolean; parseAllBytes: boolean }) => forge.asn1.Asn1;
    message = forge.pkcs7.messageFromAsn1(fromDer(der, { strict: false, parseAllBytes: false })) as forge.pkcs7.PkcsSignedData;
  } catch (error) {
    return { issues: [...issues, issue('verify.pdfSignatureDamaged', [], { detail: (error as Error).message })] };
  }
  const certificate = message.certificates[0];
  const raw = (message as unknown as { rawCapture?: { authenticatedAttributes?: forge.asn1.Asn1[]; signature?: string; digestAlgorithm?: string } }).rawCapture;
  if (!certificate || !raw?.authenticatedAttributes || raw.signature === undefined) {
    return { issues: [...issues, issue('verify.pdfSignatureDamaged', [], { detail: 'no certificate or signed attributes' })] };
  }
  const certificatePem = forge.pki.certificateToPem(certificate);

  // The message digest attribute must be the SHA-256 of the signed byte range.
  const digest = createHash('sha256').update(pdf.subarray(start, firstLength)).update(pdf.subarray(second, second + secondLength)).digest();
  let signedDigest: Buffer | null = null;
  for (const attribute of raw.authenticatedAttributes) {
    const parts = attribute.value as forge.asn1.Asn1[];
    if (forge.asn1.derToOid(parts[0]!.value as string) === OID_MESSAGE_DIGEST) {
      const values = parts[1]!.value as forge.asn1.Asn1[];
      signedDigest = Buffer.from(values[0]!.value as string, 'binary');
    }
  }
  if (signedDigest === null || !signedDigest.equals(digest)) issues.push(issue('verify.pdfDigestMismatch', []));

  // The RSA signature is over the DER of the signed attributes as a SET.
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, raw.authenticatedAttributes);
  const attributesDer = Buffer.from(forge.asn1.toDer(set).getBytes(), 'binary');
  const publicKey = createPublicKey(forge.pki.publicKeyToPem(certificate.publicKey));
  let valid: boolean;
  try {
    valid = verify('sha256', attributesDer, publicKey, Buffer.from(raw.signature, 'binary'));
  } catch {
    valid = false;
  }
  if (!valid) issues.push(issue('verify.pdfSignatureInvalid', []));
  if (!certificateBindsStationKey(certificatePem, stationKey)) {
    // The certificate's subject names the key it was made for ("Polling station <fingerprint>").
    const subject = certificate.subject.getField('CN') as { value?: unknown } | null;
    issues.push(issue('verify.pdfSignerNotStation', [], { fingerprint: typeof subject?.value === 'string' ? subject.value.replace(/^Polling station /, '') : '?' }));
  }
  return { issues, certificatePem };
}
