/**
 * Runs inside headless Chromium (bundled by tests/bench/checkinBench.ts): voter search over a
 * 50,000-voter roll, and check-in commits through the real station actions into IndexedDB.
 */
import { buildDemoPackage, generateRoll } from '../../../main/services/demo';
import { noBridge } from './noBridge';
import { storeImportedPackage } from '../../../renderer/db/importPackage';
import { pinyinOf } from '../../../renderer/db/pinyin';
import { VoterIndex } from '../../../renderer/station/voterIndex';
import { openStation } from '../../../renderer/station/openStation';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function searchBench(): Promise<{ p50: number; p95: number; voters: number; queries: number }> {
  const roll = generateRoll(50_000, 7).map((voter) => ({ ...voter, ...pinyinOf(voter.name) }));
  const index = new VoterIndex(roll);
  const queries: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const voter = roll[(i * 7919) % roll.length]!;
    const kind = i % 5;
    queries.push(kind === 0 ? voter.name : kind === 1 ? voter.name.slice(0, 1) : kind === 2 ? voter.pinyinInitials : kind === 3 ? voter.idTail : voter.address.slice(0, 4));
  }
  for (const query of queries.slice(0, 200)) index.search(query); // warm-up
  const times: number[] = [];
  for (const query of queries) {
    const start = performance.now();
    index.search(query, 12);
    times.push(performance.now() - start);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), voters: roll.length, queries: queries.length };
}

async function checkinBench(): Promise<{ p50: number; p95: number; commits: number }> {
  const pkg = buildDemoPackage();
  const station = await openStation(noBridge, { name: `bench-${Date.now()}` });
  await storeImportedPackage(station.db, { package: pkg, electionHash: '0'.repeat(64), districtKeyFingerprint: 'bench' }, new Date().toISOString());
  const by = { clerk: '冯静', desk: '1号台' };
  await station.actor.transition({ type: 'PACKAGE_IMPORTED' }, { type: 'package.imported', data: {}, ...by });
  const setup = { chair: '周建国', chiefScrutineer: '孙志强', scrutineers: ['钱敏'], callers: ['吴磊'], recorders: ['郑洁'], checkinClerks: ['冯静'], ballotStock: 3200, emptyBoxCheckedBy: '孙志强', emptyBoxCheckedAt: new Date().toISOString() };
  await station.actions.confirmSetup(setup, by);
  await station.actions.openPolls(by);
  const voters = pkg.roll.filter((voter) => voter.status === 'registered').slice(0, 320);
  const times: number[] = [];
  for (const [i, voter] of voters.entries()) {
    const start = performance.now();
    const outcome = await station.actions.checkIn(voter.id, by);
    if (!outcome.ok) throw new Error(`check-in refused: ${outcome.issues[0]?.code}`);
    if (i >= 20) times.push(performance.now() - start); // first 20 warm up
  }
  await station.close();
  return { p50: percentile(times, 50), p95: percentile(times, 95), commits: times.length };
}

(window as unknown as { runBench: () => Promise<unknown> }).runBench = async () => ({ search: await searchBench(), checkin: await checkinBench() });
