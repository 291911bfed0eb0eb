/**
 * "Verified" means verified for exactly these records: a check is stored with the count and hash
 * of the station's records it covered; a new or changed record sets it back to pending (待核验)
 * and a recount runs at once. The dashboard JSON and the export show the coverage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommunityResults, StationOverview } from '../../server/api/types';
import { resultsExportFiles } from '../../server/cli/resultsExport';
import { readRecordSet } from '../../server/results/coverage';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient } from './helpers/client';
import { electionHash } from '../../shared/crypto/hash';
import { signObject } from '../../shared/crypto/signed';
import { BUNDLE_FORMAT, importBundle } from '../../server/bundle';
import { ballotDocs, boxesDoc, boxesRecord, checkinDocs, enrolTestStation, signedResultFor } from './helpers/fixtures';

interface Row {
  status: string;
  covered_count: number | null;
  covered_hash: string | null;
  records: number;
}

async function resultRow(t: TestServer, stationId: string): Promise<Row> {
  const rows = await t.db.query<Row>(
    `SELECT status, covered_count, covered_hash, (SELECT count(*)::integer FROM documents WHERE station_id = $1) AS records
       FROM results WHERE station_id = $1 AND status <> 'conflicting'`,
    [stationId],
  );
  return rows[0]!;
}

/** Never "verified" for a record set other than the station's records now. */
function expectHonest(row: Row): void {
  if (row.status === 'verified' || row.status === 'disagrees') expect(row.covered_count).toBe(row.records);
}

/** The result once its recount has run (it leaves `pending`). */
async function settled(t: TestServer, stationId: string): Promise<Row> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const row = await resultRow(t, stationId);
    expectHonest(row);
    if (row.status !== 'pending') return row;
    if (Date.now() > deadline) throw new Error(`still pending: ${JSON.stringify(row)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(BACKENDS)('verification coverage on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  it('a verified station goes back to pending when more records arrive, and is recounted at once', async () => {
    const station = await enrolTestStation(t.db, 'cover-01');
    const client = new StationClient(t.server.url, station);
    const ballots = ballotDocs(station.election, 120, 61);
    const boxes = boxesRecord(120, 150);
    await client.pushNew('ballots', ballots);
    await client.pushNew('countRecords', [boxesDoc(boxes)]);
    const posted = await client.postResult(signedResultFor(station, ballots, boxes));
    expect(posted.body).toMatchObject({ status: 'verified', covered: { count: 121 } });
    const first = await resultRow(t, 'cover-01');
    expect(first).toMatchObject({ status: 'verified', covered_count: 121, records: 121 });
    expect(first.covered_hash).toBe((await readRecordSet(t.db, 'cover-01')).coverage.hash);

    // A record that does not change the count (an audit event): checked again, verified for the new set.
    await client.pushNew('audit', [{ id: 'audit-after-result', kind: 'note', at: '2026-12-06T18:30:00+08:00' }]);
    expectHonest(await resultRow(t, 'cover-01'));
    const again = await settled(t, 'cover-01');
    expect(again).toMatchObject({ status: 'verified', covered_count: 122, records: 122 });
    expect(again.covered_hash).not.toBe(first.covered_hash);

    // One more ballot arrives: no longer verified — the recount now disagrees with the signed result.
    const extra = ballotDocs(station.election, 121, 61).at(-1)!;
    await client.pushNew('ballots', [extra]);
    expectHonest(await resultRow(t, 'cover-01'));
    const after = await settled(t, 'cover-01');
    expect(after).toMatchObject({ status: 'disagrees', covered_count: 123, records: 123 });

    // A changed record (not a new one) counts the same: the boxes record corrected.
    await client.push('countRecords', [{ assumedMasterState: { ...boxesDoc(boxes), _deleted: false }, newDocumentState: { ...boxesDoc(boxesRecord(121, 150)), _deleted: false } }]);
    expectHonest(await resultRow(t, 'cover-01'));
    const corrected = await settled(t, 'cover-01');
    expect(corrected.covered_count).toBe(123);
    expect(corrected.covered_hash).not.toBe(after.covered_hash);
  }, 60_000);

  it('a bundle that adds records to a verified station rechecks it on import, with or without a server', async () => {
    const station = await enrolTestStation(t.db, 'cover-03');
    const client = new StationClient(t.server.url, station);
    const ballots = ballotDocs(station.election, 30, 63);
    const boxes = boxesRecord(30, 40);
    await client.pushNew('ballots', ballots);
    await client.pushNew('countRecords', [boxesDoc(boxes)]);
    await client.postResult(signedResultFor(station, ballots, boxes));
    expect(await resultRow(t, 'cover-03')).toMatchObject({ status: 'verified', covered_count: 31 });
    const bundle = signObject(
      {
        format: BUNDLE_FORMAT,
        station: station.stationId,
        electionHash: electionHash(station.election),
        documents: { checkins: checkinDocs(2).map((doc) => ({ ...doc, _deleted: false })) },
        signedResults: [],
        exportedAt: new Date().toISOString(),
        stationKey: station.keys.publicKey,
      },
      station.secretKey,
    );
    expect((await importBundle(t.db, bundle)).ok).toBe(true);
    // Checked again by the import itself: verified for the 33 records now held.
    expect(await resultRow(t, 'cover-03')).toMatchObject({ status: 'verified', covered_count: 33, records: 33 });
  });

  it('the dashboard and the export show which records a verification covered', async () => {
    const station = await enrolTestStation(t.db, 'cover-02');
    const client = new StationClient(t.server.url, station);
    const ballots = ballotDocs(station.election, 40, 62);
    const boxes = boxesRecord(40, 50);
    await client.pushNew('ballots', ballots);
    await client.pushNew('countRecords', [boxesDoc(boxes)]);
    await client.postResult(signedResultFor(station, ballots, boxes));
    const { hash } = (await readRecordSet(t.db, 'cover-02')).coverage;

    const stations = (await (await fetch(`${t.server.url}/api/stations`)).json()) as StationOverview[];
    expect(stations.find((s) => s.id === 'cover-02')!.results).toEqual([{ round: 1, status: 'verified', covered: { count: 41, hash } }]);
    const results = (await (await fetch(`${t.server.url}/api/results`)).json()) as CommunityResults[];
    const rounds = results.flatMap((community) => community.stations).find((s) => s.station === 'cover-02')!.rounds;
    expect(rounds.map((round) => [round.status, round.covered])).toEqual([['verified', { count: 41, hash }]]);

    const json = await resultsExportFiles(t.db, 'json', 'r.json');
    const exported = JSON.parse(json.files[0]!.content) as { station: string; status: string; covered: unknown }[];
    expect(exported.find((r) => r.station === 'cover-02')).toMatchObject({ status: 'verified', covered: { count: 41, hash } });
    const csv = (await resultsExportFiles(t.db, 'csv', 'r.csv')).files[0]!.content;
    expect(csv).toContain('核验状态,核验覆盖记录数,核验覆盖哈希');
    expect(csv).toContain(`cover-02,测试投票站 cover-02,1,verified,41,${hash},`);
  });
});
