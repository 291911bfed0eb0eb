/** The dashboard's JSON: stations with progress and result status, turnout over the day, results per community. */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommunityResults, StationOverview, TurnoutSeries } from '../../server/api/types';
import { startDistrictServer } from '../../server/app';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient } from './helpers/client';
import { ballotDocs, boxesDoc, boxesRecord, checkinDocs, enrolTestStation, signedResultFor } from './helpers/fixtures';

/** GET with a chosen Host header (fetch does not let a caller set it). */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

async function get<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe.each(BACKENDS)('dashboard API on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
    const counted = await enrolTestStation(t.db, 'api-01');
    await enrolTestStation(t.db, 'api-02');
    const client = new StationClient(t.server.url, counted);
    const ballots = ballotDocs(counted.election, 60, 51);
    const boxes = boxesRecord(60, 80);
    await client.pushNew('checkins', checkinDocs(60));
    await client.pushNew('ballots', ballots);
    await client.pushNew('countRecords', [boxesDoc(boxes)]);
    await client.pushNew('machine', [{ id: 'polling-day', snapshot: { status: 'active', value: { counting: 'entering' }, context: { round: 1 } }, savedAt: '2026-12-06T17:10:00+08:00' }]);
    await client.postResult(signedResultFor(counted, ballots, boxes));
  }, 60_000);
  afterAll(async () => t?.close());

  it('lists every station with contact, step, turnout, ballots synced and result status', async () => {
    const stations = await get<StationOverview[]>(`${t.server.url}/api/stations`);
    expect(stations.map((s) => s.id)).toEqual(['api-01', 'api-02']);
    const [counted, silent] = stations as [StationOverview, StationOverview];
    expect(counted).toMatchObject({ step: 'entering', phase: 'counting', round: 1, checkinsIssued: 60, ballotsSynced: 60, resultStatus: 'verified', community: '延风社区' });
    expect(counted.lastContact).not.toBeNull();
    expect(counted.turnout).toBeCloseTo(60 / counted.registeredVoters!, 6);
    expect(silent).toMatchObject({ lastContact: null, phase: 'unknown', checkinsIssued: 0, ballotsSynced: 0, resultStatus: 'missing' });
  });

  it('gives turnout over the day and the results per community', async () => {
    const turnout = await get<TurnoutSeries>(`${t.server.url}/api/turnout`);
    expect(turnout.total.at(-1)?.cumulative).toBe(60);
    expect(turnout.total.reduce((sum, point) => sum + point.issued, 0)).toBe(60);
    expect(turnout.stations['api-01']?.length).toBe(turnout.total.length);
    const results = await get<CommunityResults[]>(`${t.server.url}/api/results`);
    expect(results).toHaveLength(1);
    const station = results[0]!.stations.find((s) => s.station === 'api-01')!;
    expect(station.rounds.map((r) => r.status)).toEqual(['verified']);
    expect(station.committee?.positions.map((p) => p.id)).toEqual(['chair', 'vice', 'member']);
  });

  it('streams live events when something changes', async () => {
    const controller = new AbortController();
    const response = await fetch(`${t.server.url}/api/events`, { signal: controller.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('RESYNC')) text += decoder.decode((await reader.read()).value);
    await enrolTestStation(t.db, 'api-03');
    while (!text.includes('"station"')) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('api-03');
    controller.abort();
  });

  it('answers the dashboard only on loopback, or with the admin token', async () => {
    expect(await statusWithHost(`${t.server.url}/api/stations`, 'district.example.org')).toBe(403);
    const withToken = await startDistrictServer({ port: 0, db: t.db, adminToken: 'open-sesame' });
    try {
      expect(await statusWithHost(`${withToken.url}/api/stations`, 'district.example.org')).toBe(403);
      expect(await statusWithHost(`${withToken.url}/api/stations?token=open-sesame`, 'district.example.org')).toBe(200);
      expect(await statusWithHost(`${withToken.url}/api/stations?token=wrong`, 'district.example.org')).toBe(403);
    } finally {
      await withToken.close();
    }
  });
});
