/**
 * The district's papers before polling day, read back from the PDF: the printed ballot (text,
 * fonts embedded, one page a ballot, A4/A3, names ≥ 12 pt, the QR code read by the project's
 * reader back to the ballot style, the same bytes every time), the printed roll (by group,
 * stroke order, the publication date, struck voters left out) and the formal candidate list.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../../main/services/pdf/qrScan';
import { electionHash } from '../../../shared/crypto/hash';
import { sortByStroke } from '../../../shared/rules/order';
import { shortHash } from '../../../shared/sheets/format';
import { ballotSheet, BallotTooLarge, serialText } from '../../../shared/sheets/preElection/ballot';
import { CELL_PAD, RULE_WIDTH } from '../../../shared/sheets/preElection/ballotPlan';
import { decodeBallotStyleQr, writeInLinesOf } from '../../../shared/sheets/preElection/ballotStyle';
import { pdfPageCount, renderBallotPdf, renderCandidateListPdf, renderRollPdf } from '../../../server/preElection/papers/render';
import { pdftotext, run, scratch } from '../../main/services/pdf/support';
import { electionOf, ELECTION, FORMAL_LIST, LARGE_ELECTION, rollInput } from '../../shared/sheets/preElection/fixtures';

const space = scratch('pre-papers-');
afterAll(() => space.cleanup());

function save(name: string, pdf: Uint8Array): string {
  const file = join(space.dir, name);
  writeFileSync(file, pdf);
  return file;
}

async function pdfinfo(file: string): Promise<{ pages: number; size: string }> {
  const { stdout } = await run('pdfinfo', [file]);
  return { pages: Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]), size: /Page size:\s+([\d.]+ x [\d.]+)/.exec(stdout)?.[1] ?? '' };
}

/** Every font of the file, and whether each is embedded (pdffonts' "emb" column). */
async function pdffonts(file: string): Promise<{ name: string; embedded: boolean }[]> {
  const { stdout } = await run('pdffonts', [file]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name type… encoding emb sub uni object ID: "emb" is the 5th column from the end.
      return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' };
    });
}

/** The words of a page with their boxes (pdftotext -bbox). */
async function words(file: string, page: number): Promise<{ text: string; height: number; x: number; y: number }[]> {
  const { stdout } = await run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { maxBuffer: 8 * 1024 * 1024 });
  return [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[4]!,
    x: Number(m[1]),
    y: Number(m[2]),
    height: Number(m[3]) - Number(m[2]),
  }));
}

/** Noto Sans SC's ascent + descent: a word box is this many times the font size high. */
const LINE_BOX = 1.448;

function textPerPage(text: string): string[] {
  return text.split('\f').filter((page) => page.trim() !== '');
}

