/**
 * Issue 14, item 5: the dashboard shows anomalies, not raw data. A station enrolled without a
 * package is 无选举包 and left out of the turnout; each station's flags come with their numbers
 * and links to the records behind them; differences are written for people; the results export
 * stays a spreadsheet (no cell over 1,000 characters, the full report in a file beside it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationOverview, TurnoutSeries } from '../../server/api/types';
import { districtTurnout } from '../../server/dashboard/totals';
import { differencesPath, MAX_CELL, resultsExportFiles } from '../../server/cli/resultsExport';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { enrolStation } from '../../server/stations';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient } from './helpers/client';
import { ballotDocs, boxesDoc, boxesRecord, checkinDocs, enrolTestStation, signedResultFor, type TestStation } from './helpers/fixtures';

/** The cells of a CSV text (quoted fields with "" escapes, CRLF rows). */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      cells.push(cell.replace(/\r$/, ''));
      cell = '';
    } else cell += c;
  }
  if (cell !== '') cells.push(cell);
  return cells;
}

describe.each(BACKENDS)('dashboard anomalies on $name', (backend) => {
  let t: TestServer;
  let a: TestStation;
  let registered: number;
  let againstName: string;
  let stations: StationOverview[];

  beforeAll(async () => {
    t = await startTestServer(backend);
    a = await enrolTestStation(t.db, 'flag-01');
    registered = a.package.roll.filter((voter) => voter.status === 'registered').length;
    const client = new StationClient(t.server.url, a);
    // More check-ins than registered voters.
    await client.pushNew('checkins', checkinDocs(registered + 5));
    const ballots = ballotDocs(a.election, 120, 7);
    const boxes = boxesRecord(120, registered);
    await client.pushNew('ballots', ballots);
    await client.pushNew('countRecords', [boxesDoc(boxes)]);
    // An unbalanced ballot account: 150 + 3 + 40 = 193 of 200.
    await client.pushNew('reconciliation', [{ id: 'round-1', round: 1, stock: 200, issued: 150, spoiled: 3, unused: 40, difference: -7, at: '2026-12-06T17:05:00.000+08:00', clerk: '总监票人', desk: 'count' }]);
    // Someone tries to rewrite ballot 1: the server keeps the stored one and answers a conflict.
    const first = ballots.find((doc) => doc.status === 'valid')!;
    const chair = a.election.positions[0]!;
    const other = chair.candidates.find((candidate) => !(first.marks?.[chair.id]?.for ?? []).includes(candidate.id))!;
    againstName = other.name;
    const rewritten = { ...first, marks: { ...first.marks, [chair.id]: { for: [], against: [other.id], writeIns: [] } } };
    const conflicts = await client.push('ballots', [{ assumedMasterState: { ...first, _deleted: false }, newDocumentState: { ...rewritten, _deleted: false } }]);
    expect(conflicts).toHaveLength(1);
    // The station signs a result in which one ballot reads otherwise: the recount disagrees.
    const altered = ballots.map((doc) => (doc.id === first.id ? { ...doc, status: 'blank' as const, marks: null } : doc));
    expect((await client.postResult(signedResultFor(a, altered, boxes))).body.status).toBe('disagrees');
    await client.pushNew('machine', [{ id: 'polling-day', snapshot: { status: 'active', value: { polling: 'open' }, context: { round: 1 } }, savedAt: '2026-12-06T10:00:00+08:00' }]);
    await t.server.recheckIdle();
    await t.db.query(`UPDATE stations SET last_contact = now() - interval '40 minutes' WHERE id = 'flag-01'`);

    // A station enrolled without its package, with check-ins of its own.
    const bare = generateKeyPair();
    const enrolled = await enrolStation(t.db, { stationId: 'nopkg-01', publicKey: bare.publicKey });
    expect(enrolled.ok).toBe(true);
    await new StationClient(t.server.url, { stationId: 'nopkg-01', secretKey: bare.secretKey }).pushNew('checkins', checkinDocs(50));

    const response = await fetch(`${t.server.url}/api/stations`);
    expect(response.status).toBe(200);
    stations = (await response.json()) as StationOverview[];
  }, 120_000);
  afterAll(async () => t?.close());

  const station = (id: string) => stations.find((s) => s.id === id)!;
  const flag = (kind: string) => station('flag-01').anomalies.find((anomaly) => anomaly.kind === kind);

  it('lists a station without a package as 无选举包 and leaves it out of the turnout', async () => {
    const bare = station('nopkg-01');
    expect(bare.packageKnown).toBe(false);
    expect(bare.turnout).toBeNull();
    expect(bare.checkinsIssued).toBe(50);
    const totals = districtTurnout(stations);
    expect(totals.withoutPackage).toEqual(['nopkg-01']);
    expect(totals.registered).toBe(registered);
    expect(totals.issued).toBe(registered + 5);
    const series = (await (await fetch(`${t.server.url}/api/turnout`)).json()) as TurnoutSeries;
    expect(series.registeredVoters).toBe(registered);
    expect(series.total.at(-1)?.cumulative).toBe(registered + 5);
    expect(series.stations['nopkg-01']).toBeUndefined();
  });

  it('flags each anomaly with its numbers', () => {
    expect(flag('turnoutOver100')?.numbers).toEqual({ issued: registered + 5, registeredVoters: registered });
    expect(flag('turnoutOver100')?.text).toContain(`已发票 ${registered + 5} 张，登记选民只有 ${registered} 人`);
    expect(flag('checkinsVsBox')?.numbers).toEqual({ checkins: registered + 5, inBox: 120 });
    expect(flag('ballotAccount')?.numbers).toEqual({ issued: 150, spoiled: 3, unused: 40, stock: 200 });
    expect(flag('ballotAccount')?.text).toContain('发出 150 + 作废 3 + 未用 40 = 193，领到选票 200 张（少 7 张）');
    expect(flag('checkinsVsBox')?.text).toContain(`票箱内选票 120 张（票箱少 ${registered + 5 - 120} 张）`);
    expect(flag('recountDiffers')?.numbers.differences).toBeGreaterThan(0);
    expect(flag('rewriteAttempt')?.numbers).toEqual({ attempts: 1 });
    expect(flag('silent')?.numbers.minutes).toBeGreaterThanOrEqual(40);
    expect(flag('silent')?.text).toMatch(/已 4\d 分钟没有联系/);
    expect(station('nopkg-01').anomalies).toEqual([]);
  });

  it('writes differences for people, not JSON paths', () => {
    const rewrite = flag('rewriteAttempt')!.details!.join('\n');
    expect(rewrite).toMatch(/^第 \d+ 号选票：站点记录 .+○.*，改写为 .+×.*（未采用）/);
    expect(rewrite).toMatch(new RegExp(`^第 \\d+ 号选票：站点记录 主任 \\S+○，改写为 主任 ${againstName}×（未采用）$`));
    const recount = flag('recountDiffers')!.details!.join('\n');
    expect(recount).toMatch(/：站点结果 \d+，重新计票 \d+/);
    expect(recount).not.toMatch(/positions\[|tallies\[|\.for:/);
  });

  it('links each flag to the records behind it', async () => {
    for (const anomaly of station('flag-01').anomalies) {
      expect(anomaly.links.length).toBeGreaterThan(0);
      for (const link of anomaly.links) {
        const response = await fetch(`${t.server.url}${link.href}`);
        expect(response.status, link.href).toBe(200);
        const body = (await response.json()) as { documents: unknown[] };
        expect(body.documents.length, link.href).toBeGreaterThan(0);
      }
    }
    const rewrite = flag('rewriteAttempt')!.links[0]!;
    const records = (await (await fetch(`${t.server.url}${rewrite.href}`)).json()) as { documents: { id: string }[]; history: { reason: string }[] };
    expect(records.documents).toHaveLength(1);
    expect(records.history.map((row) => row.reason)).toEqual(['refused']);
  });

  it('exports a spreadsheet with no cell over 1,000 characters, the full differences in a file beside it', async () => {
    // A difference report as long as the one that made a 579,000-character cell.
    const lines = Array.from({ length: 6000 }, (_, i) => `第 ${i + 1} 张选票：无法识别的标记 / ballot ${i + 1}: unreadable mark ${'x'.repeat(60)}`);
    await t.db.query(`UPDATE results SET difference = $1::text::jsonb WHERE station_id = 'flag-01'`, [JSON.stringify(lines)]);
    const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'results.csv');
    const exported = await resultsExportFiles(t.db, 'csv', out);
    const csv = exported.files.find((file) => file.path === out)!;
    const longest = Math.max(...csvCells(csv.content).map((cell) => cell.length));
    expect(longest).toBeLessThanOrEqual(MAX_CELL);
    expect(csv.content.length).toBeLessThan(200_000);
    const report = exported.files.find((file) => file.path === differencesPath(out))!;
    for (const line of [lines[0]!, lines[5999]!]) expect(report.content).toContain(line);
    expect(csv.content).toContain('6000 处差异，全文见 results.differences.txt');
    expect(exported.message).toContain(differencesPath(out));
  });
});
