/**
 * The sheet review's items, read back from the rendered PDFs (issue 18): the man the women rule
 * displaced is named with why; a tie that leaves a seat empty says 得票相等，均未当选; a 40-character
 * organizer keeps every certificate on its own single page.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSheet, type SheetKind } from '../../../../main/services/pdf/sheets';
import { certificateRecipients } from '../../../../shared/sheets/certificates';
import type { SheetInput } from '../../../../shared/sheets/types';
import { signResult } from '../../../../shared/crypto/signed';
import { signedScenarios, STATION_SECRET } from '../../../shared/sheets/fixtures';
import { pdftotext, run, scratch, writeKeyFile } from './support';

const scenarios = signedScenarios();
const scenario = (prefix: string) => scenarios.find((s) => s.name.startsWith(prefix))!;
const space = scratch();
let keyFile = '';
beforeAll(() => {
  keyFile = writeKeyFile(join(space.dir, 'station-key.json'));
});
afterAll(() => space.cleanup());

async function rendered(kind: SheetKind, input: SheetInput, name: string): Promise<{ file: string; text: string }> {
  const pdf = (await renderSheet(kind, input, { pdfSignature: { keyFile } }))!;
  const file = join(space.dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return { file, text: await pdftotext(file) };
}

/** The text without spaces and line breaks: a sentence reads whole however it wrapped. */
const flat = (text: string) => text.replace(/\s+/g, '');

async function pages(file: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [file]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
}

describe('the sheet review', () => {
  it('names the person the women rule displaced, and why', async () => {
    const { text } = await rendered('result', scenario('07').sheetInput, 'women');
    expect(flat(text)).toContain(
      '于海（于海60票）得票已达当选票数，按得票多少本应当选；因示例社区第八届居民委员会没有女性成员当选，依照妇女成员保障规定由女性候选人中得票最多的马丽当选，于海未当选。',
    );
    // The announcement posted at the station says it too.
    expect(flat((await rendered('announcement', scenario('07').sheetInput, 'women-announcement')).text)).toContain('于海未当选。');
  }, 60_000);

  it('prints 得票相等，均未当选 under a tie that leaves a seat empty', async () => {
    const { text } = await rendered('result', scenario('08').sheetInput, 'tie');
    expect(flat(text)).toMatch(/(于海、马丽|马丽、于海)各得45票，得票相等，均未当选。/);
    expect(flat((await rendered('announcement', scenario('08').sheetInput, 'tie-announcement')).text)).toMatch(/(于海、马丽|马丽、于海)各得45票，得票相等，均未当选。/);
    // No such line where no tie left a seat empty.
    expect(flat((await rendered('result', scenario('01').sheetInput, 'no-tie')).text)).not.toContain('得票相等');
  }, 60_000);

  it('round 1’s sheet shows the runoff it calls: each position, its seats, its candidates, a women-only seat', async () => {
    const base = scenario('05');
    const call = base.result.runoff!.positions[0]!;
    const names = call.candidates.map((person) => base.result.positions.find((p) => p.id === call.id)!.tallies.find((t) => t.person === person)!.name);
    const title = base.input.election.positions.find((p) => p.id === call.id)!.title;
    const plain = await rendered('result', base.sheetInput, 'runoff-call');
    expect(flat(plain.text)).toContain(`${title}尚缺${call.seats}名，须另行选举。另行选举候选人（按得票多少为序）：${names.join('、')}。`);
    // The same call held for women (the women rule's reserved seat): said on the sheet.
    for (const [name, entry, said] of [
      ['women-only', { ...call, womenOnly: true }, `${names.join('、')}（仅限女性）。`],
      ['reserved', { ...call, reservedForWomen: 1 }, `${names.join('、')}；其中1名须为女性。`],
    ] as const) {
      const result = { ...base.result, runoff: { positions: [entry, ...base.result.runoff!.positions.slice(1)] } };
      const signed = signResult({ station: base.signed.station, election: base.input.election, result, ballots: base.input.ballots, signedAt: base.signed.signedAt, stationSecretKey: STATION_SECRET });
      expect(flat((await rendered('result', { ...base.sheetInput, signed }, name)).text)).toContain(said);
    }
  }, 60_000);

  it('a long organizer or community name (40, 60 characters) keeps each certificate on one page, the seal line included', async () => {
    const words = '北京市海淀区某某街道某某社区居民委员会换届选举委员会暨选举工作领导小组办公室第一分组第二分组第三分组第四分组第五分组';
    const base = scenario('07');
    const community = (name: string): SheetInput => {
      const election = { ...base.input.election, community: name };
      const signed = signResult({ station: base.signed.station, election, result: base.result, ballots: base.input.ballots, signedAt: base.signed.signedAt, stationSecretKey: STATION_SECRET });
      return { ...base.sheetInput, election, signed };
    };
    const cases: [string, SheetInput, string][] = [
      ['organizer-40', { ...base.sheetInput, organizer: words.slice(0, 40) }, words.slice(0, 40)],
      ['organizer-60', { ...base.sheetInput, organizer: words.slice(0, 60) }, words.slice(0, 60)],
      // The default organizer, {community}居民选举委员会, and the committee's name in the text both grow.
      ['community-40', community(words.slice(0, 40)), `${words.slice(0, 40)}居民选举委员会`],
    ];
    for (const [name, input, organizer] of cases) {
      expect(organizer.length).toBeGreaterThanOrEqual(40);
      const { file, text } = await rendered('certificates', input, name);
      const people = certificateRecipients(input);
      expect(await pages(file), name).toBe(people.length);
      expect(flat(text)).toContain(organizer);
      expect(text.match(/（盖章）/g)?.length, name).toBe(people.length);
      for (let page = 1; page <= people.length; page++) {
        const { stdout } = await run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-']);
        expect(flat(stdout), `${name} page ${page}`).toContain(`${people[page - 1]!.name}同志`);
        expect(stdout, `${name} page ${page}`).toContain('（盖章）');
      }
    }
  }, 120_000);
});
