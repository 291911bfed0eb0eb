/**
 * The public count in the real UI: 60 ballots entered by keyboard only (overvotes, blanks,
 * an unreadable ballot, write-ins with a near-duplicate name), the projector following in a
 * second page, a reload mid-count, results equal to the `tally` command on the same ballots,
 * then the runoff round through to the merged result. And a void round.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FORMAT, type Ballot, type CountInput, type CountResult, type ElectionPackage } from '../../shared/election/schemas';
import { buildRoundContext } from '../../shared/rules/context';
import { verifySheetFile } from '../../main/services/signing';
import { keyedCandidates } from '../../renderer/features/count/ballotDraft';
import { ROOT, screenshot, startStationUnderTest, type StationUnderTest } from './harness';
import { smallDemoPackage } from './smallPackage';
import { checkInByName, closeAndReconcile, completeSetup, expectStep, importPackageFile, WAIT } from './steps';
import { createHttpBridge } from '../../renderer/bridge/httpBridge';

const run = promisify(execFile);

/** One paper ballot as the test reads it out: keys to press, and the ballot it must become. */
interface ReadOut {
  readonly keys: readonly string[];
  readonly writeIns?: readonly { position: number; typed: string; pickSuggestion?: boolean }[];
  readonly ballot: Omit<Ballot, 'id'>;
}

let station: StationUnderTest;
let page: Page;
const pkg: ElectionPackage = smallDemoPackage(110);

beforeAll(async () => {
  station = await startStationUnderTest();
  page = station.page;
}, 60_000);
afterAll(async () => station?.close());