describe('the printed ballot', () => {
  it('one page a ballot with its stub serial, the title, every position, candidates in stroke order, write-in lines, how to mark, fonts embedded, names ≥ 12 pt', async () => {
    const { pdf, style, qrText, paper } = await renderBallotPdf({ election: ELECTION, first: 41, count: 3, issuedOn: '2027-03-06' });
    const file = save('ballot.pdf', pdf);
    expect(paper).toBe('A4');
    expect(await pdfinfo(file)).toEqual({ pages: 3, size: '595.28 x 841.89' });
    const pages = textPerPage(await pdftotext(file));
    expect(pages).toHaveLength(3);
    const hash = electionHash(ELECTION);
    pages.forEach((page, i) => {
      expect(page).toContain(`编号 No. ${serialText(41 + i)}`);
      expect(page).toContain('柳岸社区第九届居民委员会换届选举选票');
      expect(page).toContain('投票日期：2027年3月20日');
      for (const mark of ['○', '×', '弃权', '另选他人', '选票存根']) expect(page).toContain(mark);
      expect(page).toContain(shortHash(hash));
      expect(page).toContain(`选票样式 R1.A4.${style.layout}`);
      expect(page).toContain('（盖章）');
      const writeIns = ELECTION.positions.reduce((sum, position) => sum + writeInLinesOf(position), 0);
      // "另选他人" is in the instructions three times, then once above each write-in box.
      expect(page.match(/另选他人/g)?.length).toBe(writeIns + 3);
      for (const position of ELECTION.positions) expect(page).toContain(`应选 ${position.seats} 名`);
    });
    // Other serials are on no page.
    expect(pages.join('')).not.toContain(serialText(44));
    expect(qrText).toBe(`PSB1:${hash.toUpperCase()}:R1.A4.${style.layout}`);

    // Candidates in stroke order, each position in rank order: the order their names appear on the page.
    const page1 = await words(file, 1);
    const placed = (name: string) => page1.find((word) => word.text === name)!;
    for (const position of ELECTION.positions) {
      const expected = sortByStroke(position.candidates, (c) => c.name).map((c) => c.name);
      const seen = [...expected].sort((a, b) => placed(a).y - placed(b).y || placed(a).x - placed(b).x);
      expect(seen).toEqual(expected);
      for (const name of expected) expect(placed(name).height / LINE_BOX, name).toBeGreaterThanOrEqual(11.99);
    }
    expect(placed('王芳').y).toBeLessThan(placed('陈静').y);
    expect(placed('陈静').y).toBeLessThan(placed('丁一').y);

    const fonts = await pdffonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.name).toMatch(/NotoSansSC/);
    }
  }, 60_000);

  it('the QR code on the ballot reads back (the project\'s reader) to the election hash and the ballot style', async () => {
    const { pdf, style } = await renderBallotPdf({ election: ELECTION, first: 1, count: 2, issuedOn: '2027-03-06' });
    const file = save('ballot-qr.pdf', pdf);
    const scan = await scanFile(file);
    expect(scan.pages).toBe(2);
    for (const texts of scan.perPage!) {
      const styles = texts.map(decodeBallotStyleQr).filter((decoded) => decoded !== null);
      expect(styles).toEqual([style]);
      expect(styles[0]!.electionHash).toBe(electionHash(ELECTION));
    }
  }, 60_000);

  it('the same input gives the same bytes; another serial, another stub only', async () => {
    const input = { election: ELECTION, first: 7, count: 1, issuedOn: '2027-03-06' };
    const a = await renderBallotPdf(input);
    const b = await renderBallotPdf(input);
    expect(Buffer.compare(a.pdf, b.pdf)).toBe(0);
    const c = await renderBallotPdf({ ...input, first: 8 });
    expect(Buffer.compare(a.pdf, c.pdf)).not.toBe(0);
    expect(c.style).toEqual(a.style);
  }, 60_000);

  it('many candidates go on A3, long names wrap at 12 pt or more; a ballot that fits neither is refused', async () => {
    const { pdf, paper, style } = await renderBallotPdf({ election: LARGE_ELECTION, first: 1, count: 2, issuedOn: '2027-03-06' });
    const file = save('ballot-a3.pdf', pdf);
    expect(paper).toBe('A3');
    expect(style.paper).toBe('A3');
    expect(await pdfinfo(file)).toEqual({ pages: 2, size: '841.89 x 1190.55' });
    const text = await pdftotext(file);
    for (const position of LARGE_ELECTION.positions) expect(text).toContain(position.title);
    const page = await words(file, 1);
    // Each name's glyphs (a wrapped name is two words) at 12 pt or more.
    const nameParts = page.filter((word) => LARGE_ELECTION.positions.some((p) => p.candidates.some((c) => c.name.includes(word.text) && word.text.length >= 1)));
    expect(nameParts.length).toBeGreaterThan(20);
    for (const word of nameParts) expect(word.height / LINE_BOX, word.text).toBeGreaterThanOrEqual(11.99);

    const huge = electionOf([{ id: 'member', title: '委员', rank: 1, seats: 9, names: Array.from({ length: 150 }, (_, i) => `候选人${i}`) }]);
    expect(() => ballotSheet({ election: huge, first: 1, count: 1, issuedOn: '2027-03-06' })).toThrow(BallotTooLarge);
    expect(() => ballotSheet({ election: huge, first: 1, count: 1, issuedOn: '2027-03-06' })).toThrow(/A3 纸也排不下.*does not fit even on A3/);
  }, 60_000);

  it('each position\'s grid, its rules included, stays within the side margins (A4 and A3)', () => {
    for (const election of [ELECTION, LARGE_ELECTION]) {
      const { definition, plan } = ballotSheet({ election, first: 1, count: 1, issuedOn: '2027-03-06' });
      const tables = (definition.content as { table?: { widths: number[] } }[]).filter((node) => (node.table?.widths.length ?? 0) > 1);
      expect(tables).toHaveLength(election.positions.length);
      for (const { table } of tables) {
        const columns = table!.widths.length;
        const width = table!.widths.reduce((sum, w) => sum + w, 0) + 2 * CELL_PAD * columns + (columns + 1) * RULE_WIDTH;
        expect(width).toBeLessThanOrEqual(plan.contentWidth + 0.01);
        expect(width).toBeGreaterThan(plan.contentWidth - 2);
      }
    }
  });

  it('bad serials or counts are refused with a clear message', () => {
    expect(() => ballotSheet({ election: ELECTION, first: 0, count: 1, issuedOn: '2027-03-06' })).toThrow(/起始编号.*first serial/);
    expect(() => ballotSheet({ election: ELECTION, first: 1, count: 0, issuedOn: '2027-03-06' })).toThrow(/1–500.*a file holds/);
    expect(() => ballotSheet({ election: ELECTION, first: 1, count: 501, issuedOn: '2027-03-06' })).toThrow(/1–500.*a file holds/);
    expect(() => ballotSheet({ election: ELECTION, first: 999_999, count: 2, issuedOn: '2027-03-06' })).toThrow(/6 位.*6 digits/);
  });
});

