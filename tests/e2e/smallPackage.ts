/**
 * The demo election with a small roll, signed with the committed DEMO district key, so an
 * end-to-end count can reach more than half of the registered voters in a few minutes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildUnsignedDemoPackage } from '../../main/services/demo';
import { signElectionPackage } from '../../shared/crypto/signed';
import type { ElectionPackage } from '../../shared/election/schemas';
import { isCandidateVoter } from '../../shared/rules/polling';
import { ROOT } from './harness';

export function smallDemoPackage(voters: number): ElectionPackage {
  const unsigned = buildUnsignedDemoPackage();
  const key = JSON.parse(readFileSync(join(ROOT, 'build', 'demo', 'demo-district-key.json'), 'utf8')) as { secretKey: string };
  // Registered, non-candidate voters with names unique in the small roll (found by name).
  const names = new Map<string, number>();
  for (const voter of unsigned.roll) names.set(voter.name, (names.get(voter.name) ?? 0) + 1);
  const roll = unsigned.roll.filter((voter) => voter.status === 'registered' && !isCandidateVoter(unsigned.election, voter) && names.get(voter.name) === 1).slice(0, voters);
  return signElectionPackage({ ...unsigned, roll, ballotStock: 200 }, key.secretKey);
}
