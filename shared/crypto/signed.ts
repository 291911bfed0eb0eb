/**
 * Signed objects: an Ed25519 signature over the canonical JSON of the object without its
 * `signature` field (spec/FORMATS.md), and the two signed formats built on it — the election
 * package (district → station) and the signed result (station → district).
 */
import { issue, type ValidationIssue } from '../election/issues';
import {
  FORMAT,
  type Ballot,
  type CountResult,
  type ElectionDefinition,
  type ElectionPackage,
  type SignedResult,
} from '../election/schemas';
import { canonicalJson, utf8 } from './canonical';
import { keyFingerprint, publicKeyFromSecret, signBytes, verifyBytes } from './ed25519';
import { ballotsHash, electionHash } from './hash';

/** `T` without the keys `K`; unlike `Omit`, keeps the named fields of a type with an index signature. */
export type Without<T, K extends PropertyKey> = { [P in keyof T as P extends K ? never : P]: T[P] };

export type UnsignedElectionPackage = Without<ElectionPackage, 'signature' | 'districtKey'>;

/** The canonical text a signature covers: the object without its `signature` field. */
export function signedText(object: object): string {
  if (Array.isArray(object)) throw new Error('signObject: only a JSON object can carry a signature');
  const { signature: _signature, ...rest } = object as { signature?: unknown };
  return canonicalJson(rest);
}

/** Signs `unsigned` (any `signature` field it has is replaced) and returns a copy with the signature. */
export function signObject<T extends object>(unsigned: T, secretKey: string): T & { signature: string } {
  const signature = signBytes(utf8(signedText(unsigned)), secretKey);
  return { ...unsigned, signature };
}

/** Whether `object.signature` signs the rest of `object` under `publicKey`. Never throws. */
export function verifyObject(object: { readonly signature: string }, publicKey: string): boolean {
  try {
    return verifyBytes(utf8(signedText(object)), object.signature, publicKey);
  } catch {
    return false;
  }
}

function fingerprintOrDash(publicKey: string): string {
  try {
    return keyFingerprint(publicKey);
  } catch {
    return '—';
  }
}

/** Fills `districtKey` with the public key of `districtSecretKey`, then signs. */
export function signElectionPackage(unsigned: UnsignedElectionPackage, districtSecretKey: string): ElectionPackage {
  const withKey = { ...unsigned, districtKey: publicKeyFromSecret(districtSecretKey) };
  return signObject(withKey, districtSecretKey);
}

/**
 * Empty when the package is signed by its `districtKey` and, if the station has pinned a
 * district key, that key is the pinned one.
 */
export function verifyElectionPackage(pkg: ElectionPackage, pinnedDistrictKey?: string | null): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (pinnedDistrictKey != null && pkg.districtKey !== pinnedDistrictKey) {
    issues.push(issue('signature.untrustedKey', ['districtKey'], { fingerprint: fingerprintOrDash(pkg.districtKey) }));
  }
  if (!verifyObject(pkg, pkg.districtKey)) issues.push(issue('signature.invalid', ['signature']));
  return issues;
}

export interface SignResultArgs {
  readonly station: string;
  readonly election: ElectionDefinition;
  readonly result: CountResult;
  readonly ballots: readonly Ballot[];
  readonly signedAt: string;
  readonly stationSecretKey: string;
  /**
   * The station runs the demo package: the signed payload says `demo: true`
   * (shared/election/demo.ts). Omitted or false: no `demo` field, the format as it always was.
   */
  readonly demo?: boolean;
}

export function signResult(args: SignResultArgs): SignedResult {
  const unsigned = {
    format: FORMAT.signedResult,
    station: args.station,
    electionHash: electionHash(args.election),
    result: args.result,
    ballotsHash: ballotsHash(args.ballots),
    signedAt: args.signedAt,
    stationKey: publicKeyFromSecret(args.stationSecretKey),
    ...(args.demo === true ? { demo: true as const } : {}),
  };
  return signObject(unsigned, args.stationSecretKey);
}

export interface VerifyResultOptions {
  /** The key enrolled for this station; the result must be signed with it. */
  readonly stationKey?: string;
  /** The election the result must belong to. */
  readonly election?: ElectionDefinition;
  /** The synced ballot records the result must cover. */
  readonly ballots?: readonly Ballot[];
}

/** Empty when the signature holds and every given expectation matches. */
export function verifySignedResult(signed: SignedResult, opts: VerifyResultOptions = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (opts.stationKey !== undefined && signed.stationKey !== opts.stationKey) {
    issues.push(issue('signature.stationKeyMismatch', ['stationKey'], { fingerprint: fingerprintOrDash(signed.stationKey) }));
  }
  if (!verifyObject(signed, signed.stationKey)) issues.push(issue('signature.invalid', ['signature']));
  if (opts.election !== undefined && signed.electionHash !== electionHash(opts.election)) {
    issues.push(issue('signature.electionHashMismatch', ['electionHash']));
  }
  if (opts.ballots !== undefined && signed.ballotsHash !== ballotsHash(opts.ballots)) {
    issues.push(issue('signature.ballotsHashMismatch', ['ballotsHash']));
  }
  return issues;
}
