/**
 * Issue 17, the whole pre-election in the district dashboard, in headless Chromium against the
 * real district server on PGlite (127.0.0.1): two communities — each its election committee, its
 * roll imported from CSV (a file with bad rows refused with row numbers and reasons, nothing
 * stored; the corrected file imported), a person registered in both flagged and resolved,
 * publication refused too late (and with the duplicate open) and then published, an objection
 * decided within its deadline that adds a voter, 8 nominations with their flags (an under-18
 * nominee off the roll, a committee member who must leave first, two relatives), a primary, the
 * formal list in stroke order, the printed roll, the formal list and the ballot as PDFs read back,
 * and the signed package — then a station imports that package and runs a short polling day on it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictServer, type DistrictServer } from '../../server/app';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/types';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { electionHash } from '../../shared/crypto/hash';
import { verifyElectionPackage } from '../../shared/crypto/signed';
import type { CountResult, ElectionPackage } from '../../shared/election/schemas';
import { buildRoundContext } from '../../shared/rules/context';
import { keyedCandidates } from '../../renderer/features/count/ballotDraft';
import { shortHash } from '../../shared/sheets/format';
import { pdftotext, run } from '../main/services/pdf/support';
import { idNumber, rollCsv, rollXlsx, type RollCsvRow } from '../helpers/rollFile';
import { CHROMIUM, SCREENSHOT_DIR, screenshot, startStationUnderTest, type StationUnderTest } from './harness';
import { addCommitteeMember, buildDashboard, createCommunity, fillAll, flagsOf, importRollFile, nominate, nominationRow, openCommunity, registeredCount, view } from './preElectionSteps';
import { checkInByName, closeAndReconcile, completeSetup, enterBallotKeys, expectStep, importPackageFile, openBoxes, openPolls, WAIT } from './steps';

const DISTRICT_KEY = generateKeyPair();
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ELECTION_DAY = '2027-01-16';
/** 20 days before (the default profile). */
const PUBLISH_BY = '2026-12-27';

interface Person {
  readonly name: string;
  readonly idNumber: string;
}
/** A person born on `birth`; `sequence` odd for a man, even for a woman (GB 11643). */
const person = (name: string, birth: string, sequence: number): Person => ({ name, idNumber: idNumber('510104', birth, sequence) });

const P = {
  chen: person('陈志明', '1965-03-02', 11),
  wang: person('王建国', '1968-05-11', 13),
  he: person('何丽', '1975-08-19', 14),
  li: person('李秀英', '1970-02-14', 16),
  zhao: person('赵志强', '1980-06-30', 17),
  qian: person('钱慧', '1983-11-05', 18),
  sunLi: person('孙丽', '1985-04-12', 20),
  sunWei: person('孙伟', '1982-09-09', 21),
  zhou: person('周芳', '1990-01-23', 22),
  zheng: person('郑洁', '1988-07-07', 24),
  feng: person('冯涛', '1977-12-01', 25),
  chu: person('褚红', '1969-06-16', 26),
  wei: person('卫东', '1958-10-03', 27),
  jiang: person('蒋琳', '1992-03-28', 28),
  han: person('韩梅', '1961-01-09', 30),
  /** Left off the roll: added by an upheld objection. */
  fengJing: person('冯静', '1979-10-10', 32),
  /** 16 on election day, not on any roll: nominated all the same, and flagged. */
  wuXiao: person('吴小磊', '2010-09-01', 33),
  /** Under 18: a bad row of the first file. */
  xu: person('许小明', '2010-05-01', 35),
  // 青禾社区
  yan: person('严明', '1966-04-04', 37),
  lv: person('吕强', '1974-02-02', 39),
  shi: person('施雯', '1986-08-08', 40),
  kong: person('孔燕', '1979-05-05', 42),
  cao: person('曹刚', '1971-11-11', 43),
  hua: person('华军', '1984-03-15', 45),
  jin: person('金萍', '1987-12-12', 46),
  weiChao: person('魏超', '1976-07-19', 47),
  tao: person('陶然', '1991-02-27', 48),
};

