/** 当选证书: one certificate page for each person elected (over every round the sheet covers). */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { electedPersons, roundsOf, type ElectedPerson } from './elected';
import { chineseDate, chineseNumber, committeeName, isoDatePart, organizerOf, shortHash } from './format';
import { checkSheetInput, DEMO_NOTICE, demoFooterPrefix, isDemoSheet, organizerSignOff, SEAL_RED, sheetDocument } from './layout';
import type { SheetInput } from './types';

function frame(): TDocumentDefinitions['background'] {
  return (_page: number, size: { width: number; height: number }): Content => ({
    canvas: [
      { type: 'rect', x: 28, y: 28, w: size.width - 56, h: size.height - 56, lineWidth: 3, lineColor: SEAL_RED },
      { type: 'rect', x: 36, y: 36, w: size.width - 72, h: size.height - 72, lineWidth: 0.8, lineColor: SEAL_RED },
    ],
  });
}

/**
 * "HQ-YANFENG-01-R1-03": station, the round the person was elected in, and their place among
 * that round's elected (committee order) — so a round's numbers stay the same when a later
 * round's certificates are printed with them.
 */
export function certificateNumber(input: SheetInput, person: ElectedPerson, indexInRound: number): string {
  return `${input.signed.station}-R${person.round}-${String(indexInRound + 1).padStart(2, '0')}`;
}

/** The certificate's page: A4 less the margins (`pageMargins` below). */
const PAGE = { width: 595.28 - 78 - 78, height: 841.89 - 86 - 70 } as const;

/** Text width in ems: a CJK character is one em, Latin letters and digits about half. */
function ems(text: string): number {
  let sum = 0;
  for (const char of text) sum += (char.codePointAt(0) ?? 0) < 0x2e80 ? 0.55 : 1;
  return sum;
}

/** Lines `text` takes at `size` pt across the page (the first line indented by `indent` pt). */
function linesOf(text: string, size: number, indent = 0): number {
  return Math.max(1, Math.ceil((ems(text) * size + indent) / PAGE.width));
}

/** Font sizes and gaps of one certificate: the roomy ones, or tighter ones when long names would push the seal line onto a second page. */
interface CertificateFit {
  readonly body: number;
  readonly organizer: number;
  readonly titleGap: number;
  readonly signOffGap: number;
}

const FITS: readonly CertificateFit[] = [
  { body: 18, organizer: 16, titleGap: 60, signOffGap: 80 },
  { body: 18, organizer: 16, titleGap: 36, signOffGap: 40 },
  { body: 16, organizer: 14, titleGap: 28, signOffGap: 28 },
  { body: 15, organizer: 12, titleGap: 20, signOffGap: 20 },
  { body: 14, organizer: 11, titleGap: 14, signOffGap: 14 },
];

/** A line's pitch: the font's own height (1.45 em for the sheets' fonts) times pdfmake's lineHeight (the sheets' default 1.2). */
const lineHeight = (size: number, factor = 1.2) => size * 1.45 * factor;

/** The roomiest fit whose page, estimated generously, stays on one A4 page (a long organizer or community name, issue 18). */
function certificateFit(input: SheetInput, body: string, name: string): CertificateFit {
  const demo = isDemoSheet(input) ? 8 + lineHeight(20) + 32 : 0;
  const organizer = organizerOf(input);
  for (const fit of FITS) {
    const height =
      lineHeight(9) + 56 + lineHeight(46) + (demo > 0 ? demo : fit.titleGap) + lineHeight(20) * linesOf(`${name}　同志：`, 20) + 22 +
      lineHeight(fit.body, 1.8) * (linesOf(body, fit.body, 40) + 1) + 6 +
      fit.signOffGap + lineHeight(fit.organizer) * (linesOf(organizer, fit.organizer) + 1) + 10 + 8 + lineHeight(12);
    if (height <= PAGE.height) return fit;
  }
  return FITS[FITS.length - 1]!;
}

function page(input: SheetInput, person: ElectedPerson, index: number, last: boolean): Content {
  const { election } = input;
  // A runoff's day: the day its result was signed (it may be days after the first round).
  const day = person.round > 1 && person.round === input.signed.result.round ? isoDatePart(input.signed.signedAt) : election.date;
  const when = person.round > 1 ? `${chineseDate(day)}举行的${election.title}的另行选举（第${chineseNumber(person.round)}轮投票）` : `${chineseDate(day)}举行的${election.title}`;
  const body = `在${when}中，你当选为${committeeName(election)}${person.post}。${person.pendingQualification ? '经选举委员会资格审查确认后生效。' : ''}`;
  const fit = certificateFit(input, body, person.name);
  return {
    ...(last ? {} : { pageBreak: 'after' as const }),
    stack: [
      { text: `证书编号：${certificateNumber(input, person, index)}`, fontSize: 9, color: '#555555', alignment: 'right', margin: [0, 0, 0, 56] },
      { text: '当选证书', fontSize: 46, bold: true, color: SEAL_RED, alignment: 'center', characterSpacing: 14, margin: [0, 0, 0, isDemoSheet(input) ? 8 : fit.titleGap] },
      ...(isDemoSheet(input) ? [{ text: DEMO_NOTICE, fontSize: 20, bold: true, color: SEAL_RED, alignment: 'center' as const, margin: [0, 0, 0, 32] as [number, number, number, number] }] : []),
      { text: `${person.name}　同志：`, fontSize: 20, bold: true, margin: [0, 0, 0, 22] },
      { text: body, fontSize: fit.body, lineHeight: 1.8, leadingIndent: 40 },
      { text: '特发此证。', fontSize: fit.body, lineHeight: 1.8, leadingIndent: 40, margin: [0, 6, 0, 0] },
      organizerSignOff(input, { text: fit.organizer, seal: 12, dateGap: 10, sealGap: 8, sealInset: 28, margin: [0, fit.signOffGap, 6, 0] }),
    ],
  };
}

/** Everyone the certificates go to, in the order of the committee (rank, then seat). */
export function certificateRecipients(input: SheetInput): ElectedPerson[] {
  return electedPersons(input.election, roundsOf(input.signed.result, input.previousRounds));
}

/**
 * One A4 page for each person elected; null when nobody is elected (a void round, or a round
 * that filled no seat).
 */
export function certificatesSheet(input: SheetInput): TDocumentDefinitions | null {
  checkSheetInput(input);
  const people = certificateRecipients(input);
  if (people.length === 0) return null;
  const doc = sheetDocument(input, {
    title: `${input.election.title} 当选证书`,
    subject: '当选证书',
    content: people.map((person, index) =>
      page(input, person, people.slice(0, index).filter((earlier) => earlier.round === person.round).length, index === people.length - 1),
    ),
    footerLeft: `${committeeName(input.election)} · 投票站 ${input.signed.station} · 选举哈希 ${shortHash(input.signed.electionHash)}`,
    background: frame(),
    pageMargins: [78, 86, 78, 70],
  });
  doc.footer = (): Content => ({
    text: `${demoFooterPrefix(input)}${committeeName(input.election)} · 投票站 ${input.signed.station} · 选举哈希 ${shortHash(input.signed.electionHash)}`,
    style: 'small',
    alignment: 'center',
    margin: [0, 22, 0, 0],
  });
  return doc;
}