describe('the printed roll (选民榜)', () => {
  it('by residents\' group, each from a new page, names in stroke order, registered voters only, with the publication date and the objection period', async () => {
    const input = rollInput(150, 3);
    const pdf = await renderRollPdf(input);
    const file = save('roll.pdf', pdf);
    const text = await pdftotext(file);
    expect(text).toMatch(/选\s*民\s*名\s*单\s*（\s*选\s*民\s*榜\s*）/);
    expect(text).toContain('公布日期：2027年2月20日');
    expect(text).toContain('自公布之日起五日内（至 2027年2月25日）');
    expect(text).toContain('三日内作出处理决定');
    const pages = textPerPage(text);
    expect(pdfPageCount(pdf)).toBe(pages.length);
    expect((await pdfinfo(file)).pages).toBe(pages.length);
    expect(pages.at(-1)).toMatch(new RegExp(`第\\s*${pages.length}\\s*页\\s+共\\s*${pages.length}\\s*页`));
    let total = 0;
    for (const { group, entries } of input.groups) {
      const registered = entries.filter((entry) => entry.status === 'registered');
      total += registered.length;
      const own = pages.filter((page) => page.includes(group));
      expect(own.length).toBeGreaterThan(0);
      // A group starts a page: no other group's heading on its pages.
      for (const page of own) for (const other of input.groups) if (other.group !== group) expect(page).not.toContain(other.group);
      expect(own[0]).toMatch(new RegExp(`${group}\\s+（${registered.length} 人）`));
      // Row n carries the n-th name in stroke order.
      const expected = sortByStroke(registered, (entry) => entry.name);
      const rows = own.join('\n').split('\n').map((line) => /^\s*(\d+)\s+(\S+)\s+([男女])\s/.exec(line)).filter((m) => m !== null);
      expect(rows.map((m) => Number(m[1]))).toEqual(expected.map((_, i) => i + 1));
      expect(rows.map((m) => m[2])).toEqual(expected.map((entry) => entry.name));
    }
    expect(text).toContain(`登记选民 ${total} 人`);
    for (const font of await pdffonts(file)) expect(font.embedded, font.name).toBe(true);
    const again = await renderRollPdf(input);
    expect(Buffer.compare(pdf, again)).toBe(0);
  }, 60_000);

  it('before publication it is a draft to check and says so', async () => {
    const file = save('roll-draft.pdf', await renderRollPdf({ ...rollInput(20, 2, null), draftOn: '2027-02-10' }));
    const text = await pdftotext(file);
    expect(text).toMatch(/选\s*民\s*名\s*单\s*（\s*核\s*对\s*稿\s*）/);
    expect(text).toContain('尚未公布');
    expect(text).not.toContain('公布日期');
  }, 60_000);
});

describe('the formal candidate list (正式候选人名单)', () => {
  it('positions in rank order, candidates in stroke order, seats and 差额, the publication date, fonts embedded', async () => {
    const pdf = await renderCandidateListPdf(FORMAL_LIST);
    const file = save('candidates.pdf', pdf);
    expect((await pdfinfo(file)).pages).toBe(1);
    const text = await pdftotext(file);
    expect(text).toMatch(/正\s*式\s*候\s*选\s*人\s*名\s*单/);
    expect(text).toContain('公布日期：2027年3月5日');
    expect(text).toMatch(/主任\s+应选 1 名，正式候选人 2 名（差额 1 名）/);
    expect(text).toMatch(/委员\s+应选 3 名，正式候选人 5 名（差额 2 名）/);
    const heading = (title: string) => text.search(new RegExp(`^${title}\\s+应选`, 'm'));
    expect(heading('主任')).toBeGreaterThan(0);
    expect(heading('主任')).toBeLessThan(heading('副主任'));
    expect(heading('副主任')).toBeLessThan(heading('委员'));
    const names = text.split('\n').map((line) => /^\s*\d+\s+(\S+)\s+[男女]\s+(\d{4})\s+(\d+)/.exec(line)).filter((m) => m !== null);
    const expected = [...FORMAL_LIST.formalList.positions]
      .sort((a, b) => a.position.rank - b.position.rank)
      .flatMap((p) => sortByStroke(p.candidates, (c) => c.name))
      .map((c) => [c.name, String(c.birthYear), String(2027 - c.birthYear)]);
    expect(names.map((m) => [m[1], m[2], m[3]])).toEqual(expected);
    for (const font of await pdffonts(file)) expect(font.embedded, font.name).toBe(true);
  }, 60_000);
});
