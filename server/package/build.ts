/**
 * Build and sign an election package (district → station) from an ElectionDefinition and a
 * voter roll, checked the way the station checks it on import.
 */
import { publicKeyFromSecret } from '../../shared/crypto/ed25519';
import { signElectionPackage, verifyElectionPackage, type UnsignedElectionPackage } from '../../shared/crypto/signed';
import { checkPackage as checkStationPackage } from '../../shared/election/checkPackage';
import { issue, type Outcome, type ValidationIssue } from '../../shared/election/issues';
import { LIMITS } from '../../shared/election/limits';
import { checkTextLimits, parseJsonText, parseWithSchema } from '../../shared/election/parse';
import { electionDefinitionSchema, electionPackageSchema, FORMAT, type ElectionPackage, type PreElectionRecords, type Voter } from '../../shared/election/schemas';
import { stationIdProblem } from '../../shared/station/stationId';

export interface BuildPackageArgs {
  readonly definitionText: string;
  readonly roll: readonly Voter[];
  readonly station: { readonly id: string; readonly name: string };
  readonly districtSecretKey: string;
  /** Blank ballots sent; default: registered voters + 5 % (at least 1). */
  readonly ballotStock?: number;
  /** The district server the station syncs to (`https://…` or `http://…`). */
  readonly districtServer?: string;
  readonly issuedAt?: string;
}

/**
 * The checks on a package that a schema cannot make (as the station's import makes them), and
 * the station-id rule of the sync (shared/station/stationId.ts): a package for a station that
 * could never sync is not built, nor read for enrolment.
 */
export function checkPackage(pkg: ElectionPackage): ValidationIssue[] {
  const issues = checkStationPackage(pkg);
  const idProblem = stationIdProblem(pkg.station.id);
  if (idProblem) issues.push(issue('station.badId', ['station', 'id'], { station: pkg.station.id, stationIdRule: idProblem.rule }));
  const server = (pkg as { districtServer?: unknown }).districtServer;
  if (server !== undefined && (typeof server !== 'string' || !/^https?:\/\/[^\s/]+/.test(server))) {
    issues.push(issue('schema.format', ['districtServer'], { expected: 'https://… or http://…' }));
  }
  return issues;
}

export function buildElectionPackage(args: BuildPackageArgs): Outcome<ElectionPackage> {
  const json = parseJsonText(args.definitionText.replace(/^\uFEFF/, ''));
  if (!json.ok) return json;
  return buildPackageFrom({ ...args, definition: json.value });
}

export interface BuildFromDefinitionArgs extends Omit<BuildPackageArgs, 'definitionText'> {
  /** The ElectionDefinition as parsed JSON (checked here against the schema). */
  readonly definition: unknown;
  /** The pre-election records the package carries (a package built from the district's records). */
  readonly preElection?: PreElectionRecords;
}

/** `buildElectionPackage` from a definition already read (the district's records build it, no file). */
export function buildPackageFrom(args: BuildFromDefinitionArgs): Outcome<ElectionPackage> {
  const definition = parseWithSchema(electionDefinitionSchema, args.definition);
  if (!definition.ok) return definition;
  const registered = args.roll.filter((voter) => voter.status === 'registered').length;
  const unsigned: UnsignedElectionPackage & { districtServer?: string } = {
    format: FORMAT.electionPackage,
    election: definition.value,
    station: { id: args.station.id, name: args.station.name },
    roll: [...args.roll],
    ballotStock: args.ballotStock ?? Math.max(1, Math.ceil(registered * 1.05)),
    issuedAt: args.issuedAt ?? new Date().toISOString(),
    ...(args.districtServer === undefined ? {} : { districtServer: args.districtServer.replace(/\/+$/, '') }),
    ...(args.preElection === undefined ? {} : { preElection: args.preElection }),
  };
  publicKeyFromSecret(args.districtSecretKey);
  const signed = signElectionPackage(unsigned, args.districtSecretKey);
  const parsed = parseWithSchema(electionPackageSchema, signed, FORMAT.electionPackage);
  if (!parsed.ok) return parsed;
  const issues = [...checkPackage(parsed.value), ...verifyElectionPackage(parsed.value)];
  return issues.length > 0 ? { ok: false, issues } : parsed;
}

/** Parse and verify a package file (for enrolment): schema, checks, its own signature. */
export function readPackageText(text: string): Outcome<ElectionPackage> {
  const limits = checkTextLimits(text, { maxBytes: LIMITS.packageBytes, maxDepth: LIMITS.jsonDepth });
  if (limits.length > 0) return { ok: false, issues: limits };
  const json = parseJsonText(text.replace(/^\uFEFF/, ''));
  if (!json.ok) return json;
  const parsed = parseWithSchema(electionPackageSchema, json.value, FORMAT.electionPackage);
  if (!parsed.ok) return parsed;
  const issues = [...checkPackage(parsed.value), ...verifyElectionPackage(parsed.value)];
  return issues.length > 0 ? { ok: false, issues } : parsed;
}