const row = (who: Person, n: number, household = `L-${String(n).padStart(4, '0')}`): RollCsvRow => ({
  idNumber: who.idNumber,
  name: who.name,
  address: `柳岸路 ${n} 号`,
  group: `第${(n % 3) + 1}居民小组`,
  household,
  category: n % 5 === 0 ? '居住一年以上申请登记' : '户籍在本社区',
  evidence: n % 5 === 0 ? '居住证' : '户口簿',
});

const LIUAN_PEOPLE = [P.chen, P.wang, P.he, P.li, P.zhao, P.qian, P.sunLi, P.sunWei, P.zhou, P.zheng, P.feng, P.chu, P.wei, P.jiang, P.han];
/** The corrected roll of 柳岸社区: 孙丽 and 孙伟 share a household (relatives). */
const LIUAN_ROWS = LIUAN_PEOPLE.map((who, i) => row(who, i + 1, who === P.sunLi || who === P.sunWei ? 'L-0703' : undefined));
/** The first file: 何丽's ID number mistyped (row 4), 许小明 under 18 (row 17), a category nobody knows (row 8). */
const BAD_ROWS: RollCsvRow[] = [
  ...LIUAN_ROWS.map((entry) => (entry.idNumber === P.he.idNumber ? { ...entry, idNumber: `${P.he.idNumber.slice(0, 17)}${P.he.idNumber.endsWith('0') ? '1' : '0'}` } : entry.idNumber === P.qian.idNumber ? { ...entry, category: '临时居住' } : entry)),
  row(P.xu, 16),
];
const QINGHE_ROWS = [P.zheng, P.yan, P.lv, P.shi, P.kong, P.cao, P.hua, P.jin, P.weiChao, P.tao].map((who, i) => ({ ...row(who, i + 1), address: `青禾街 ${i + 1} 号`, household: `Q-${i + 1}` }));

let db: Db;
let server: DistrictServer;
let browser: Browser;
let page: Page;
let scratchDir: string;
let packageText = '';

async function pdfPages(file: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [file]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]);
}

/** The PDF's first page as a PNG in screenshots/, to be looked at. */
async function pdfShot(file: string, name: string): Promise<void> {
  await run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(SCREENSHOT_DIR, name)]);
}

async function pdfFonts(file: string): Promise<string> {
  return (await run('pdffonts', [file])).stdout;
}

/** Click a download link of the page and keep the file. */
async function download(testId: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download', WAIT), view(page).getByTestId(testId).click()]);
  const path = join(scratchDir, name);
  await file.saveAs(path);
  return path;
}

beforeAll(async () => {
  const out = buildDashboard();
  scratchDir = mkdtempSync(join(tmpdir(), 'pre-election-e2e-'));
  db = await openDb({});
  server = await startDistrictServer({ port: 0, db, host: '127.0.0.1', staticDir: out });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
});

