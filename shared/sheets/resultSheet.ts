/**
 * 选举结果报告单 — the station's legal record of a round — and its void-round form (选举无效).
 * Every number printed comes from `signed.result`, the object the QR codes carry.
 */
import type { Content, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { CountResult, ElectionDefinition, PositionResult } from '../election/schemas';
import { electedPersons, personName, positionTitle, roundsOf } from './elected';
import {
  ageAt,
  chineseDate,
  committeeName,
  electorateLabel,
  genderLabel,
  isoDatePart,
  methodLabel,
  noticeText,
  orDash,
  percent,
  roundLabel,
  thresholdText,
  validityText,
  voidReasonText,
  womenRuleText,
} from './format';
import {
  cell,
  checkSheetInput,
  demoTitle,
  footerText,
  gridLayout,
  label,
  listMark,
  num,
  keptTogether,
  SEAL_RED,
  section,
  sheetDocument,
  signatureBlock,
  th,
  verificationBlock,
} from './layout';
import { FIGURE_IDS } from './pageCode';
import { explanationNotes } from './explanations';
import { anomaliesSection } from './anomalies';
import type { SheetInput } from './types';

function header(input: SheetInput, title: string): Content[] {
  const { election, signed } = input;
  const place = [election.district, election.street].filter((part) => part !== undefined && part !== '').join(' ');
  return [
    { text: election.title, style: 'org' },
    { text: demoTitle(input, title), style: 'title', margin: [0, 4, 0, 10] },
    {
      table: {
        widths: [58, 200, 62, '*'],
        body: [
          [label('社　　区'), cell(election.community), label('街道（区）'), cell(orDash(place))],
          [label('选举日期'), cell(electionDayText(input)), label('投票轮次'), cell(roundLabel(signed.result.round))],
          [label('投 票 站'), cell(`${input.station.name}（${input.station.id}）`), label('选举方式'), cell(methodLabel(election))],
        ],
      },
      layout: gridLayout,
    },
  ];
}

function statsSingle(input: SheetInput, result: CountResult): Content {
  const { stats } = result;
  const p = input.participation ?? {};
  const ways =
    p.inPerson === undefined && p.mobile === undefined && p.proxy === undefined
      ? '—'
      : `投票站投票 ${orDash(p.inPerson, ' 人')}　流动票箱 ${orDash(p.mobile, ' 人')}　委托投票 ${orDash(p.proxy, ' 人')}`;
  const body: TableCell[][] = [
    [label(`${electorateLabel(input.election)}数`), num(`${stats.registeredVoters} 人`), label('其中女性'), num(orDash(p.registeredWomen, ' 人'))],
    [label('参加投票人数'), num(`${stats.participants} 人`), label('参 选 率'), num(percent(stats.participants, stats.registeredVoters))],
    [label('参加投票方式'), cell(ways, { colSpan: 3 }), {}, {}],
    [label('发出选票'), num(`${stats.ballotsIssued} 张`), label('收回选票'), num(`${stats.ballotsRecovered} 张`)],
    [label('有 效 票'), num(`${stats.validBallots} 张`), label('无 效 票'), num(`${stats.invalidBallots} 张`)],
    [label('本轮结论'), cell(validityText(input.election, result), { id: FIGURE_IDS.stats, colSpan: 3, bold: true, color: result.valid ? undefined : SEAL_RED }), {}, {}],
  ];
  return { table: { widths: [76, '*', 76, '*'], body }, layout: gridLayout };
}

/** One column per round when the sheet covers several rounds (a runoff's sheet). */
function statsByRound(input: SheetInput, rounds: readonly CountResult[]): Content {
  const rows: [string, (r: CountResult) => string][] = [
    [`${electorateLabel(input.election)}数`, (r) => `${r.stats.registeredVoters} 人`],
    ['参加投票人数', (r) => `${r.stats.participants} 人`],
    ['参选率', (r) => percent(r.stats.participants, r.stats.registeredVoters)],
    ['发出选票', (r) => `${r.stats.ballotsIssued} 张`],
    ['收回选票', (r) => `${r.stats.ballotsRecovered} 张`],
    ['有效票', (r) => `${r.stats.validBallots} 张`],
    ['无效票', (r) => `${r.stats.invalidBallots} 张`],
  ];
  const body: TableCell[][] = [[th('项　目'), ...rounds.map((r) => th(roundLabel(r.round)))]];
  for (const [name, value] of rows) body.push([label(name), ...rounds.map((r) => num(value(r)))]);
  const current = rounds[rounds.length - 1]!;
  body.push([
    label('本轮结论'),
    cell(validityText(input.election, current), { id: FIGURE_IDS.stats, colSpan: rounds.length, bold: true, color: current.valid ? undefined : SEAL_RED }),
    ...rounds.slice(1).map(() => ({})),
  ]);
  return { table: { headerRows: 1, widths: [76, ...rounds.map(() => '*' as const)], body }, layout: gridLayout };
}

function outcomeOf(
  election: ElectionDefinition,
  result: CountResult,
  position: PositionResult,
  person: string,
  electedElsewhere: ReadonlyMap<string, string>,
): { text: string; bold: boolean } {
  if (!result.valid) return { text: '—', bold: false };
  if (position.elected.includes(person)) {
    return { text: (position.pendingQualification ?? []).includes(person) ? '当选（待资格审查）' : '当选', bold: true };
  }
  const runoff = result.runoff?.positions.find((entry) => entry.id === position.id);
  if (runoff?.candidates.includes(person)) return { text: '另行选举候选人', bold: false };
  const other = electedElsewhere.get(person);
  if (other !== undefined && other !== position.id) {
    const title = election.positions.find((p) => p.id === other)?.title ?? other;
    return { text: `已当选${title}`, bold: false };
  }
  return { text: '未当选', bold: false };
}

/** The grid; row 0 is the unframed heading. */
const positionLayout: CustomTableLayout = {
  ...gridLayout,
  hLineWidth: (i, node) => (i === 0 ? 0 : i === 1 || i === node.table.body.length ? 0.9 : 0.45),
};

function positionTable(input: SheetInput, result: CountResult, position: PositionResult, index: number, electedElsewhere: ReadonlyMap<string, string>): Content {
  const { election } = input;
  const title = positionTitle(election, position);
  const body: TableCell[][] = [[th('序号'), th('姓　名'), th('类　别'), th('赞成'), th('反对'), th('弃权'), th('结　果')]];
  position.tallies.forEach((tally, row) => {
    const outcome = outcomeOf(election, result, position, tally.person, electedElsewhere);
    body.push([
      num(row + 1, { alignment: 'center' }),
      cell(tally.name, { bold: outcome.bold }),
      cell(tally.candidate ? '候选人' : '另选他人', { alignment: 'center' }),
      num(tally.for, { bold: outcome.bold, id: FIGURE_IDS.row(index, row) }),
      num(tally.against ?? '—'),
      num(tally.abstain ?? '—'),
      cell(outcome.text, { alignment: 'center', bold: outcome.bold }),
    ]);
  });
  if (position.tallies.length === 0) body.push([cell('（无人得票）', { colSpan: 7, alignment: 'center' }), {}, {}, {}, {}, {}, {}]);

  const notes: string[] = [];
  if (position.invalidSections > 0) notes.push(`本职位无效选票 ${position.invalidSections} 张（所选人数多于应选名额）。`);
  if (result.valid && position.unfilled > 0) {
    notes.push(result.runoff === null ? `本职位空缺 ${position.unfilled} 名（不再另行选举）。` : `本职位尚缺 ${position.unfilled} 名，须另行选举。`);
  }
  if (result.valid && position.womenRuleOutcome) {
    const women = position.elected.filter((person) => election.positions.some((p) => p.candidates.some((c) => c.id === person && c.gender === 'F')));
    notes.push(womenRuleText(position.womenRuleOutcome, women.map((person) => personName(election, position, person))));
  }
  notes.push(...explanationNotes(election, result, position));
  if ((position.pendingQualification ?? []).length > 0) {
    const names = (position.pendingQualification ?? []).map((person) => personName(election, position, person));
    notes.push(`${names.join('、')}系以另选他人方式当选，须经选举委员会资格审查确认后生效。`);
  }
  const heading: TableCell = {
    colSpan: 7,
    // The node id that tells the page code which page prints this position's figures.
    ...{ id: FIGURE_IDS.position(index) },
    border: [false, false, false, false],
    margin: [-1, 1, 0, 1],
    text: [
      { text: `${listMark(index)}${title}`, bold: true, fontSize: 10.5 },
      { text: `　　应选 ${position.seats} 名　　${thresholdText(result, election, position)}`, fontSize: 9.5 },
    ],
  };
  return {
    stack: [
      {
        margin: [0, index === 0 ? 0 : 6, 0, 0],
        table: {
          headerRows: 2,
          keepWithHeaderRows: 1,
          dontBreakRows: true,
          widths: [26, '*', 54, 42, 42, 42, 92],
          body: [[heading, {}, {}, {}, {}, {}, {}], ...body],
        },
        layout: positionLayout,
      },
      ...notes.map((text): Content => ({ text, style: 'note', margin: [0, 2, 0, 0] })),
    ],
  };
}

function runoffAndNotices(input: SheetInput, result: CountResult): Content[] {
  const { election } = input;
  const lines: string[] = [];
  for (const entry of result.runoff?.positions ?? []) {
    const position = result.positions.find((p) => p.id === entry.id);
    const title = position ? positionTitle(election, position) : entry.id;
    const names = entry.candidates.map((person) => personName(election, position, person));
    let text = `${title}尚缺 ${entry.seats} 名，须另行选举。另行选举候选人（按得票多少为序）：${names.join('、')}`;
    if (entry.womenOnly) text += '（仅限女性）';
    else if ((entry.reservedForWomen ?? 0) > 0) text += `；其中 ${entry.reservedForWomen} 名须为女性`;
    lines.push(`${text}。`);
  }
  for (const notice of result.notices ?? []) lines.push(noticeText(notice));
  if (lines.length === 0) return [];
  return keptTogether(section('三、另行选举及说明'), [{ ol: lines.map((text) => ({ text, style: 'cell' })), margin: [4, 0, 0, 0] }], lines.length <= 12);
}

function electedTable(input: SheetInput, rounds: readonly CountResult[], sectionNumber: string): Content[] {
  const { election } = input;
  const elected = electedPersons(election, rounds);
  const multi = rounds.length > 1;
  const head = [th('职　务'), th('姓　名'), th('性别'), th('年龄'), th('民族'), th('政治面貌'), th('文化程度'), th('得票'), th('备　注')];
  const body: TableCell[][] = [head];
  for (const person of elected) {
    const c = person.candidate;
    const remarks: string[] = [];
    if (multi) remarks.push(person.round <= 1 ? '第一轮当选' : `第${person.round === 2 ? '二' : person.round}轮当选`);
    if (person.pendingQualification) remarks.push('待资格审查');
    body.push([
      cell(person.post, { alignment: 'center' }),
      cell(person.name, { bold: true, alignment: 'center' }),
      cell(genderLabel(c?.gender), { alignment: 'center' }),
      cell(ageAt(election, c?.birthYear), { alignment: 'center' }),
      cell(orDash(c?.ethnicity), { alignment: 'center' }),
      cell(orDash(c?.politicalStatus), { alignment: 'center' }),
      cell(orDash(c?.education), { alignment: 'center' }),
      num(person.votes),
      cell(remarks.join('；'), { alignment: 'center', fontSize: 9 }),
    ]);
  }
  if (elected.length === 0) body.push([cell('本轮无人当选', { colSpan: 9, alignment: 'center' }), {}, {}, {}, {}, {}, {}, {}, {}]);
  const seats = election.positions.reduce((sum, position) => sum + position.seats, 0);
  return keptTogether(
    section(`${sectionNumber}、当选人员名单${multi ? '（各轮合计）' : ''}`),
    [
      {
        table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths: [44, 56, 28, 28, 36, 52, 50, 34, '*'], body },
        layout: gridLayout,
      },
      {
        text: `${committeeName(election)}应选成员 ${seats} 名，已当选 ${elected.length} 名${seats > elected.length ? `，尚缺 ${seats - elected.length} 名` : ''}。`,
        style: 'note',
        margin: [0, 3, 0, 0],
      },
    ],
    elected.length <= 24,
  );
}

