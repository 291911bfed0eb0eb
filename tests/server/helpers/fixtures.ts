/**
 * Stations and polling-day records for the server tests: a demo election package per station
 * (signed with the committed DEMO district key), ballots as the station stores them, the boxes
 * record, check-ins, and a SignedResult the way main signs it.
 */
import { seededRandom } from '../../../main/services/demo/prng';
import demoKeyFile from '../../../build/demo/demo-district-key.json' with { type: 'json' };
import { buildUnsignedDemoPackage } from '../../../main/services/demo';
import { generateKeyPair, type KeyPair } from '../../../shared/crypto/ed25519';
import { signElectionPackage, signResult } from '../../../shared/crypto/signed';
import type { ElectionDefinition, ElectionPackage, SignedResult } from '../../../shared/election/schemas';
import { countRound, readCountInput } from '../../../shared/rules/count';
import { buildCountInput, countedBallots, type BallotRecord, type BoxesRecord } from '../../../shared/station/countInput';
import type { Db } from '../../../server/db/types';
import { enrolStation } from '../../../server/stations';
import type { StationIdentity } from './client';

let unsigned: ReturnType<typeof buildUnsignedDemoPackage> | null = null;

export function stationPackage(stationId: string, name = `测试投票站 ${stationId}`): ElectionPackage {
  unsigned ??= buildUnsignedDemoPackage();
  return signElectionPackage({ ...unsigned, station: { id: stationId, name } }, demoKeyFile.secretKey);
}

export interface TestStation extends StationIdentity {
  readonly keys: KeyPair;
  readonly package: ElectionPackage;
  readonly election: ElectionDefinition;
}

export async function enrolTestStation(db: Db, stationId: string): Promise<TestStation> {
  const keys = generateKeyPair();
  const pkg = stationPackage(stationId);
  const enrolled = await enrolStation(db, { stationId, publicKey: keys.publicKey, package: pkg });
  if (!enrolled.ok) throw new Error(`enrol failed: ${JSON.stringify(enrolled.issues)}`);
  return { stationId, secretKey: keys.secretKey, keys, package: pkg, election: pkg.election };
}

export type BallotDoc = BallotRecord & { readonly at: string; readonly clerk: string; readonly desk: string };

/** `count` ballots of round 1, entry A, as the count desk stores them. */
export function ballotDocs(election: ElectionDefinition, count: number, seed = 1, prefix = 'R1-A'): BallotDoc[] {
  const next = seededRandom(seed);
  const docs: BallotDoc[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const roll = next();
    const base = { id: `${prefix}-${String(seq).padStart(6, '0')}-1`, round: 1, entry: 'A' as const, seq, kind: 'ballot' as const, at: '2026-12-06T17:00:00.000+08:00', clerk: '计票人甲', desk: 'count-A' };
    if (roll < 0.02) {
      docs.push({ ...base, status: 'blank', marks: null });
      continue;
    }
    const marks: Record<string, { for: string[]; against: string[]; writeIns: string[] }> = {};
    for (const position of election.positions) {
      const shuffled = [...position.candidates].sort(() => next() - 0.5);
      marks[position.id] = { for: shuffled.slice(0, position.seats).map((c) => c.id), against: [], writeIns: [] };
    }
    docs.push({ ...base, status: 'valid', marks });
  }
  return docs;
}

export function boxesRecord(count: number, registeredVoters: number): BoxesRecord {
  return { mainBox: count, mobileBoxes: [], recovered: count, issued: count, registeredVoters, doubleEntry: false, voidReason: null };
}

/** The countRecords document `boxes-1` (what the station syncs). */
export function boxesDoc(boxes: BoxesRecord): Record<string, unknown> {
  return { id: 'boxes-1', round: 1, kind: 'boxes', data: { ...boxes, mobileBoxes: [...boxes.mobileBoxes] }, at: '2026-12-06T16:30:00.000+08:00', clerk: '总监票人', desk: 'count' };
}

/** `count` check-ins of round 1 spread over the polling day (08:00–17:00 +08:00). */
export function checkinDocs(count: number): Record<string, unknown>[] {
  const start = Date.parse('2026-12-06T08:00:00+08:00');
  const span = 9 * 3600_000;
  return Array.from({ length: count }, (_, i) => {
    const voterId = `v-${String(i + 1).padStart(6, '0')}`;
    return {
      id: `1:${voterId}`,
      round: 1,
      voterId,
      kind: 'inPerson',
      status: 'issued',
      issuedAt: new Date(start + Math.floor((span * i) / count)).toISOString(),
      clerk: '发票员',
      desk: `desk-${i % 3}`,
    };
  });
}

/** The station's result of round 1 from its ballot docs, signed like main signs it. */
export function signedResultFor(station: TestStation, ballots: readonly BallotDoc[], boxes: BoxesRecord, signedAt = '2026-12-06T18:00:00+08:00'): SignedResult {
  const counted = countedBallots(ballots, boxes.doubleEntry, new Map());
  const input = buildCountInput({ election: station.election, round: 1, boxes, ballots: counted.ballots, previous: null });
  const checked = readCountInput(input);
  if (!checked.ok) throw new Error(`bad fixture: ${JSON.stringify(checked.issues.slice(0, 3))}`);
  return signResult({ station: station.stationId, election: station.election, result: countRound(checked.value), ballots: input.ballots, signedAt, stationSecretKey: station.secretKey });
}
