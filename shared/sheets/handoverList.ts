/**
 * 移交清单: the list the outgoing committee hands over to the new one with, within 3 days of the
 * vote (shared/rules/handover.ts). The items come from the district's template
 * (shared/election/handoverTemplate.ts) — a count the template does not give is a blank to
 * write in — followed by the election's own records, counted by main from its journal. Then
 * the new committee as elected, and the signature lines: the outgoing committee (移交人), the
 * new one (接收人) and the 街道's witness (监交人). Pure: a pdfmake definition; fixed metadata
 * (the creation date is the handover date), so the same list is the same bytes.
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { CountResult, ElectionDefinition, Station } from '../election/schemas';
import type { HandoverTemplate } from '../election/handoverTemplate';
import { addDays, HANDOVER_DAYS } from '../rules/handover';
import { electedPersons } from './elected';
import { chineseDate, committeeNoun, shortHash } from './format';
import { cell, DEMO_NOTICE, gridLayout, num, SEAL_RED, section, stationDocument, th } from './layout';

export interface HandoverRecords {
  /** Ballots recovered in each round, round 1 first. */
  readonly ballotsByRound: readonly number[];
  /** Signed result sheets (选举结果报告单), one per round. */
  readonly sheets: number;
  /** The sealed archive's id (SHA-256 of its seal), when one was made. */
  readonly archiveId: string | null;
}

export interface HandoverInput {
  readonly election: ElectionDefinition;
  readonly station: Station;
  readonly template: HandoverTemplate;
  /** YYYY-MM-DD, within the handover period. */
  readonly handoverDate: string;
  /** Days the handover date lies after the deadline (0: on time): a late list says so, with a line for the reason. */
  readonly daysLate: number;
  /** Every round's result, oldest first: the new committee as elected. */
  readonly rounds: readonly CountResult[];
  readonly records: HandoverRecords;
  readonly demo?: boolean;
}

const BLANK = '＿＿＿＿';

function signatureLine(role: string, who: string, name: string | null): Content {
  return {
    margin: [0, 14, 0, 0],
    columns: [
      { width: 200, text: [{ text: `${role}：`, bold: true }, { text: who, fontSize: 9, color: '#555555' }] },
      { width: '*', text: `签字：${name ? `（${name}）` : ''}＿＿＿＿＿＿` },
      { width: 140, text: '日期：＿＿＿年＿＿月＿＿日' },
    ],
  };
}

export function handoverListSheet(input: HandoverInput): TDocumentDefinitions {
  const { election, template } = input;
  const noun = committeeNoun(election);
  const deadline = addDays(election.date, HANDOVER_DAYS);
  const title = `${election.community}${noun}换届工作移交清单`;
  const rows = template.items.map((item, index) => [
    num(index + 1, { alignment: 'center' }),
    cell(item.name, { bold: true }),
    cell(item.detail ?? ''),
    cell(item.unit ?? '', { alignment: 'center' }),
    item.count === undefined ? cell(BLANK, { alignment: 'center' }) : num(item.count, { alignment: 'center' }),
    cell(''),
  ]);
  const { ballotsByRound, sheets, archiveId } = input.records;
  const recordRows: [string, string, string, number | null, string][] = [
    ['选举结果报告单', `每轮投票一份，经签名（共 ${ballotsByRound.length} 轮）`, '份', sheets, ''],
    ...ballotsByRound.map((ballots, i): [string, string, string, number | null, string] => [`选票（第 ${i + 1} 轮）`, '收回的选票，封存', '张', ballots, '']),
    ['电子选举档案', '经投票站密钥封存的选举档案文件', '份', archiveId ? 1 : null, archiveId ? `编号 ${shortHash(archiveId)}` : ''],
  ];
  recordRows.forEach(([name, detail, unit, count, note], i) =>
    rows.push([
      num(template.items.length + i + 1, { alignment: 'center' }),
      cell(name, { bold: true }),
      cell(detail),
      cell(unit, { alignment: 'center' }),
      count === null ? cell(BLANK, { alignment: 'center' }) : num(count, { alignment: 'center' }),
      cell(note, { fontSize: 8 }),
    ]),
  );
  const elected = electedPersons(election, input.rounds);
  const byPost = new Map<string, string[]>();
  for (const person of elected) byPost.set(person.post, [...(byPost.get(person.post) ?? []), person.name]);
  const chair = elected.find((person) => person.rank === Math.min(...elected.map((p) => p.rank)))?.name ?? null;

  const content: Content[] = [
    { text: title, fontSize: 19, bold: true, alignment: 'center', margin: [0, 6, 0, 4] },
    ...(input.demo ? [{ text: DEMO_NOTICE, fontSize: 13, bold: true, color: SEAL_RED, alignment: 'center' as const, margin: [0, 0, 0, 6] as [number, number, number, number] }] : []),
    {
      text: `投票站：${input.station.name}（${input.station.id}）　选举日期：${chineseDate(election.date)}　移交日期：${chineseDate(input.handoverDate)}`,
      alignment: 'center',
      fontSize: 10,
      margin: [0, 0, 0, 4],
    },
    { text: `按规定，移交应在选举后 ${HANDOVER_DAYS} 日内完成，最迟于 ${chineseDate(deadline)}。`, alignment: 'center', fontSize: 9, color: '#555555', margin: [0, 0, 0, input.daysLate > 0 ? 4 : 8] },
    ...(input.daysLate > 0
      ? [
          { text: `本次移交已逾期 ${input.daysLate} 日。`, fontSize: 12, bold: true, color: SEAL_RED, alignment: 'center' as const, margin: [0, 0, 0, 4] as [number, number, number, number] },
          { text: '逾期原因：＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿', fontSize: 10, margin: [0, 0, 0, 8] as [number, number, number, number] },
        ]
      : []),
    section('一、移交事项'),
    {
      table: { headerRows: 1, widths: [24, 84, '*', 28, 44, 76], body: [[th('序号'), th('项目'), th('内容'), th('单位'), th('数量'), th('备注')], ...rows], dontBreakRows: true },
      layout: gridLayout,
    },
    { text: `数量栏空白处由移交双方当场清点填写。模板：${template.issuedBy ?? '默认模板'}。`, style: 'note', margin: [0, 4, 0, 0] },
    section(`二、新一届${noun}成员`),
    byPost.size === 0
      ? { text: '（本次选举无人当选）' }
      : { ul: [...byPost.entries()].map(([post, names]) => `${post}：${names.join('、')}`), margin: [8, 0, 0, 0] },
    section('三、签字'),
    signatureLine('移交人', `原${noun}主任`, null),
    signatureLine('接收人', `新一届${noun}主任`, chair),
    signatureLine('监交人', `${election.street ? `${election.street}` : '街道办事处（乡镇人民政府）'}代表`, null),
  ];
  return stationDocument({
    title,
    subject: '移交清单',
    keywords: `${election.id} handover ${input.handoverDate}`,
    creationDate: new Date(`${input.handoverDate}T00:00:00Z`),
    station: input.station,
    demo: input.demo === true,
    footerLeft: `${election.community} · 移交清单 · 投票站 ${input.station.id}`,
    content,
  });
}