async function enterBallot(read: ReadOut): Promise<void> {
  for (const key of read.keys) await page.keyboard.press(key);
  for (const writeIn of read.writeIns ?? []) {
    await page.keyboard.press(`F${writeIn.position + 1}`);
    await page.getByTestId('writein-input').waitFor();
    await page.keyboard.insertText(writeIn.typed);
    if (writeIn.pickSuggestion) {
      await page.getByTestId('writein-suggestion').first().waitFor();
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
  }
  const before = await page.getByTestId('entry-progress').textContent();
  if (read.ballot.status === 'blank') await page.keyboard.press('b');
  else if (read.ballot.status === 'unreadable') await page.keyboard.press('n');
  else await page.keyboard.press('Enter');
  try {
    await expect.poll(() => page.getByTestId('entry-progress').textContent(), WAIT).not.toBe(before);
    // The next paper's keys are taken once this one is stored (第 N 张已录入).
    await page.locator('[data-testid="ballot-draft"][data-state="ready"]').waitFor(WAIT);
  } catch (error) {
    throw new Error(`ballot not committed: ${JSON.stringify(read)}; screen: ${await page.getByTestId('entry-A').textContent()}`, { cause: error });
  }
}

async function tallyCommand(input: CountInput): Promise<CountResult> {
  const file = join(mkdtempSync(join(tmpdir(), 'count-input-')), 'input.json');
  writeFileSync(file, JSON.stringify(input));
  const { stdout } = await run('npm', ['run', '--silent', 'tally', '--', file], { cwd: ROOT });
  return JSON.parse(stdout) as CountResult;
}

async function shownResult(round: number): Promise<CountResult> {
  return JSON.parse((await page.getByTestId(`result-json-${round}`).textContent()) ?? 'null') as CountResult;
}

/** The 60 ballots of round 1: a 委员 seat stays empty (a tie for it), so a runoff follows. */
function roundOneBallots(): ReadOut[] {
  const context = buildRoundContext(pkg.election, 1, null);
  const keyOf = new Map(keyedCandidates(context).map((k) => [k.person, k.key]));
  const byName = (name: string) => [...context.positions.flatMap((p) => p.candidates)].find((person) => context.nameOf(person) === name) as string;
  const [linxm, zhoujh, helj, chenzq, maxy, sunht, wugq, zhaowj, zhengjy] = ['林秀梅', '周建华', '何丽娟', '陈志强', '马晓燕', '孙海涛', '吴国庆', '赵文静', '郑佳怡'].map(byName) as [string, string, string, string, string, string, string, string, string];
  const valid = (chair: string[], vice: string[], member: string[], against: string[] = []): ReadOut => {
    const marks: NonNullable<Ballot['marks']> = {};
    const keys: string[] = [];
    for (const [id, list] of [['chair', chair], ['vice', vice], ['member', member]] as const) {
      const against_ = against.filter((person) => context.positionById.get(id)?.candidateSet.has(person));
      if (list.length + against_.length === 0) continue;
      marks[id] = { for: list, against: against_, writeIns: [] };
      for (const person of list) keys.push(keyOf.get(person) as string);
      for (const person of against_) keys.push(keyOf.get(person) as string, keyOf.get(person) as string);
    }
    return { keys, ballot: { status: 'valid', marks } };
  };
  const ballots: ReadOut[] = [];
  for (let i = 0; i < 25; i++) ballots.push(valid([linxm], [chenzq], [maxy, sunht, wugq]));
  for (let i = 0; i < 12; i++) ballots.push(valid([linxm], [chenzq], [maxy, sunht, zhaowj]));
  for (let i = 0; i < 13; i++) ballots.push(valid([zhoujh], [helj], [zhaowj, zhengjy], i < 4 ? [sunht] : []));
  // Two overvotes on 委员 (4 ○ for 3 seats): only that position is invalid on those ballots.
  ballots.push(valid([linxm], [chenzq], [maxy, sunht, wugq, zhengjy]));
  ballots.push(valid([linxm], [], [maxy, sunht, wugq, zhaowj]));
  ballots.push({ keys: [], ballot: { status: 'blank' } }, { keys: [], ballot: { status: 'blank' } }, { keys: [], ballot: { status: 'unreadable' } });
  // Write-ins: 钱七 twice (the second picked from the suggestions), 钱柒 once, kept apart.
  const withWriteIn = (typed: string, pickSuggestion: boolean, recorded: string): ReadOut => {
    const base = valid([], [chenzq], [maxy]);
    return { ...base, writeIns: [{ position: 0, typed, pickSuggestion }], ballot: { status: 'valid', marks: { ...(base.ballot.marks ?? {}), chair: { for: [], against: [], writeIns: [recorded] } } } };
  };
  ballots.push(withWriteIn('钱七', false, '钱七'), withWriteIn('钱柒', false, '钱柒'), withWriteIn('钱', true, '钱七'));
  ballots.push(valid([linxm], [chenzq], [maxy]), valid([linxm], [chenzq], [sunht]));
  return ballots;
}

function countInputOf(round: number, ballots: readonly ReadOut[], participants: number, runoffOf: CountResult | null): CountInput {
  return {
    format: FORMAT.countInput,
    election: pkg.election,
    round,
    registeredVoters: pkg.roll.filter((voter) => voter.status === 'registered').length,
    participants,
    ballotsIssued: participants,
    ballotsRecovered: ballots.length,
    ballots: ballots.map((read, index): Ballot => ({ id: `R${round}-${String(index + 1).padStart(4, '0')}`, status: read.ballot.status as Ballot['status'], marks: read.ballot.status === 'valid' ? ((read.ballot.marks ?? null) as Ballot['marks']) : null })),
    runoffOf,
  };
}

describe('the public count in the browser', () => {
  it('counts 60 ballots by keyboard, follows on the projector, survives a reload, equals the tally command, then runs the runoff', async () => {
    await page.goto(station.host.launchUrl);
    await importPackageFile(page, JSON.stringify(pkg));
    await expectStep(page, 'setup');
    await completeSetup(page, 200);
    await page.getByTestId('open-polls').click();
    await expectStep(page, 'open');
    const voters = pkg.roll.filter((voter) => voter.status === 'registered');
    for (const voter of voters.slice(0, 62)) await checkInByName(page, voter);
    await closeAndReconcile(page, 200 - 62);

    await page.getByTestId('start-count').click();
    await expectStep(page, 'opening');
    await page.getByTestId('box-main').fill('60');
    await page.getByTestId('confirm-boxes').click();
    await expectStep(page, 'entering');

    const projector = await station.context.newPage();
    await projector.goto(`${station.host.url}/#/projector`);
    await projector.getByTestId('projector').waitFor();

    const ballots = roundOneBallots();
    expect(ballots).toHaveLength(60);
    // Shuffle deterministically so the overvotes, blanks and write-ins come in the middle of the pile.
    const order = ballots.map((_, i) => i).sort((a, b) => ((a * 37) % 61) - ((b * 37) % 61));
    const pile = order.map((i) => ballots[i] as ReadOut);
    for (const read of pile.slice(0, 30)) await enterBallot(read);
    await expect.poll(() => page.getByTestId('entry-progress').textContent(), WAIT).toContain('30');
    await expect.poll(() => projector.getByTestId('projector-counted').textContent(), WAIT).toContain('30');
    await screenshot(page, '20-ballot-entry');
    await screenshot(projector, '21-projector');

    // Reload in the middle of the count: nothing lost, nothing doubled.
    await page.reload();
    await expectStep(page, 'entering');
    await expect.poll(() => page.getByTestId('entry-progress').textContent(), WAIT).toContain('30');
    // A mistaken ballot, withdrawn with a reason, then entered again as read.
    await enterBallot(pile[30] as ReadOut);
    await page.keyboard.press('Control+z');
    await page.getByTestId('withdraw-reason').fill('计票人按错键');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('entry-progress').textContent(), WAIT).toContain('30');
    for (const read of pile.slice(30)) await enterBallot(read);
    await expect.poll(() => page.getByTestId('entry-progress').textContent(), WAIT).toContain('60 / 收回 60');

    await page.getByTestId('finish-count').click();
    await expectStep(page, 'results');
    const expected = await tallyCommand(countInputOf(1, pile, 62, null));
    expect(await shownResult(1)).toEqual(expected);
    expect(expected.runoff?.positions[0]?.id).toBe('member');
    await expect.poll(() => projector.locator('[data-person] >> nth=0').count(), WAIT).toBeGreaterThan(0);
    await screenshot(page, '22-results-round-1');

    // The runoff round: new ballots, check-in again, the count with the one-third threshold.
    await page.getByTestId('runoff-stock').fill('100');
    await page.getByTestId('start-runoff').click();
    await expectStep(page, 'ready');
    await page.getByTestId('open-polls').click();
    await expectStep(page, 'open');
    for (const voter of voters.slice(0, 58)) await checkInByName(page, voter);
    await closeAndReconcile(page, 100 - 58);
    await page.getByTestId('start-count').click();
    await page.getByTestId('box-main').fill('58');
    await page.getByTestId('confirm-boxes').click();
    await expectStep(page, 'entering');
    const round1 = expected;
    const context2 = buildRoundContext(pkg.election, 2, round1);
    const keys2 = keyedCandidates(context2);
    expect(keys2.map((k) => k.key)).toEqual(['1', '2']);
    const runoffBallots: ReadOut[] = Array.from({ length: 58 }, (_, i) => {
      const choice = keys2[i < 33 ? 0 : 1] as (typeof keys2)[number];
      return { keys: [choice.key], ballot: { status: 'valid', marks: { member: { for: [choice.person], against: [], writeIns: [] } } } };
    });
    for (const read of runoffBallots) await enterBallot(read);
    await page.getByTestId('finish-count').click();
    await expectStep(page, 'results');
    const expected2 = await tallyCommand(countInputOf(2, runoffBallots, 58, round1));
    expect(await shownResult(2)).toEqual(expected2);
    expect(expected2.positions[0]?.elected).toEqual([keys2[0]?.person]);
    await expect.poll(() => page.getByTestId('committee-member').locator('[data-person]').count(), WAIT).toBe(3);
    await screenshot(page, '23-results-merged');

    // The signed tally sheet: main recounts both rounds, signs, prints; the station is certified.
    await page.getByTestId('produce-sheet').click();
    await expectStep(page, 'certified');
    const href = await page.getByTestId('save-sheet').getAttribute('href');
    const pdf = Buffer.from(await (await fetch(new URL(href ?? '', station.host.url), { headers: { 'x-station-secret': station.host.secret } })).arrayBuffer());
    const file = join(mkdtempSync(join(tmpdir(), 'sheet-')), 'sheet.pdf');
    writeFileSync(file, pdf);
    const verified = await verifySheetFile(file, { stationKey: (await createHttpBridge(station.host.url, station.host.secret).stationKey()).publicKey });
    expect(verified.ok && verified.signed.result).toEqual(expected2);
    // A reprint is the same file.
    const again = Buffer.from(await (await fetch(new URL(href ?? '', station.host.url), { headers: { 'x-station-secret': station.host.secret } })).arrayBuffer());
    expect(again.equals(pdf)).toBe(true);
    await screenshot(page, '25-sheet');
  }, 600_000);
});