function voidBanner(input: SheetInput, result: CountResult): Content {
  return {
    margin: [0, 12, 0, 2],
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: '本轮选举无效', fontSize: 20, bold: true, color: SEAL_RED, alignment: 'center', characterSpacing: 4 },
              { text: `原因：${voidReasonText(input.election, result)}。`, fontSize: 11, alignment: 'center', margin: [0, 4, 0, 0] },
              { text: '依照规定，本轮不产生当选人，须重新组织投票。下表得票仅作记录。', style: 'note', alignment: 'center', margin: [0, 2, 0, 0] },
            ],
            margin: [0, 6, 0, 6],
          },
        ],
      ],
    },
    layout: { hLineWidth: () => 1.5, vLineWidth: () => 1.5, hLineColor: () => SEAL_RED, vLineColor: () => SEAL_RED },
  };
}

function body(input: SheetInput, voidForm: boolean): Content[] {
  const result = input.signed.result;
  const rounds = roundsOf(result, input.previousRounds);
  const electedElsewhere = new Map<string, string>();
  for (const person of electedPersons(input.election, rounds)) electedElsewhere.set(person.person, person.positionId);

  const content: Content[] = [...header(input, voidForm ? '选举结果报告单（选举无效）' : '选举结果报告单')];
  if (voidForm) content.push(voidBanner(input, result));
  content.push(...keptTogether(section('一、投票情况'), [rounds.length > 1 ? statsByRound(input, rounds) : statsSingle(input, result)], true));
  const tables = result.positions.map((position, index) => positionTable(input, result, position, index, electedElsewhere));
  const first = result.positions[0];
  content.push(
    ...keptTogether(section(`二、各职位得票情况${result.round > 1 ? `：${roundLabel(result.round)}` : ''}`), tables.slice(0, 1), (first?.tallies.length ?? 0) <= 16),
    ...tables.slice(1),
  );
  let next = 3;
  if (!voidForm) {
    const extra = runoffAndNotices(input, result);
    content.push(...extra);
    if (extra.length > 0) next = 4;
    content.push(...electedTable(input, rounds, ['一', '二', '三', '四', '五'][next - 1]!));
    next += 1;
  }
  const marks = ['一', '二', '三', '四', '五', '六', '七', '八'];
  const anomalies = anomaliesSection(input, marks[next - 1]!);
  content.push(...anomalies);
  if (anomalies.length > 0) next += 1;
  content.push(signatureBlock(input, `${marks[next - 1]!}、计票、监票人员签字`));
  content.push(verificationBlock(input, `${marks[next]!}、核验信息`));
  return content;
}

