/**
 * One signed result per round reaches the district (issue 18): round 1, which calls a runoff, is
 * signed and posted at its results; the final sheet's list carries it again, byte for byte, with
 * round 2 — the district stores each round once; a second, different round-1 result is refused
 * (409) and never replaces the first. On PGlite and on the real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signResult } from '../../shared/crypto/signed';
import type { CountResult, SignedResult } from '../../shared/election/schemas';
import { countRound, readCountInput } from '../../shared/rules/count';
import { buildCountInput, countedBallots, type BoxesRecord } from '../../shared/station/countInput';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient, SyncError } from './helpers/client';
import { ballotDocs, boxesDoc, boxesRecord, enrolTestStation, type BallotDoc, type TestStation } from './helpers/fixtures';

const REGISTERED = 100;

function signedRound(station: TestStation, round: number, ballots: readonly BallotDoc[], boxes: BoxesRecord, previous: CountResult | null, signedAt: string): SignedResult {
  const counted = countedBallots(ballots, false, new Map());
  const input = buildCountInput({ election: station.election, round, boxes, ballots: counted.ballots, previous });
  const checked = readCountInput(input);
  if (!checked.ok) throw new Error(`bad fixture: ${JSON.stringify(checked.issues.slice(0, 3))}`);
  return signResult({ station: station.stationId, election: station.election, result: countRound(checked.value), ballots: input.ballots, signedAt, stationSecretKey: station.secretKey });
}

/** Round 2's ballots: each marks the first runoff candidate of every position round 1 left open. */
function runoffBallots(round1: CountResult, count: number): BallotDoc[] {
  const marks = Object.fromEntries((round1.runoff?.positions ?? []).map((entry) => [entry.id, { for: entry.candidates.slice(0, entry.seats), against: [], writeIns: [] }]));
  return Array.from({ length: count }, (_, i) => ({
    id: `R2-A-${String(i + 1).padStart(6, '0')}-1`,
    round: 2,
    entry: 'A' as const,
    seq: i + 1,
    kind: 'ballot' as const,
    status: 'valid' as const,
    marks,
    at: '2026-12-06T19:30:00.000+08:00',
    clerk: '计票人甲',
    desk: 'count-A',
  }));
}

async function refusal(promise: Promise<unknown>): Promise<SyncError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

describe.each(BACKENDS)('one result per round on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  it('accepts round 1 (calling a runoff) and round 2 once each, and refuses a second, different round-1 result', async () => {
    const station = await enrolTestStation(t.db, 'station-runoff');
    const client = new StationClient(t.server.url, station);
    // Every ballot elects the first candidates; the last seat of each position with several is spread so that nobody reaches it.
    const ballots1 = ballotDocs(station.election, 60, 7).map((doc, i): BallotDoc => {
      const marks = Object.fromEntries(
        station.election.positions.map((position) => {
          const ids = position.candidates.map((c) => c.id);
          const spread = ids.slice(position.seats - 1);
          const chosen = position.seats > 1 ? [...ids.slice(0, position.seats - 1), spread[i % spread.length]!] : ids.slice(0, 1);
          return [position.id, { for: chosen, against: [], writeIns: [] }];
        }),
      );
      return { ...doc, status: 'valid', marks };
    });
    const boxes1 = boxesRecord(60, REGISTERED);
    await client.pushNew('ballots', ballots1);
    await client.pushNew('countRecords', [boxesDoc(boxes1)]);
    const round1 = signedRound(station, 1, ballots1, boxes1, null, '2026-12-06T18:00:00+08:00');
    expect(round1.result.runoff?.positions.length).toBeGreaterThan(0);

    // Round 1's sheet, signed at its results: posted once.
    const first = await client.postResult(round1);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ round: 1, status: 'verified' });

    // The runoff, then the final sheet's list: round 1 exactly as signed, and round 2.
    const ballots2 = runoffBallots(round1.result, 55);
    const boxes2 = boxesRecord(55, REGISTERED);
    await client.pushNew('ballots', ballots2);
    await client.pushNew('countRecords', [{ ...boxesDoc(boxes2), id: 'boxes-2', round: 2 }]);
    const round2 = signedRound(station, 2, ballots2, boxes2, round1.result, '2026-12-06T20:00:00+08:00');
    const again = await client.postResult(structuredClone(round1));
    expect(again.status).toBe(200);
    const second = await client.postResult(round2);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ round: 2, status: 'verified' });

    // Round 1 signed again (another time): refused, and the first stays the one used.
    const resigned = signedRound(station, 1, ballots1, boxes1, null, '2026-12-06T20:05:00+08:00');
    const refused = await refusal(client.postResult(resigned));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('results.roundAlreadySigned');

    const rows = await t.db.query<{ round: number; status: string; signed_at: string }>(
      `SELECT round, status, signed->>'signedAt' AS signed_at FROM results WHERE station_id = 'station-runoff' ORDER BY rid`,
    );
    expect(rows).toEqual([
      { round: 1, status: 'verified', signed_at: '2026-12-06T18:00:00+08:00' },
      { round: 2, status: 'verified', signed_at: '2026-12-06T20:00:00+08:00' },
      { round: 1, status: 'conflicting', signed_at: '2026-12-06T20:05:00+08:00' },
    ]);
  }, 120_000);
});
