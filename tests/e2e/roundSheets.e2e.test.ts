/**
 * Every round on paper, in Chromium (issue 18): round 1 leaves a 委员 seat empty and calls a
 * runoff; its signed sheet is produced and read back (the runoff it calls, its QR result) while
 * the day stays at the results; the runoff follows, and the final sheet carries round 1's signed
 * result exactly as it was signed at round 1.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createHttpBridge } from '../../renderer/bridge/httpBridge';
import { keyedCandidates, type KeyedCandidate } from '../../renderer/features/count/ballotDraft';
import type { CountResult, ElectionPackage, SignedResult } from '../../shared/election/schemas';
import { buildRoundContext } from '../../shared/rules/context';
import { pdfsig, pdftotext } from '../main/services/pdf/support';
import { sha256Hex } from '../../shared/crypto/hash';
import { verifySignedResult } from '../../shared/crypto/signed';
import { startStationUnderTest, storedDocuments, type StationUnderTest } from './harness';
import { smallDemoPackage } from './smallPackage';
import { checkInByName, closeAndReconcile, completeSetup, enterBallotKeys, expectStep, importPackageFile, openBoxes, openPolls, WAIT } from './steps';

let station: StationUnderTest;
let page: Page;
const pkg: ElectionPackage = smallDemoPackage(100);
const voters = pkg.roll.filter((voter) => voter.status === 'registered');
const TURNOUT = 52;

beforeAll(async () => {
  station = await startStationUnderTest();
  page = station.page;
}, 60_000);
afterAll(async () => station?.close());

/** A round's polls with `TURNOUT` voters, closed and reconciled; the boxes hold `ballots`. */
async function pollRound(stock: number, ballots: number): Promise<void> {
  await openPolls(page);
  for (const voter of voters.slice(0, TURNOUT)) await checkInByName(page, voter);
  await closeAndReconcile(page, stock - TURNOUT);
  await openBoxes(page, { main: ballots });
  await expectStep(page, 'entering');
}

/**
 * The sheet shown now: its PDF fetched as the clerk saves it (its SHA-256 the one the panel
 * shows), its PDF signature valid (pdfsig), read back with pdftotext; and the signed results
 * stored with it, each verified against the station key.
 */
async function shownSheet(round: number): Promise<{ text: string; signedResults: SignedResult[]; sha256: string }> {
  const href = await page.getByTestId('save-sheet').getAttribute('href');
  const response = await fetch(new URL(href ?? '', station.host.url), { headers: { 'x-station-secret': station.host.secret } });
  const bytes = Buffer.from(await response.arrayBuffer());
  const file = join(mkdtempSync(join(tmpdir(), 'round-sheet-')), 'sheet.pdf');
  writeFileSync(file, bytes);
  const hash = await page.getByTestId('sheet-hash').textContent();
  expect(sha256Hex(new Uint8Array(bytes))).toBe(hash);
  expect(await pdfsig(file)).toContain('Signature is Valid');
  const record = (await storedDocuments(page, 'countRecords')).find((doc) => doc.id === `sheet-${round}`)?.data as { sheetSha256: string; signedResults: SignedResult[] } | undefined;
  expect(record?.sheetSha256).toBe(hash);
  const stationKey = (await createHttpBridge(station.host.url, station.host.secret).stationKey()).publicKey;
  for (const signed of record!.signedResults) expect(verifySignedResult(signed, { stationKey, election: pkg.election })).toEqual([]);
  return { text: await pdftotext(file), signedResults: record!.signedResults, sha256: hash ?? '' };
}

const shownResult = async (round: number): Promise<CountResult> => JSON.parse((await page.getByTestId(`result-json-${round}`).textContent()) ?? 'null') as CountResult;
const flat = (text: string) => text.replace(/\s+/g, '');

