/**
 * What makes an election a demo, decided in one place for the station, the sheets and the
 * district server.
 *
 * The demo package is signed with the DEMO district key whose secret is published in the
 * repository (build/demo/demo-district-key.json): anyone can sign with it, so nothing signed
 * with it may pass for a real election. Only its PUBLIC key lives here.
 *
 * - A package is a demo when its `districtKey` is the demo key (`isDemoDistrictKey`).
 * - A SignedResult is a demo when it carries `demo: true` — inside the signed payload, so it
 *   cannot be stripped without breaking the signature. A real result has no `demo` field at
 *   all, so its bytes (and its QR codes) are what they were before demos were marked.
 */

/** The public half of the demo district key (build/demo/demo-district-key.json). */
export const DEMO_DISTRICT_PUBLIC_KEY = 'n_XmdWLgLSvYgk0TWiGdEJ84EOZc0qApharOQnWJSU8';
/** Its fingerprint (`keyFingerprint(DEMO_DISTRICT_PUBLIC_KEY)`). */
export const DEMO_DISTRICT_FINGERPRINT = '3420 06f8 11e7 ff6a';

/**
 * The demo packages the app ships, both signed with the same demo key: `small` (about 30
 * voters, 主任 and 委员 — a newcomer reaches the signed sheet in minutes) and `full` (about
 * 3,000 voters, three positions: the turnout rule needs some 1,500 check-ins before a count).
 */
export const DEMO_KINDS = ['small', 'full'] as const;
export type DemoKind = (typeof DEMO_KINDS)[number];

/** The word every demo screen, sheet, announcement and certificate shows. */
export const DEMO_MARK = '演示';
/** The watermark printed across every page of a demo document. */
export const DEMO_WATERMARK = '演示 DEMO';

/** Whether `districtKey` (base64url Ed25519 public key) is the published demo key. */
export function isDemoDistrictKey(districtKey: string | null | undefined): boolean {
  return districtKey === DEMO_DISTRICT_PUBLIC_KEY;
}

/** Whether a package (or anything that names its district key) is the demo's. */
export function isDemoPackage(pkg: { readonly districtKey: string } | null | undefined): boolean {
  return pkg != null && isDemoDistrictKey(pkg.districtKey);
}

/** Whether a SignedResult was signed by a station running the demo (its signed `demo: true`). */
export function isDemoResult(signed: { readonly demo?: unknown } | null | undefined): boolean {
  return signed != null && signed.demo === true;
}