describe('before polling day in the district dashboard', () => {
  it('sets up two communities: committees and their rolls, a person in both flagged and resolved', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('nav-pre-election').click();
    await page.getByTestId('pre-election').waitFor(WAIT);

    // 柳岸社区: 主任 等额 as its province allows (fewest extra 0), 4 委员 from 5 candidates.
    await createCommunity(page, { id: 'liuan-01', name: '柳岸社区', electionId: '2027-liuan-9', electionTitle: '柳岸社区第九届居民委员会换届选举', electionDate: ELECTION_DAY, street: '锦江街道', district: '锦江区' }, async (form) => {
      await form.getByTestId('position-1-remove').click();
      await fillAll(form, { 'position-0-formal': '1', 'position-0-minExtra': '0', 'position-1-seats': '4', 'position-1-formal': '5' });
    });
    await addCommitteeMember(page, { name: P.chen.name, idNumber: P.chen.idNumber, role: 'chair' }, '2026-11-28', 41, 45);
    await addCommitteeMember(page, { name: P.wang.name, idNumber: P.wang.idNumber, role: 'member' }, '2026-11-28', 41, 45);
    await addCommitteeMember(page, { name: P.he.name, idNumber: P.he.idNumber, role: 'member' }, '2026-11-28', 41, 45);
    expect(await view(page).locator('[data-member]').count()).toBe(3);

    // The first file: three bad rows, each named with its row number and reason; nothing stored.
    await importRollFile(page, '柳岸社区选民名册.csv', rollCsv(BAD_ROWS));
    const refusal = view(page).getByTestId('roll-refusal');
    const refusedRows = await refusal.locator('li[data-row]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-row')} ${item.getAttribute('data-code')}`));
    expect(refusedRows).toEqual(['4 preElection.rowIdCheckDigit', '7 preElection.rowCategory', '17 preElection.rowUnderAge']);
    expect(await refusal.textContent()).toContain('第 4 行');
    expect(await refusal.textContent()).toContain('第 17 行：许小明 在选举日');
    expect(await registeredCount(page)).toBe(0);
    await screenshot(page, 'pre-01-roll-refused');

    await importRollFile(page, '柳岸社区选民名册.csv', rollCsv(LIUAN_ROWS));
    await expect.poll(() => view(page).getByTestId('roll-imported').getAttribute('data-imported'), WAIT).toBe(String(LIUAN_ROWS.length));
    await expect.poll(() => registeredCount(page), WAIT).toBe(LIUAN_ROWS.length);

    // 青禾社区 (the default positions); 郑洁 is on its roll too.
    await createCommunity(page, { id: 'qinghe-02', name: '青禾社区', electionId: '2027-qinghe-7', electionTitle: '青禾社区第七届居民委员会换届选举', electionDate: ELECTION_DAY, street: '锦江街道', district: '锦江区' });
    await addCommitteeMember(page, { name: P.yan.name, idNumber: P.yan.idNumber, role: 'chair' }, '2026-11-29', 30, 33);
    // 青禾社区 keeps its roll in Excel: the template's columns, an XLSX file.
    const template = await download('template-csv', 'template.csv');
    expect(readFileSync(template, 'utf8').split(/\r?\n/)[0]).toBe('\uFEFF身份证号码,姓名,性别,住址,居民小组,户号,登记类别,登记依据');
    await importRollFile(page, '青禾社区选民名册.xlsx', rollXlsx(QINGHE_ROWS));
    await expect.poll(() => view(page).getByTestId('roll-imported').getAttribute('data-duplicates'), WAIT).toBe('1');

    const duplicate = page.locator(`[data-duplicate="${P.zheng.idNumber}"]`);
    await expect.poll(() => duplicate.getAttribute('data-resolved'), WAIT).toBe('no');
    expect(await duplicate.textContent()).toContain('柳岸社区');
    expect(await duplicate.textContent()).toContain('青禾社区');
    await screenshot(page, 'pre-02-duplicate');

    // 青禾社区 cannot publish while the person registered twice is open.
    await fillAll(view(page), { 'publication-date': '2026-12-20', 'publication-by': '青禾社区居民选举委员会' });
    await view(page).getByTestId('publication-submit').click();
    await expect.poll(() => view(page).getByTestId('publication-refusal').getAttribute('data-code'), WAIT).toBe('preElection.unresolvedDuplicates');

    await duplicate.getByTestId('resolve-keep').selectOption('liuan-01');
    await duplicate.getByTestId('resolve-note').fill('户籍在柳岸社区，本人书面申请在柳岸社区参加选举');
    await duplicate.getByTestId('resolve-submit').click();
    await expect.poll(() => duplicate.getAttribute('data-resolved'), WAIT).toBe('yes');
    await expect.poll(() => registeredCount(page), WAIT).toBe(QINGHE_ROWS.length - 1);
    await view(page).getByTestId('publication-submit').click();
    await expect.poll(() => view(page).getByTestId('publication').getAttribute('data-published'), WAIT).toBe('2026-12-20');
  }, 240_000);

  it('publishes the roll of 柳岸社区 no later than 20 days before, and decides an objection within its deadline', async () => {
    await openCommunity(page, 'liuan-01');
    expect(await view(page).getByTestId('publish-by').textContent()).toBe(PUBLISH_BY);
    await fillAll(view(page), { 'publication-date': '2026-12-28', 'publication-by': '柳岸社区居民选举委员会' });
    await view(page).getByTestId('publication-submit').click();
    const refused = view(page).getByTestId('publication-refusal');
    await expect.poll(() => refused.getAttribute('data-code'), WAIT).toBe('preElection.publicationTooLate');
    expect(await refused.textContent()).toContain('2026年12月28日');
    expect(await refused.textContent()).toContain('2026年12月27日');
    await screenshot(page, 'pre-03-publication-too-late');
    await view(page).getByTestId('publication-date').fill('2026-12-20');
    await view(page).getByTestId('publication-submit').click();
    await expect.poll(() => view(page).getByTestId('publication').getAttribute('data-published'), WAIT).toBe('2026-12-20');
    expect(await view(page).getByTestId('roll-file').count()).toBe(0);

    // 冯静 was left off: her objection is upheld within 3 days and adds her to the roll.
    await fillAll(view(page), { 'objection-filedOn': '2026-12-22', 'objection-objector': '冯静（柳岸路 16 号）', 'objection-statement': '本人户籍在本社区，年满十八周岁，选民名单漏登' });
    await view(page).getByTestId('objection-subject').selectOption('omitted');
    await view(page).getByTestId('objection-submit').click();
    const objection = view(page).locator('[data-objection]');
    await objection.waitFor(WAIT);
    expect(await objection.textContent()).toContain('2026-12-25');
    await fillAll(objection, {
      'decide-date': '2026-12-24',
      'decide-reason': '经核对户口簿，异议成立，予以补登',
      'change-idNumber': P.fengJing.idNumber,
      'change-name': P.fengJing.name,
      'change-address': '柳岸路 16 号',
      'change-group': '第2居民小组',
      'change-household': 'L-0016',
      'change-evidence': '户口簿',
    });
    await objection.getByTestId('decide-submit').click();
    await expect.poll(() => objection.getAttribute('data-decision'), WAIT).toBe('upheld');
    await expect.poll(() => registeredCount(page), WAIT).toBe(LIUAN_ROWS.length + 1);

    // Another says 韩梅 moved away: found on the roll by her ID number, rejected with its reason; the roll stays.
    await fillAll(view(page), { 'objection-filedOn': '2026-12-23', 'objection-objector': '卫东', 'objection-entryIdNumber': P.han.idNumber, 'objection-statement': '韩梅已搬离本社区' });
    await view(page).getByTestId('objection-subject').selectOption('wronglyIncluded');
    await view(page).getByTestId('objection-submit').click();
    const second = view(page).locator('[data-objection]').nth(1);
    await second.waitFor(WAIT);
    await fillAll(second, { 'decide-date': '2026-12-25', 'decide-reason': '经入户核实，韩梅仍居住在本社区，户籍未迁出' });
    await second.getByTestId('decide-decision').selectOption('rejected');
    await second.getByTestId('decide-submit').click();
    await expect.poll(() => second.getAttribute('data-decision'), WAIT).toBe('rejected');
    expect(await registeredCount(page)).toBe(LIUAN_ROWS.length + 1);
    await expect.poll(() => view(page).getByTestId('objections').locator('p.sub').first().textContent(), WAIT).toBe('待处理 0 · 已处理 2');
    await screenshot(page, 'pre-04-objection');
  }, 180_000);

  it('records 8 nominations with their flags, a primary, and the formal list in stroke order', async () => {
    const on = '2026-12-26';
    await nominate(page, { positionId: 'chair', ...P.wang, kind: 'joint', signatures: 15, nominatedOn: on });
    await nominate(page, { positionId: 'chair', ...P.li, kind: 'self', nominatedOn: on });
    for (const who of [P.zhao, P.qian, P.sunLi, P.sunWei, P.zhou]) await nominate(page, { positionId: 'member', ...who, kind: 'joint', signatures: 12, nominatedOn: on });
    await nominate(page, { positionId: 'member', ...P.wuXiao, kind: 'self', nominatedOn: on });
    expect(await view(page).locator('tr[data-nomination]').count()).toBe(8);

    // Flagged, never silently refused: under 18 and off the roll; in the committee; relatives (a warning only).
    expect(await flagsOf(page, P.wuXiao.idNumber)).toEqual(['checklistOpen', 'notOnRoll', 'underAge']);
    expect(await flagsOf(page, P.wang.idNumber)).toEqual(['checklistOpen', 'inCommittee']);
    expect(await flagsOf(page, P.sunLi.idNumber)).toEqual(['checklistOpen', 'relative']);
    expect(await flagsOf(page, P.sunWei.idNumber)).toEqual(['checklistOpen', 'relative']);
    expect(await nominationRow(page, P.wuXiao.idNumber).locator('[data-flag="underAge"]').textContent()).toContain('未满 18 周岁');

    // The checks confirmed for the seven on the roll; 王建国 leaves the committee to stand.
    for (const who of [P.wang, P.li, P.zhao, P.qian, P.sunLi, P.sunWei, P.zhou]) {
      await nominationRow(page, who.idNumber).getByTestId('checklist-confirm').click();
      await expect.poll(() => flagsOf(page, who.idNumber), WAIT).not.toContain('checklistOpen');
    }
    const member = view(page).getByTestId(`leave-${P.wang.idNumber}`);
    await fillAll(member, { 'leave-date': '2026-12-27', 'leave-reason': '被提名为主任候选人，退出选举委员会' });
    await member.getByTestId('leave-submit').click();
    await expect.poll(() => flagsOf(page, P.wang.idNumber), WAIT).toEqual([]);
    for (const who of [P.sunLi, P.sunWei]) expect(await nominationRow(page, who.idNumber).getAttribute('data-eligible')).toBe('yes');
    expect(await nominationRow(page, P.wuXiao.idNumber).getAttribute('data-eligible')).toBe('no');
    await screenshot(page, 'pre-05-nominations');

    // Two eligible for one formal 主任 candidate: a primary; 委员 has exactly its five.
    const chair = view(page).locator('[data-position="chair"]');
    expect(await chair.getAttribute('data-primary-needed')).toBe('yes');
    expect(await view(page).locator('[data-position="member"]').getAttribute('data-primary-needed')).toBe('no');
    await fillAll(chair, { 'primary-date': '2026-12-29', 'primary-ballots': '38', [`primary-votes-${P.wang.idNumber}`]: '23', [`primary-votes-${P.li.idNumber}`]: '15' });
    await chair.getByTestId('primary-submit').click();
    await chair.getByTestId('primary-result').waitFor(WAIT);
    expect(await chair.locator('[data-advanced="yes"]').textContent()).toContain(P.wang.name);

    await fillAll(view(page), { 'formal-list-date': '2026-12-30', 'formal-list-by': '柳岸社区居民选举委员会' });
    await view(page).getByTestId('formal-list-submit').click();
    await view(page).getByTestId('formal-list').waitFor(WAIT);
    const members = await view(page).locator('[data-formal-position="member"] [data-candidate]').evaluateAll((items) => items.map((item) => item.getAttribute('data-candidate')));
    const stroke = new Intl.Collator('zh-u-co-stroke');
    expect(members).toEqual([P.zhao, P.qian, P.sunLi, P.sunWei, P.zhou].map((who) => who.name).sort((a, b) => stroke.compare(a, b)));
    expect(await view(page).locator('[data-formal-position="chair"] [data-candidate]').evaluateAll((items) => items.map((item) => item.getAttribute('data-candidate')))).toEqual([P.wang.name]);
    await screenshot(page, 'pre-06-formal-list');

    // The same page in English.
    await page.getByTestId('lang-en').click();
    expect(await view(page).locator('h3').first().textContent()).toBe('1. Election committee');
    expect(await nominationRow(page, P.wuXiao.idNumber).locator('[data-flag="underAge"]').textContent()).toContain('under 18');
    await page.getByTestId('lang-zh').click();
  }, 240_000);

  it('gives the printed roll, the formal list and the ballot as PDFs, and the signed package', async () => {
    const roll = await download('download-roll-pdf', 'roll.pdf');
    const rollText = await pdftotext(roll);
    expect(rollText).toContain('柳岸社区');
    expect(rollText).toContain(P.fengJing.name);
    expect(rollText).not.toContain(P.xu.name);
    expect(await pdfFonts(roll)).toMatch(/Noto/);
    expect(await pdfPages(roll)).toBeGreaterThanOrEqual(1);

    const list = await download('download-formal-list-pdf', 'formal-list.pdf');
    const listText = await pdftotext(list);
    for (const who of [P.wang, P.zhao, P.qian, P.sunLi, P.sunWei, P.zhou]) expect(listText).toContain(who.name);
    expect(listText).not.toContain(P.li.name);

    await fillAll(view(page), { 'ballot-first': '101', 'ballot-count': '2' });
    const ballot = await download('download-ballot-pdf', 'ballot.pdf');
    expect(await pdfPages(ballot)).toBe(2);
    const ballotText = await pdftotext(ballot);
    expect(ballotText).toContain('000101');
    expect(ballotText).toContain('000102');
    expect(ballotText).toContain('柳岸社区第九届居民委员会换届选举');
    expect(ballotText).toContain('另选他人');
    for (const who of [P.wang, P.zhao, P.qian, P.sunLi, P.sunWei, P.zhou]) expect(ballotText).toContain(who.name);
    expect(await pdfFonts(ballot)).toMatch(/Noto/);
    await pdfShot(ballot, 'pre-ballot-liuan');
    await pdfShot(roll, 'pre-roll-liuan');

    // Signed with the district key file given for this one request.
    await view(page).getByTestId('package-key').setInputFiles({ name: 'district-key.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(DISTRICT_KEY), 'utf8') });
    const pkgFile = await download('package-submit', 'liuan-01.election.json');
    expect(await view(page).getByTestId('package-made').textContent()).toBe('liuan-01.election.json');
    packageText = readFileSync(pkgFile, 'utf8');
    const pkg = JSON.parse(packageText) as ElectionPackage;
    expect(pkg.station.id).toBe('liuan-01');
    expect(verifyElectionPackage(pkg)).toEqual([]);
    expect(pkg.districtKey).toBe(DISTRICT_KEY.publicKey);
    // The printed ballot belongs to this package's election: its hash's fingerprint on the ballot.
    expect(ballotText).toContain(shortHash(electionHash(pkg.election)));
    expect(pkg.roll.filter((voter) => voter.status === 'registered').map((voter) => voter.name)).toContain(P.fengJing.name);
    expect(pkg.election.positions.map((position) => position.candidates.map((candidate) => candidate.name))).toEqual([[P.wang.name], [P.zhao, P.qian, P.sunLi, P.sunWei, P.zhou].map((who) => who.name).sort((a, b) => new Intl.Collator('zh-u-co-stroke').compare(a, b))]);

    // Every step is in the community's audit log.
    await view(page).locator('[data-testid="audit"] > summary').click();
    const actions = new Set(await view(page).locator('[data-testid="audit"] tr[data-action]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action'))));
    for (const action of ['committee.add', 'committee.leave', 'roll.import', 'roll.publish', 'objection.file', 'objection.decide', 'roll.add', 'nomination.add', 'nomination.checklist', 'primary.record', 'formalList.publish', 'ballot.print', 'package.build']) {
      expect(actions, action).toContain(action);
    }
  }, 180_000);

  it('takes 青禾社区 to its formal list: three positions, eight nominees, its ballot', async () => {
    await openCommunity(page, 'qinghe-02');
    const plan = { chair: [P.lv, P.shi], 'vice-chair': [P.kong, P.cao], member: [P.hua, P.jin, P.weiChao, P.tao] };
    for (const [positionId, people] of Object.entries(plan)) {
      for (const who of people) await nominate(page, { positionId, ...who, kind: 'joint', signatures: 11, nominatedOn: '2026-12-26' });
    }
    for (const who of Object.values(plan).flat()) {
      await nominationRow(page, who.idNumber).getByTestId('checklist-confirm').click();
      await expect.poll(() => flagsOf(page, who.idNumber), WAIT).toEqual([]);
    }
    expect(await view(page).locator('[data-primary-needed="yes"]').count()).toBe(0);
    await fillAll(view(page), { 'formal-list-date': '2026-12-30', 'formal-list-by': '青禾社区居民选举委员会' });
    await view(page).getByTestId('formal-list-submit').click();
    await view(page).getByTestId('formal-list').waitFor(WAIT);
    const stroke = new Intl.Collator('zh-u-co-stroke');
    for (const [positionId, people] of Object.entries(plan)) {
      const shown = await view(page).locator(`[data-formal-position="${positionId}"] [data-candidate]`).evaluateAll((items) => items.map((item) => item.getAttribute('data-candidate')));
      expect(shown).toEqual(people.map((who) => who.name).sort((a, b) => stroke.compare(a, b)));
    }
    const ballot = await download('download-ballot-pdf', 'qinghe-ballot.pdf');
    expect(await pdfPages(ballot)).toBe(1);
    await pdfShot(ballot, 'pre-ballot-qinghe');
    const text = await pdftotext(ballot);
    for (const title of ['主任', '副主任', '委员', '青禾社区第七届居民委员会换届选举']) expect(text).toContain(title);
    for (const who of Object.values(plan).flat()) expect(text).toContain(who.name);
    const roll = await pdftotext(await download('download-roll-pdf', 'qinghe-roll.pdf'));
    expect(roll).toContain(P.lv.name);
    // 郑洁 votes in 柳岸社区: struck here, so not on this printed roll.
    expect(roll).not.toContain(P.zheng.name);
  }, 180_000);

  it('fits a 1366×768 screen and a narrow window: nothing sticks out of the page', async () => {
    for (const size of [{ width: 1366, height: 768 }, { width: 480, height: 900 }]) {
      await page.setViewportSize(size);
      const out = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const sticking = [...document.querySelectorAll('main *')].filter((element) => {
          const rect = element.getBoundingClientRect();
          return rect.width > 0 && rect.right > width + 1 && !element.closest('.table-scroll');
        });
        return { overflow: document.documentElement.scrollWidth - width, sticking: sticking.slice(0, 5).map((element) => `${element.tagName.toLowerCase()}.${element.className}`) };
      });
      expect(out, `${size.width}×${size.height}`).toEqual({ overflow: 0, sticking: [] });
    }
    await screenshot(page, 'pre-08-narrow');
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 60_000);
});

describe('the station on that package', () => {
  let station: StationUnderTest;
  afterAll(async () => station?.close());

  it('imports the package and runs a short polling day on it, to the count', async () => {
    expect(packageText).not.toBe('');
    const pkg = JSON.parse(packageText) as ElectionPackage;
    station = await startStationUnderTest();
    const desk = station.page;
    await desk.goto(station.host.launchUrl);
    await expectStep(desk, 'unconfigured');
    await importPackageFile(desk, packageText);
    await expectStep(desk, 'setup');
    await completeSetup(desk, pkg.ballotStock);
    await openPolls(desk);
    // 9 of the 16 registered (冯静, added by the objection, among them): more than half take part.
    const registered = pkg.roll.filter((voter) => voter.status === 'registered');
    expect(registered).toHaveLength(16);
    const voters = [P.feng, P.chu, P.fengJing, P.wei, P.jiang, P.han, P.chen, P.he, P.zheng].map((who) => registered.find((voter) => voter.name === who.name)!);
    for (const voter of voters) await checkInByName(desk, voter);
    await expect.poll(() => desk.getByTestId('stat-issued').textContent(), WAIT).toBe('9');
    await closeAndReconcile(desk, pkg.ballotStock - 9);
    await screenshot(desk, 'pre-07-station-reconciled');

    // The count of the 9 ballots by keyboard: 王建国 for 主任; 4 of the 5 委员 candidates.
    await openBoxes(desk, { main: 9 });
    await expectStep(desk, 'entering');
    const keyed = keyedCandidates(buildRoundContext(pkg.election, 1, null));
    const keyOf = (who: Person) => keyed.find((candidate) => candidate.name === who.name)!.key;
    const chosen = [P.zhao, P.qian, P.sunLi, P.sunWei];
    for (let i = 0; i < 9; i++) await enterBallotKeys(desk, [P.wang, ...chosen].map(keyOf));
    await desk.getByTestId('finish-count').click();
    await expectStep(desk, 'results');
    const result = JSON.parse((await desk.getByTestId('result-json-1').textContent()) ?? 'null') as CountResult;
    const elected = (positionId: string) => result.positions.find((position) => position.id === positionId)!.elected.map((person) => pkg.election.positions.flatMap((position) => position.candidates).find((candidate) => candidate.id === person)?.name);
    expect(elected('chair')).toEqual([P.wang.name]);
    expect(new Set(elected('member'))).toEqual(new Set(chosen.map((who) => who.name)));
    await screenshot(desk, 'pre-09-station-results');
  }, 240_000);
});
