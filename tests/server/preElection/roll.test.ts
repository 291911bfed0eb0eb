/**
 * The roll before polling day (issue 17), on PGlite and PostgreSQL: a file with bad rows is
 * refused whole, each refusal naming its row and reason (zh/en), nothing stored; CSV and XLSX
 * read alike; a person registered in two communities is flagged and resolved; publication is
 * refused too late or with duplicates unresolved; after it the roll changes only through
 * decided objections; every change is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeIssue, type ValidationIssue } from '../../../shared/election/issues';
import { HttpError } from '../../../server/http/io';
import { findDuplicates, resolveDuplicate } from '../../../server/preElection/duplicates';
import { decideObjection, fileObjection, listObjections } from '../../../server/preElection/objections';
import { publishRoll } from '../../../server/preElection/publication';
import { printedRoll, rollPage } from '../../../server/preElection/roll';
import { rollTemplateCsv, rollTemplateXlsx } from '../../../server/preElection/rollFile';
import { importRoll } from '../../../server/preElection/rollImport';
import { listAudit } from '../../../server/preElection/store';
import { readXlsx, writeXlsx } from '../../../server/preElection/xlsx';
import { ROLL_COLUMNS } from '../../../server/preElection/types';
import { parseCsv } from '../../../server/package/csv';
import { BACKENDS, type TestDatabase } from '../helpers/backends';
import type { Db } from '../../../server/db/types';
import { createCommunity, csvFile, importRows, person } from './fixtures';

async function refusal(work: Promise<unknown>): Promise<readonly ValidationIssue[]> {
  try {
    await work;
  } catch (error) {
    if (error instanceof HttpError) return error.issues;
    throw error;
  }
  throw new Error('expected a refusal');
}

const rollCount = async (db: Db, community: string) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pre_roll WHERE community_id = $1', [community]))[0]!.n;

const GOOD = [person(1, '王建国'), person(2, '李秀英'), person(3, '张志强'), person(4, '刘丽')];

describe.each(BACKENDS)('pre-election roll on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await backend.create();
    db = await database.open();
    await createCommunity(db, 'liuan-01', '柳岸社区');
    await createCommunity(db, 'qinghe-02', '青河社区');
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('refuses a file with bad rows whole — row number and reason in zh and en — and stores nothing of it', async () => {
    const badCheck = { ...person(5, '陈敏'), idNumber: `${GOOD[0]!.idNumber.slice(0, 17)}${GOOD[0]!.idNumber[17] === '0' ? '1' : '0'}` };
    const rows = [
      GOOD[0]!,
      badCheck, // row 3: the check digit
      person(6, '杨洋', { birth: '2009-03-22' }), // row 4: 17 on election day
      { ...person(7, '黄艳'), category: '暂住' }, // row 5
      GOOD[1]!, // row 6: good
      { ...GOOD[0]!, name: '王建国' }, // row 7: the same ID number as row 2
      { ...person(8, '赵勇', { woman: false }), gender: '女' }, // row 8: sex against the ID number
      { ...person(9, ''), name: '' }, // row 9: no name
    ];
    const issues = await refusal(importRoll(db, 'liuan-01', csvFile(rows)));
    expect(issues.map((found) => [found.code, found.params?.row])).toEqual([
      ['preElection.rowIdCheckDigit', 3],
      ['preElection.rowUnderAge', 4],
      ['preElection.rowCategory', 5],
      ['preElection.rowDuplicate', 7],
      ['preElection.rowGenderMismatch', 8],
      ['preElection.rowMissing', 9],
    ]);
    expect(describeIssue(issues[0]!, 'zh-CN')).toMatch(/^第 3 行：身份证号码 “\d{17}[\dX]” 的校验位不对（应为 [\dX]）$/);
    expect(describeIssue(issues[0]!, 'en')).toMatch(/^Row 3: the check digit of the ID number "\d{17}[\dX]" is wrong \(expected [\dX]\)$/);
    expect(describeIssue(issues[1]!, 'zh-CN')).toBe('第 4 行：杨洋 在选举日 2027年3月21日 未满 18 周岁（17 岁）');
    expect(describeIssue(issues[3]!, 'en')).toBe('Row 7: the same ID number as row 2');
    expect(await rollCount(db, 'liuan-01')).toBe(0);
    expect((await listAudit(db, 'liuan-01')).filter((entry) => entry.action === 'roll.import')).toEqual([]);
  });

  it('refuses a file without a required column, and an empty one', async () => {
    const csv = `${ROLL_COLUMNS.idNumber},${ROLL_COLUMNS.name}\r\n${GOOD[0]!.idNumber},王建国\r\n`;
    const issues = await refusal(importRoll(db, 'liuan-01', { name: 'x.csv', bytes: new TextEncoder().encode(csv) }));
    expect(issues.map((found) => found.params?.column)).toEqual(['住址', '居民小组', '户号', '登记类别']);
    expect((await refusal(importRoll(db, 'liuan-01', { name: 'x.csv', bytes: new Uint8Array() })))[0]!.code).toBe('preElection.rollEmpty');
  });

  it('imports a good CSV (gender and birth date from the ID number), and a new file replaces the unpublished roll', async () => {
    expect(await importRows(db, 'liuan-01', GOOD.slice(0, 3))).toEqual({ imported: 3, duplicates: 0, replaced: 0 });
    expect(await importRows(db, 'liuan-01', GOOD)).toEqual({ imported: 4, duplicates: 0, replaced: 3 });
    const page = await rollPage(db, 'liuan-01');
    expect(page.total).toBe(4);
    expect(page.entries[0]).toMatchObject({ idNumber: GOOD[0]!.idNumber, name: '王建国', gender: 'M', birthDate: '1961-02-11', group: '第二居民小组', category: 'hukou', evidence: '户口簿', status: 'registered', sourceRow: 2 });
    expect(page.entries[1]).toMatchObject({ name: '李秀英', gender: 'F' });
  });

  it('reads an XLSX roll like the CSV, and the templates read back with the zh headers', async () => {
    const header = Object.values(ROLL_COLUMNS);
    const rows = [person(11, '周涛'), person(12, '吴芳')];
    const sheet = [header, ...rows.map((row) => [row.idNumber, row.name, '', row.address, row.group, row.household, row.category, row.evidence])];
    const bytes = writeXlsx('名册', sheet, { textColumns: [0] });
    expect(await importRoll(db, 'qinghe-02', { name: '名册.xlsx', bytes })).toMatchObject({ imported: 2 });
    expect((await rollPage(db, 'qinghe-02')).entries.map((entry) => [entry.name, entry.idNumber, entry.sourceRow])).toEqual([
      ['周涛', rows[0]!.idNumber, 2],
      ['吴芳', rows[1]!.idNumber, 3],
    ]);
    expect(readXlsx(rollTemplateXlsx()).rows[0]).toEqual(header);
    const csv = parseCsv(rollTemplateCsv());
    expect(csv.ok && csv.rows[0]).toEqual(header);
    // A bad row in an XLSX is named by its sheet row.
    const bad = writeXlsx('名册', [header, sheet[1]!, [...sheet[2]!.slice(0, 6), '外来', '']]);
    const issues = await refusal(importRoll(db, 'qinghe-02', { name: 'bad.xlsx', bytes: bad }));
    expect(issues.map((found) => [found.code, found.params?.row])).toEqual([['preElection.rowCategory', 3]]);
    expect((await refusal(importRoll(db, 'qinghe-02', { name: 'bad.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 9, 9]) })))[0]!.code).toBe('preElection.xlsxUnreadable');
    expect(await rollCount(db, 'qinghe-02')).toBe(2);
  });

  it('flags a person registered in two communities; publication waits until the office resolves where they vote', async () => {
    // 李秀英 (柳岸) moved to 青河 and registered there too.
    expect(await importRows(db, 'qinghe-02', [person(11, '周涛'), person(12, '吴芳'), GOOD[1]!])).toMatchObject({ imported: 3, duplicates: 1 });
    const found = await findDuplicates(db);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ idNumber: GOOD[1]!.idNumber, name: '李秀英', resolution: null });
    expect(found[0]!.entries.map((entry) => [entry.communityId, entry.communityName, entry.status])).toEqual([
      ['liuan-01', '柳岸社区', 'registered'],
      ['qinghe-02', '青河社区', 'registered'],
    ]);
    const waiting = await refusal(publishRoll(db, 'liuan-01', { publishedOn: '2027-02-20', by: '选委会' }));
    expect(waiting.map((found) => [found.code, found.params?.count])).toEqual([['preElection.unresolvedDuplicates', 1]]);

    const resolved = await resolveDuplicate(db, GOOD[1]!.idNumber, { keepCommunityId: 'qinghe-02', note: '本人书面确认在青河参选', by: '街道办 李' });
    expect(resolved.resolution).toMatchObject({ communityId: 'qinghe-02', by: '街道办 李', note: '本人书面确认在青河参选' });
    expect(resolved.entries.map((entry) => [entry.communityId, entry.status])).toEqual([
      ['liuan-01', 'struck'],
      ['qinghe-02', 'registered'],
    ]);
    const struck = (await rollPage(db, 'liuan-01', { status: 'struck' })).entries;
    expect(struck.map((entry) => [entry.name, entry.struckReason])).toEqual([['李秀英', '重复登记：在青河社区参加选举 / registered twice: votes in 青河社区']]);
    // Still listed, as resolved.
    expect((await findDuplicates(db)).map((entry) => [entry.idNumber, entry.resolution?.communityId])).toEqual([[GOOD[1]!.idNumber, 'qinghe-02']]);
  });

  it('refuses to publish later than 20 days before election day; publishes in time; then refuses any direct change', async () => {
    const late = await refusal(publishRoll(db, 'liuan-01', { publishedOn: '2027-03-02', by: '选委会' }));
    expect(late.map((found) => found.code)).toEqual(['preElection.publicationTooLate']);
    expect(describeIssue(late[0]!, 'zh-CN')).toBe('不能在 2027年3月2日 公布：选民名单须在选举日前 20 日公布，最迟 2027年3月1日');
    expect(describeIssue(late[0]!, 'en')).toBe('Cannot publish on 2027-03-02: the roll must be published 20 days before election day, by 2027-03-01 at the latest');
    const published = await publishRoll(db, 'liuan-01', { publishedOn: '2027-03-01', by: '选委会' });
    expect(published).toMatchObject({ communityId: 'liuan-01', publishedOn: '2027-03-01', by: '选委会', registered: 3 });
    expect((await refusal(publishRoll(db, 'liuan-01', { publishedOn: '2027-03-01', by: '选委会' })))[0]!.code).toBe('preElection.alreadyPublished');
    const again = await refusal(importRows(db, 'liuan-01', GOOD));
    expect(again.map((found) => found.code)).toEqual(['preElection.rollPublished']);
    expect(describeIssue(again[0]!, 'en')).toBe('The roll of 柳岸社区 was published on 2027-03-01: from then on it changes only through decided objections');
    expect((await rollPage(db, 'liuan-01', { status: 'registered' })).total).toBe(3);
    // A person registered twice whose published entry would be struck: only through an objection.
    await importRows(db, 'qinghe-02', [person(11, '周涛'), person(12, '吴芳'), GOOD[1]!, GOOD[2]!]);
    expect((await refusal(resolveDuplicate(db, GOOD[2]!.idNumber, { keepCommunityId: 'qinghe-02', note: '' })))[0]!.code).toBe('preElection.duplicatePublished');
    // Keeping the published one strikes the unpublished entry.
    expect((await resolveDuplicate(db, GOOD[2]!.idNumber, { keepCommunityId: 'liuan-01', note: '' })).entries.map((entry) => entry.status)).toEqual(['registered', 'struck']);
    // A community whose profile asks 30 days.
    await createCommunity(db, 'nanyuan-03', '南苑社区', { profile: { publicationDaysBefore: 30 } });
    await importRows(db, 'nanyuan-03', [person(21, '孙磊')]);
    const stricter = await refusal(publishRoll(db, 'nanyuan-03', { publishedOn: '2027-03-01', by: '选委会' }));
    expect(stricter[0]).toMatchObject({ code: 'preElection.publicationTooLate', params: { deadline: '2027-02-19', days: 30 } });
  });

  it('changes a published roll only through decided objections, filed and decided within their days', async () => {
    expect((await refusal(fileObjection(db, 'qinghe-02', { filedOn: '2027-03-01', objector: '周涛', subject: 'omitted', statement: '漏登' })))[0]!.code).toBe('preElection.notPublished');
    expect((await refusal(fileObjection(db, 'liuan-01', { filedOn: '2027-02-28', objector: '周涛', subject: 'omitted', statement: '漏登' })))[0]!.code).toBe('preElection.objectionBeforePublication');
    const tooLate = await refusal(fileObjection(db, 'liuan-01', { filedOn: '2027-03-07', objector: '周涛', subject: 'omitted', statement: '漏登' }));
    expect(tooLate[0]).toMatchObject({ code: 'preElection.objectionTooLate', params: { deadline: '2027-03-06' } });

    // 漏登: 马军 lives here a year and applied; upheld within 3 days: added.
    const omitted = await fileObjection(db, 'liuan-01', { filedOn: '2027-03-02', objector: '马军（本人）', subject: 'omitted', statement: '本人居住满一年已申请登记，名单中没有' });
    expect(omitted).toMatchObject({ decideBy: '2027-03-05', decision: null, decidedLate: false });
    const newcomer = person(31, '马军', { woman: false });
    expect((await refusal(decideObjection(db, 'liuan-01', omitted.id, { decidedOn: '2027-03-04', decision: 'upheld', reason: '核实属实' })))[0]!.code).toBe('preElection.changeRequired');
    const decided = await decideObjection(db, 'liuan-01', omitted.id, {
      decidedOn: '2027-03-04',
      decision: 'upheld',
      reason: '核实居住证，情况属实',
      change: { kind: 'add', entry: { idNumber: newcomer.idNumber, name: '马军', address: newcomer.address, group: '第三居民小组', household: 'H31', category: 'resident', evidence: '居住证' } },
    });
    expect(decided).toMatchObject({ decision: 'upheld', decidedOn: '2027-03-04', decidedLate: false, change: { kind: 'add' } });
    expect((await rollPage(db, 'liuan-01', { q: '马军' })).entries).toMatchObject([{ name: '马军', gender: 'M', category: 'resident', status: 'registered', sourceRow: null }]);
    expect((await refusal(decideObjection(db, 'liuan-01', omitted.id, { decidedOn: '2027-03-04', decision: 'rejected', reason: 'x' })))[0]!.code).toBe('preElection.objectionDecided');

    // 错登: 张志强 moved away; decided a day late — recorded, and marked late.
    const zhang = (await rollPage(db, 'liuan-01', { q: '张志强' })).entries[0]!;
    const wrong = await fileObjection(db, 'liuan-01', { filedOn: '2027-03-03', objector: '居民 王某', subject: 'wronglyIncluded', entryId: zhang.id, statement: '已迁出本社区' });
    const lateDecision = await decideObjection(db, 'liuan-01', wrong.id, { decidedOn: '2027-03-07', decision: 'upheld', reason: '户口已迁出', change: { kind: 'strike', entryId: zhang.id, reason: '户口迁出' } });
    expect(lateDecision).toMatchObject({ decideBy: '2027-03-06', decidedLate: true });
    expect((await rollPage(db, 'liuan-01', { q: '张志强' })).entries[0]).toMatchObject({ status: 'struck', struckReason: '户口迁出' });

    // Rejected: nothing changes.
    const liu = (await rollPage(db, 'liuan-01', { q: '刘丽' })).entries[0]!;
    const rejected = await fileObjection(db, 'liuan-01', { filedOn: '2027-03-04', objector: '刘某', subject: 'wrongDetails', entryId: liu.id, statement: '住址有误' });
    expect((await refusal(decideObjection(db, 'liuan-01', rejected.id, { decidedOn: '2027-03-05', decision: 'rejected', reason: '住址无误', change: { kind: 'strike', entryId: 'v-1', reason: 'x' } })))[0]!.code).toBe('preElection.changeNotAllowed');
    await decideObjection(db, 'liuan-01', rejected.id, { decidedOn: '2027-03-05', decision: 'rejected', reason: '经核对住址无误' });

    expect((await listObjections(db, 'liuan-01')).map((objection) => [objection.subject, objection.decision, objection.decidedLate])).toEqual([
      ['omitted', 'upheld', false],
      ['wronglyIncluded', 'upheld', true],
      ['wrongDetails', 'rejected', false],
    ]);
    const registered = (await rollPage(db, 'liuan-01', { status: 'registered' })).entries.map((entry) => entry.name);
    expect(registered.sort()).toEqual(['刘丽', '王建国', '马军'].sort());
    const printed = await printedRoll(db, 'liuan-01');
    expect(printed.publication?.publishedOn).toBe('2027-03-01');
    // By group (第二 before 第三), names in stroke order within a group (王 4 strokes before 刘 6).
    expect(printed.groups.map((group) => [group.group, group.entries.map((entry) => entry.name)])).toEqual([
      ['第二居民小组', ['王建国', '刘丽']],
      ['第三居民小组', ['马军']],
    ]);

    const actions = (await listAudit(db, 'liuan-01')).map((entry) => entry.action);
    expect(actions).toEqual([
      'community.create',
      'roll.import',
      'roll.import',
      'roll.strikeDuplicate',
      'roll.publish',
      'objection.file',
      'objection.decide',
      'roll.add',
      'objection.file',
      'objection.decide',
      'roll.strike',
      'objection.file',
      'objection.decide',
    ]);
    // The audit log only grows.
    await expect(db.query('DELETE FROM pre_audit')).rejects.toThrow(/append-only/);
  });

  it('corrects an entry through an upheld objection, and refuses a change to an unknown entry', async () => {
    const wang = (await rollPage(db, 'liuan-01', { q: '王建国' })).entries[0]!;
    const objection = await fileObjection(db, 'liuan-01', { filedOn: '2027-03-06', objector: '王建国（本人）', subject: 'wrongDetails', entryId: wang.id, statement: '门牌号错了' });
    const unknown = await refusal(decideObjection(db, 'liuan-01', objection.id, { decidedOn: '2027-03-07', decision: 'upheld', reason: '属实', change: { kind: 'correct', entryId: 'v-999999', fields: { address: 'x' } } }));
    expect(unknown[0]).toMatchObject({ code: 'preElection.unknownEntry', params: { entry: 'v-999999' } });
    // Nothing of the refused decision was kept: the objection is still open.
    expect((await listObjections(db, 'liuan-01')).find((found) => found.id === objection.id)).toMatchObject({ decision: null });
    await decideObjection(db, 'liuan-01', objection.id, { decidedOn: '2027-03-07', decision: 'upheld', reason: '核对户口簿属实', change: { kind: 'correct', entryId: wang.id, fields: { address: '2号楼1单元101' } } });
    expect((await rollPage(db, 'liuan-01', { q: '王建国' })).entries[0]).toMatchObject({ id: wang.id, address: '2号楼1单元101', name: '王建国', household: wang.household, status: 'registered' });
    const last = (await listAudit(db, 'liuan-01')).at(-1)!;
    expect(last).toMatchObject({ action: 'roll.correct', subject: objection.id, detail: { before: { address: wang.address }, after: { address: '2号楼1单元101' } } });
  });
});
