/** 公告: the public announcement of a round's result, posted at the station. */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { electedPersons, personName, positionTitle, roundsOf } from './elected';
import { explanationNotes } from './explanations';
import { chineseDate, chineseNumber, committeeName, electorateLabel, isoDatePart, lawName, percent, roundLabel, voidReasonText, noticeText } from './format';
import { checkSheetInput, DEMO_NOTICE, footerText, isDemoSheet, organizerSignOff, SEAL_RED, sheetDocument } from './layout';
import type { SheetInput } from './types';

const INDENT = 22;

function paragraph(text: string): Content {
  return { text, fontSize: 13, lineHeight: 1.6, leadingIndent: INDENT * 1.2, margin: [0, 0, 0, 6] };
}

/** Pads a short post name so the colons line up: 主任 → 主　　任. */
function spacedPost(post: string): string {
  if (post.length === 2) return `${post[0]}　　${post[1]}`;
  return post;
}

export function announcementSheet(input: SheetInput): TDocumentDefinitions {
  checkSheetInput(input);
  const { election, signed } = input;
  const result = signed.result;
  const rounds = roundsOf(result, input.previousRounds);
  const { stats } = result;
  const committee = committeeName(election);
  const which = result.round > 1 ? `的另行选举（第${chineseNumber(result.round)}轮投票）` : '投票';

  const content: Content[] = [
    { text: `${election.title}${result.valid ? '结果公告' : '公告'}`, fontSize: 21, bold: true, alignment: 'center', margin: [0, 30, 0, 4] },
    { text: result.round > 1 ? roundLabel(result.round) : '', fontSize: 12, alignment: 'center', margin: [0, 0, 0, isDemoSheet(input) ? 4 : 22] },
    ...(isDemoSheet(input) ? [{ text: DEMO_NOTICE, fontSize: 15, bold: true, color: SEAL_RED, alignment: 'center' as const, margin: [0, 0, 0, 18] as [number, number, number, number] }] : []),
  ];
  const figures =
    `${input.station.name}${electorateLabel(election)} ${stats.registeredVoters} 人，参加投票 ${stats.participants} 人，参选率 ${percent(stats.participants, stats.registeredVoters)}；` +
    `发出选票 ${stats.ballotsIssued} 张，收回选票 ${stats.ballotsRecovered} 张，其中有效票 ${stats.validBallots} 张，无效票 ${stats.invalidBallots} 张。`;
  // A runoff may be held days later (RULES §6): its day is the day its result was signed.
  const day = result.round > 1 ? isoDatePart(signed.signedAt) : election.date;
  const opening = `${chineseDate(day)}，依法进行${committee}换届选举${which}。`;

  if (!result.valid) {
    content.push(paragraph(opening + figures));
    content.push(paragraph(`因${voidReasonText(election, result)}，根据${lawName(election)}和有关规定，本次投票选举无效，将重新组织投票，时间、地点另行公告。`));
  } else {
    content.push(paragraph(`${opening}${figures}根据${lawName(election)}和有关规定，本次投票有效。现将选举结果公告如下：`));
    const elected = electedPersons(election, rounds);
    const byPost = new Map<string, { post: string; names: string[] }>();
    for (const person of elected) {
      const entry = byPost.get(person.positionId) ?? { post: person.post, names: [] };
      entry.names.push(person.pendingQualification ? `${person.name}（待资格审查）` : person.name);
      byPost.set(person.positionId, entry);
    }
    if (byPost.size === 0) {
      content.push(paragraph('本次投票无人当选。'));
    } else {
      content.push({
        margin: [INDENT * 2.4, 4, 0, 10],
        table: {
          widths: ['auto', '*'],
          body: [...byPost.values()].map((entry) => [
            { text: `${spacedPost(entry.post)}：`, fontSize: 14, bold: true },
            { text: entry.names.join('、'), fontSize: 14 },
          ]),
        },
        layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingTop: () => 3, paddingBottom: () => 3, paddingLeft: () => 0, paddingRight: () => 4 },
      });
    }
    const pending = elected.filter((person) => person.pendingQualification);
    if (pending.length > 0) {
      content.push(paragraph(`${pending.map((person) => person.name).join('、')}系以另选他人方式当选，须经选举委员会资格审查确认后生效。`));
    }
    // Who reached the threshold and was still not elected, and why (the women rule, a tie).
    for (const position of result.positions) for (const note of explanationNotes(election, result, position)) content.push(paragraph(note));
    for (const entry of result.runoff?.positions ?? []) {
      const position = result.positions.find((p) => p.id === entry.id);
      const title = position ? positionTitle(election, position) : entry.id;
      const names = entry.candidates.map((person) => personName(election, position, person)).join('、');
      const women = entry.womenOnly ? '（仅限女性）' : (entry.reservedForWomen ?? 0) > 0 ? `，其中 ${entry.reservedForWomen} 名须为女性` : '';
      content.push(paragraph(`${title}尚缺 ${entry.seats} 名，将另行选举，候选人为：${names}${women}。`));
    }
    if ((result.runoff?.positions.length ?? 0) > 0) content.push(paragraph('另行选举的时间、地点另行公告。'));
    // No runoff follows: a seat still empty stays vacant (空缺, RULES §6) and is said so.
    if (result.runoff === null) {
      for (const position of result.positions) {
        if (position.unfilled > 0) content.push(paragraph(`${positionTitle(election, position)}空缺 ${position.unfilled} 名。`));
      }
    }
    for (const notice of result.notices ?? []) content.push(paragraph(noticeText(notice)));
  }
  content.push(paragraph('特此公告。'));
  content.push(organizerSignOff(input, { text: 13.5, seal: 11, dateGap: 6, sealGap: 6, sealInset: 22, margin: [0, 36, 10, 0] }));

  return sheetDocument(input, {
    title: `${election.title}${result.valid ? '结果公告' : '公告'}`,
    subject: `公告 · ${roundLabel(result.round)}`,
    content,
    footerLeft: footerText(input, '公告'),
    pageMargins: [64, 56, 64, 60],
  });
}
