/**
 * The checks on an election package that its schema cannot make, as the station's import and
 * the district's package builder both make them: the election (`checkElection`), unique voter
 * ids, names without invisible characters, a ballot stock of at least 1, a valid handover
 * template when the package carries one (handoverTemplate.ts).
 */
import { checkElection } from './checkElection';
import { handoverTemplateOf } from './handoverTemplate';
import { issue, type ValidationIssue } from './issues';
import { checkNameCharacters } from './names';
import type { ElectionPackage } from './schemas';

/** The checks on the roll, the station and the stock (not the election definition). */
export function checkPackageContents(pkg: ElectionPackage): ValidationIssue[] {
  const issues: ValidationIssue[] = [...checkNameCharacters(pkg.station.name, ['station', 'name'])];
  const seen = new Set<string>();
  pkg.roll.forEach((voter, v) => {
    if (seen.has(voter.id)) issues.push(issue('package.duplicateVoterId', ['roll', v, 'id'], { id: voter.id }));
    seen.add(voter.id);
    issues.push(...checkNameCharacters(voter.name, ['roll', v, 'name']));
  });
  if (pkg.ballotStock < 1) issues.push(issue('schema.tooSmall', ['ballotStock'], { minimum: 1 }));
  const template = handoverTemplateOf(pkg);
  if (!template.ok) issues.push(...template.issues);
  return issues;
}

/** Every check of a parsed package but its signature: the election, then the contents. */
export function checkPackage(pkg: ElectionPackage): ValidationIssue[] {
  return [...checkElection(pkg.election, ['election']), ...checkPackageContents(pkg)];
}