/**
 * 选举结果报告单 of the signed round; a void round gets the 选举无效 form (`voidRoundSheet`).
 * Throws when the inputs do not belong together (another station, another election).
 */
export function resultSheet(input: SheetInput): TDocumentDefinitions {
  checkSheetInput(input);
  if (!input.signed.result.valid) return voidRoundSheet(input);
  return sheetDocument(input, {
    title: `${input.election.title} 选举结果报告单`,
    subject: `选举结果报告单 · ${roundLabel(input.signed.result.round)}`,
    content: body(input, false),
    footerLeft: footerText(input, '选举结果报告单'),
  });
}

/** The 选举无效 sheet of a void round: the reason, the figures for the record, the same signatures. */
export function voidRoundSheet(input: SheetInput): TDocumentDefinitions {
  checkSheetInput(input);
  if (input.signed.result.valid) throw new Error('voidRoundSheet: the round is valid; use resultSheet');
  return sheetDocument(input, {
    title: `${input.election.title} 选举结果报告单（选举无效）`,
    subject: `选举无效 · ${roundLabel(input.signed.result.round)}`,
    content: body(input, true),
    footerLeft: footerText(input, '选举结果报告单（选举无效）'),
  });
}

/** The election's day, and a runoff's own day when it was held later (RULES §6: within days). */
function electionDayText(input: SheetInput): string {
  const { election, signed } = input;
  const roundDay = isoDatePart(signed.signedAt);
  if (signed.result.round <= 1 || roundDay === election.date) return chineseDate(election.date);
  return `${chineseDate(election.date)}（本轮 ${chineseDate(roundDay)}）`;
}
