/**
 * A station data folder whose journal holds a whole counted round, as the app journals it (the
 * package's election marker, check-ins, the boxes as opened, the ballots as read): what main
 * recounts and signs from (main/services/countFromJournal.ts), without a renderer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildUnsignedDemoPackage } from '../../main/services/demo';
import { importPackageJournaled, stationJournal } from '../../main/services/journal';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { signElectionPackage } from '../../shared/crypto/signed';
import type { CountInput, ElectionPackage } from '../../shared/election/schemas';
import { ROOT } from '../e2e/harness';

const demoKey = (): string => (JSON.parse(readFileSync(join(ROOT, 'build', 'demo', 'demo-district-key.json'), 'utf8')) as { secretKey: string }).secretKey;

/** A package for `input`'s election with `input.registeredVoters` voters on the roll, signed with the demo key or a fresh one. */
export function packageFor(input: CountInput, key: 'demo' | 'real'): ElectionPackage {
  const unsigned = buildUnsignedDemoPackage();
  const roll = unsigned.roll.filter((voter) => voter.status === 'registered').slice(0, input.registeredVoters);
  return signElectionPackage({ ...unsigned, election: input.election, roll, ballotStock: input.ballotsIssued + 20 }, key === 'demo' ? demoKey() : generateKeyPair().secretKey);
}

const at = '2026-12-06T18:00:00+08:00';

/** Imports `pkg` into `dataDir` and journals round 1 of `input` as the station would. */
export async function journalRound(dataDir: string, pkg: ElectionPackage, input: CountInput): Promise<void> {
  const imported = await importPackageJournaled(JSON.stringify(pkg), { dataDir, reprovision: false });
  if (!imported.ok) throw new Error(`package refused: ${JSON.stringify(imported.issues)}`);
  await journalCountedRound(dataDir, pkg, input);
}

/** Journals round `input.round` of `input` (check-ins, the boxes, the ballots) into the data folder of an imported package. */
export async function journalCountedRound(dataDir: string, pkg: ElectionPackage, input: CountInput): Promise<void> {
  const journal = stationJournal(dataDir);
  const round = input.round;
  for (const voter of pkg.roll.slice(0, input.ballotsIssued)) {
    await journal.append({ kind: 'checkin', record: { id: `${round}:${voter.id}`, round, voterId: voter.id, kind: 'inPerson', status: 'issued', issuedAt: at, clerk: 'c', desk: 'd' } });
  }
  const boxes = { mainBox: input.ballotsRecovered, mobileBoxes: [], recovered: input.ballotsRecovered, issued: input.ballotsIssued, registeredVoters: input.registeredVoters, doubleEntry: false, voidReason: null };
  await journal.append({ kind: 'count', record: { id: `boxes-${round}`, round, kind: 'boxes', data: boxes, at, clerk: 'c', desk: 'd' } });
  let seq = 0;
  for (const ballot of input.ballots) {
    seq++;
    const record = { id: `${round}:A:${seq}`, round, entry: 'A', seq, kind: 'ballot', status: ballot.status, ...(ballot.marks ? { marks: ballot.marks } : {}), at, clerk: 'c', desk: 'd' };
    await journal.append({ kind: 'ballot', record });
  }
}
