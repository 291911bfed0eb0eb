/**
 * Import of an election package file (district → station): JSON, schema, election checks, roll
 * checks, signature, pinned district key — and only when all of them pass, the key is pinned.
 * Nothing is written on any failure. The renderer stores the returned package; main keeps only
 * the pin.
 */
import { keyFingerprint } from '../../shared/crypto/ed25519';
import { electionHash } from '../../shared/crypto/hash';
import { verifyElectionPackage } from '../../shared/crypto/signed';
import { checkPackage, checkPackageContents } from '../../shared/election/checkPackage';
import type { Outcome } from '../../shared/election/issues';
import { LIMITS } from '../../shared/election/limits';
import { checkTextLimits, parseJsonText, parseWithSchema } from '../../shared/election/parse';
import { electionPackageSchema, FORMAT, type ElectionPackage } from '../../shared/election/schemas';
import type { ImportedPackage } from '../../shared/bridge/StationBridge';
import { checkConfiguredStation, checkDistrictKey, pinDistrictKey } from './pinning';

export interface ImportOptions {
  readonly dataDir: string;
  /** Replace the pinned district key with this package's key (re-provisioning). Default false. */
  readonly reprovision?: boolean;
  /** Time of the pin (tests). */
  readonly now?: Date;
}

/** The checks on the roll and the stock that the schema cannot make (shared with the district). */
export { checkPackageContents };

/** Parse and verify a package without touching the data folder (no pin check). */
export function verifyPackageText(text: string): Outcome<ElectionPackage> {
  // Size and nesting first: a huge or hostile file is refused for what it is, before any parse.
  const limits = checkTextLimits(text, { maxBytes: LIMITS.packageBytes, maxDepth: LIMITS.jsonDepth });
  if (limits.length > 0) return { ok: false, issues: limits };
  const json = parseJsonText(text);
  if (!json.ok) return json;
  const parsed = parseWithSchema(electionPackageSchema, json.value, FORMAT.electionPackage);
  if (!parsed.ok) return parsed;
  const pkg = parsed.value;
  const contentIssues = checkPackage(pkg);
  if (contentIssues.length > 0) return { ok: false, issues: contentIssues };
  const signatureIssues = verifyElectionPackage(pkg);
  if (signatureIssues.length > 0) return { ok: false, issues: signatureIssues };
  return { ok: true, value: pkg };
}

/**
 * Every check of an import — the package itself, the pinned district key, the station this
 * station is configured for — with nothing written: the outcome `importPackageText` gives.
 */
export function checkPackageImport(text: string, options: ImportOptions): Outcome<ImportedPackage> {
  const verified = verifyPackageText(text);
  if (!verified.ok) return verified;
  const pkg = verified.value;
  const decision = checkDistrictKey(options.dataDir, pkg.districtKey, options.reprovision === true);
  if (!decision.ok) return decision;
  const station = checkConfiguredStation(options.dataDir, pkg.station, options.reprovision === true);
  if (station.length > 0) return { ok: false, issues: station };
  return {
    ok: true,
    value: {
      package: pkg,
      electionHash: electionHash(pkg.election),
      districtKeyFingerprint: keyFingerprint(pkg.districtKey),
      keyStatus: decision.keyStatus,
    },
  };
}

/** What an accepted import leaves in main: the district key pinned and the station configured. */
export function commitPackageImport(dataDir: string, imported: ImportedPackage, now?: Date): void {
  pinDistrictKey(dataDir, imported.package.districtKey, now, imported.package.station);
}

/** `checkPackageImport`, then (when accepted) `commitPackageImport`. */
export function importPackageText(text: string, options: ImportOptions): Outcome<ImportedPackage> {
  const outcome = checkPackageImport(text, options);
  if (outcome.ok) commitPackageImport(options.dataDir, outcome.value, options.now);
  return outcome;
}