describe('every round on paper', () => {
  it('prints round 1’s signed sheet with the runoff it calls before the runoff, and the final sheet carries it as signed', async () => {
    await page.goto(station.host.launchUrl);
    await importPackageFile(page, JSON.stringify(pkg));
    await expectStep(page, 'setup');
    await completeSetup(page, 200);
    await pollRound(200, 2);

    // Two ballots: the first candidates of 主任 and 副主任 and two 委员 on both; the third 委员 seat split.
    const keyed = keyedCandidates(buildRoundContext(pkg.election, 1, null));
    const of = (position: string) => keyed.filter((k) => k.positionId === position);
    const [m1, m2, m3, m4] = of('member') as [KeyedCandidate, KeyedCandidate, KeyedCandidate, KeyedCandidate];
    const common = [of('chair')[0]!, of('vice')[0]!, m1, m2].map((k) => k.key);
    await enterBallotKeys(page, [...common, m3.key]);
    await enterBallotKeys(page, [...common, m4.key]);
    await page.getByTestId('finish-count').click();
    await expectStep(page, 'results');
    const round1 = await shownResult(1);
    expect(round1.runoff?.positions.map((p) => p.id)).toContain('member');

    // Round 1's sheet, on the spot: signed and printed, the day still at its results.
    await page.getByTestId('produce-sheet').click();
    await page.getByTestId('sheet-hash').waitFor(WAIT);
    await expectStep(page, 'results');
    const sheet1 = await shownSheet(1);
    expect(sheet1.signedResults.map((signed) => signed.result)).toEqual([round1]);
    expect(flat(sheet1.text)).toContain('三、另行选举及说明');
    for (const entry of round1.runoff!.positions) {
      const position = round1.positions.find((p) => p.id === entry.id)!;
      const names = entry.candidates.map((person) => position.tallies.find((t) => t.person === person)!.name);
      expect(flat(sheet1.text)).toContain(`须另行选举。另行选举候选人（按得票多少为序）：${names.join('、')}`);
    }
    await expect.poll(() => page.getByTestId('start-runoff').isVisible(), WAIT).toBe(true);

    // The runoff: the first runoff candidates of each open position on both ballots.
    await page.getByTestId('runoff-stock').fill('100');
    await page.getByTestId('start-runoff').click();
    await expectStep(page, 'ready');
    await pollRound(100, 2);
    const keyed2 = keyedCandidates(buildRoundContext(pkg.election, 2, round1));
    const chosen = round1.runoff!.positions.flatMap((entry) => keyed2.filter((k) => k.positionId === entry.id).slice(0, entry.seats).map((k) => k.key));
    await enterBallotKeys(page, chosen);
    await enterBallotKeys(page, chosen);
    await page.getByTestId('finish-count').click();
    await expectStep(page, 'results');
    const round2 = await shownResult(2);
    expect(round2.runoff).toBeNull();
    // Round 1's own sheet stays at hand under its result: the very same stored file.
    const earlier = await page.getByTestId('round-sheet-1').getAttribute('href');
    const reprint = await fetch(new URL(earlier ?? '', station.host.url), { headers: { 'x-station-secret': station.host.secret } });
    expect(sha256Hex(new Uint8Array(await reprint.arrayBuffer()))).toBe(sheet1.sha256);

    // The final sheet: round 2 signed now, round 1 carried exactly as signed at round 1.
    await page.getByTestId('produce-sheet').click();
    await expectStep(page, 'certified');
    const sheet2 = await shownSheet(2);
    expect(sheet2.signedResults.map((signed) => signed.result)).toEqual([round1, round2]);
    // Round 1 carried byte for byte: the same signing time, the same signature.
    expect(JSON.stringify(sheet2.signedResults[0])).toBe(JSON.stringify(sheet1.signedResults[0]));
    expect(sheet2.signedResults[1]!.signedAt > sheet1.signedResults[0]!.signedAt).toBe(true);
    expect(flat(sheet2.text)).toContain('当选人员名单（各轮合计）');
  }, 600_000);
});
