/**
 * Demo is demo at the district (issue 12, item 6): a result signed by a station running the demo
 * package carries a signed `demo: true`; the server refuses it — through sync, the dashboard's
 * bundle upload and `bundle import` — unless it was started as a demonstration server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signObject } from '../../shared/crypto/signed';
import { describeIssue } from '../../shared/election/issues';
import type { SignedResult } from '../../shared/election/schemas';
import { startDistrictServer, type DistrictServer } from '../../server/app';
import { importBundle } from '../../server/bundle';
import { runCli } from '../../server/cli/run';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { makeBundle } from './helpers/bundles';
import { StationClient, SyncError } from './helpers/client';
import { ballotDocs, boxesDoc, boxesRecord, enrolTestStation, signedResultFor, type TestStation } from './helpers/fixtures';

/** `signed` as a demo station's main signs it: the same result with `demo: true` inside the signature. */
function asDemo(signed: SignedResult, station: TestStation): SignedResult {
  const { signature: _signature, ...unsigned } = signed;
  return signObject({ ...unsigned, demo: true as const }, station.secretKey);
}

/** A demo station's bundle: its result is a demo result. */
function demoBundle(station: TestStation) {
  const { signature: _signature, ...bundle } = makeBundle(station);
  return signObject({ ...bundle, signedResults: bundle.signedResults.map((signed) => asDemo(signed, station)) }, station.secretKey);
}

async function refusal(promise: Promise<unknown>): Promise<SyncError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SyncError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse');
}

async function stationWithBallots(t: TestServer, id: string) {
  const station = await enrolTestStation(t.db, id);
  const client = new StationClient(t.server.url, station);
  const ballots = ballotDocs(station.election, 30, 7);
  const boxes = boxesRecord(30, 40);
  await client.pushNew('ballots', ballots);
  await client.pushNew('countRecords', [boxesDoc(boxes)]);
  return { station, client, signed: signedResultFor(station, ballots, boxes) };
}

const resultsOf = (t: TestServer, station: string) => t.db.query('SELECT round FROM results WHERE station_id = $1', [station]);
const documentsOf = (t: TestServer, station: string) => t.db.query('SELECT id FROM documents WHERE station_id = $1', [station]);

describe.each(BACKENDS)('demo results on $name', (backend) => {
  let t: TestServer;
  let demoServer: DistrictServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
    demoServer = await startDistrictServer({ port: 0, db: t.db, demo: true });
  }, 60_000);
  afterAll(async () => {
    await demoServer?.close();
    await t?.close();
  });

  it('a real server refuses a demo result posted by sync, with a clear message, and stores nothing', async () => {
    const { station, client, signed } = await stationWithBallots(t, 'demo-sync-01');
    const refused = await refusal(client.postResult(asDemo(signed, station)));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('results.demoRefused');
    expect(refused.body.message).toMatch(/演示/);
    expect(describeIssue({ code: 'results.demoRefused', path: [] }, 'en')).toMatch(/demo result.*serve --demo/);
    expect(await resultsOf(t, 'demo-sync-01')).toEqual([]);
    // The same station's real result is accepted as always.
    const accepted = await client.postResult(signed);
    expect(accepted.status).toBe(201);
    expect(accepted.body.status).toBe('verified');
  });

  it('a real server refuses a demo station’s bundle whole, by the API and from the dashboard', async () => {
    const station = await enrolTestStation(t.db, 'demo-bundle-01');
    const bundle = demoBundle(station);
    const outcome = await importBundle(t.db, bundle);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.status).toBe(403);
      expect(outcome.issues.map((found) => found.code)).toEqual(['results.demoRefused']);
    }
    const posted = await fetch(`${t.server.url}/admin/bundle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bundle) });
    expect(posted.status).toBe(403);
    expect(((await posted.json()) as { code: string }).code).toBe('results.demoRefused');
    expect(await documentsOf(t, 'demo-bundle-01')).toEqual([]);
    expect(await resultsOf(t, 'demo-bundle-01')).toEqual([]);
  });

  it('says whether it is a demonstration server (/healthz, which the dashboard reads to show 演示模式)', async () => {
    expect(await (await fetch(`${t.server.url}/healthz`)).json()).toMatchObject({ ok: true, demo: false });
    expect(await (await fetch(`${demoServer.url}/healthz`)).json()).toMatchObject({ ok: true, demo: true });
  });

  it('a demonstration server (serve --demo) accepts demo results', async () => {
    const { station, signed } = await stationWithBallots(t, 'demo-sync-02');
    const client = new StationClient(demoServer.url, station);
    const accepted = await client.postResult(asDemo(signed, station));
    expect(accepted.status).toBe(201);
    expect(accepted.body.status).toBe('verified');

    const bundled = await enrolTestStation(t.db, 'demo-bundle-02');
    const outcome = await importBundle(t.db, demoBundle(bundled), { acceptDemo: true });
    expect(outcome.ok && outcome.value.results).toEqual([{ round: 1, status: 'verified' }]);
    const posted = await fetch(`${demoServer.url}/admin/bundle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(demoBundle(await enrolTestStation(t.db, 'demo-bundle-03'))) });
    expect(posted.status).toBe(201);
  });
});

describe('the command line', () => {
  it('lists --demo for serve and bundle import', async () => {
    await expect(runCli(['help'])).rejects.toThrow(/serve .*\[--demo\][\s\S]*bundle import FILE .*\[--demo\]/);
  });
});
