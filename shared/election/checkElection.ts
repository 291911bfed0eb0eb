/** The checks on an ElectionDefinition that its schema cannot make. */
import { issue, type IssuePath, type ValidationIssue } from './issues';
import { checkNameCharacters, lookAlikeNameKey, normalizePersonName } from './names';
import { electionRules, maxExtraCandidatesFor, minExtraCandidatesFor } from './profile';
import type { Candidate, ElectionDefinition } from './schemas';

export function checkElection(election: ElectionDefinition, at: IssuePath = []): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const rules = electionRules(election);
  const positionIds = new Set<string>();
  const ranks = new Set<number>();
  const persons = new Map<string, Candidate>();
  const personByName = new Map<string, string>();
  const personByLookAlike = new Map<string, Candidate>();
  let totalSeats = 0;

  // The 委员 position of RULES §1 (as for the women rule): the lowest-ranked one.
  const lowestRank = Math.max(...election.positions.map((position) => position.rank));
  election.positions.forEach((position, p) => {
    const here = [...at, 'positions', p];
    if (positionIds.has(position.id)) issues.push(issue('election.duplicatePositionId', [...here, 'id'], { id: position.id }));
    positionIds.add(position.id);
    if (ranks.has(position.rank)) issues.push(issue('election.duplicateRank', [...here, 'rank'], { rank: position.rank }));
    ranks.add(position.rank);
    if (position.seats < 1) {
      issues.push(issue('election.seatsTooFew', [...here, 'seats'], { position: position.title, seats: position.seats }));
    } else {
      totalSeats += position.seats;
    }

    const inPosition = new Set<string>();
    position.candidates.forEach((candidate, c) => {
      const candidatePath = [...here, 'candidates', c];
      if (inPosition.has(candidate.id)) {
        issues.push(issue('election.duplicateCandidate', [...candidatePath, 'id'], { id: candidate.id, position: position.title }));
      }
      inPosition.add(candidate.id);
      const known = persons.get(candidate.id);
      if (known && (known.name !== candidate.name || known.gender !== candidate.gender)) {
        issues.push(issue('election.personMismatch', candidatePath, { id: candidate.id }));
      }
      persons.set(candidate.id, candidate);
      // Compared as a written name is matched to them (a write-in of it must find one person).
      const name = normalizePersonName(candidate.name);
      const sameName = personByName.get(name);
      if (sameName !== undefined && sameName !== candidate.id) {
        issues.push(issue('election.duplicateCandidateName', [...candidatePath, 'name'], { name: candidate.name }));
      }
      personByName.set(name, candidate.id);
      issues.push(...checkNameCharacters(candidate.name, [...candidatePath, 'name']));
      // Names that only look the same (full-width letters, compatibility forms) are refused too.
      const lookAlike = lookAlikeNameKey(candidate.name);
      const looksLike = personByLookAlike.get(lookAlike);
      if (looksLike !== undefined && looksLike.id !== candidate.id && normalizePersonName(looksLike.name) !== name) {
        issues.push(issue('election.lookAlikeCandidateNames', [...candidatePath, 'name'], { name: candidate.name, other: looksLike.name }));
      }
      if (looksLike === undefined) personByLookAlike.set(lookAlike, candidate);
      if (position.womenOnly && candidate.gender !== 'F') {
        issues.push(issue('election.womenOnlyCandidateNotWoman', candidatePath, { position: position.title, name: candidate.name }));
      }
    });

    const minExtra = minExtraCandidatesFor(rules, position.id);
    if (position.seats >= 1 && position.candidates.length < position.seats + minExtra) {
      issues.push(
        issue('election.notEnoughCandidates', [...here, 'candidates'], {
          position: position.title,
          seats: position.seats,
          candidates: position.candidates.length,
          minExtra,
        }),
      );
    }
    const maxExtra = maxExtraCandidatesFor(rules, position.id, position.rank === lowestRank);
    if (maxExtra !== null && position.seats >= 1 && position.candidates.length > position.seats + maxExtra) {
      issues.push(
        issue('election.tooManyCandidates', [...here, 'candidates'], {
          position: position.title,
          seats: position.seats,
          candidates: position.candidates.length,
          maxExtra,
        }),
      );
    }
  });

  for (const key of ['minExtraCandidates', 'maxExtraCandidates'] as const) {
    for (const positionId of Object.keys(rules[key])) {
      if (!positionIds.has(positionId)) issues.push(issue('election.unknownPositionInRules', [...at, 'rules', key, positionId], { id: positionId }));
    }
  }
  if (rules.womenRule === 'dedicated' && !election.positions.some((position) => position.womenOnly)) {
    issues.push(issue('election.dedicatedPositionMissing', [...at, 'positions']));
  }
  const { min, max } = rules.committeeSize;
  if (issues.length === 0 && (totalSeats < min || totalSeats > max)) {
    issues.push(issue('election.committeeSize', [...at, 'positions'], { total: totalSeats, min, max }));
  }
  return issues;
}
