/** The parts every sheet shares: page setup, styles, grid tables, footer, signatures, verification block. */
import type { Column, Content, CustomTableLayout, StyleDictionary, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { keyFingerprint } from '../crypto/ed25519';
import { electionHash } from '../crypto/hash';
import { DEMO_MARK, DEMO_WATERMARK, isDemoResult } from '../election/demo';
import { electionTimeZone } from '../election/localTime';
import type { SignedResult } from '../election/schemas';
import { chineseDate, chineseDateTime, groupedHash, isoDatePart, organizerOf, shortHash } from './format';
import { encodeSignedResultQr, type QrCodeSpec } from './qrPayload';
import { qrPngDataUrl } from './qrImage';
import type { SheetInput, SheetStaff } from './types';

/** The font every sheet uses; the renderer maps it to Noto Sans SC (regular + bold). */
export const SHEET_FONT = 'NotoSC';
/** Fixed producer/creator: nothing that changes between runs goes into the PDF. */
export const SHEET_PRODUCER = 'polling-station sheets@1';

/** A4 portrait: 595.28 × 841.89 pt. */
export const PAGE_MARGINS: [number, number, number, number] = [48, 46, 48, 56];
export const CONTENT_WIDTH = 595.28 - PAGE_MARGINS[0] - PAGE_MARGINS[2];

export const INK = '#000000';
export const MUTED = '#555555';
export const RULE = '#333333';
export const HEADER_FILL = '#ececec';
export const LABEL_FILL = '#f6f6f6';
export const SEAL_RED = '#b3261e';

/** A QR module is 1.7 pt (0.6 mm, 3.5 pixels at 150 dpi): large enough for a scan or a phone photo. */
export const QR_MODULE_PT = 1.7;
/** The quiet zone around each code, in modules (ISO/IEC 18004 asks for 4). */
export const QR_QUIET_MODULES = 4;

export const styles: StyleDictionary = {
  org: { fontSize: 13, alignment: 'center' },
  title: { fontSize: 22, bold: true, alignment: 'center', characterSpacing: 3 },
  section: { fontSize: 12.5, bold: true, margin: [0, 11, 0, 5] },
  subsection: { fontSize: 10.5, bold: true },
  th: { bold: true, fontSize: 9.5, alignment: 'center', fillColor: HEADER_FILL },
  label: { fontSize: 9.5, fillColor: LABEL_FILL },
  cell: { fontSize: 10 },
  num: { fontSize: 10, alignment: 'right' },
  note: { fontSize: 9, color: MUTED },
  small: { fontSize: 8, color: MUTED },
  mono: { fontSize: 8.5 },
};

/** Thin full grid, a darker outer frame, comfortable padding. */
export const gridLayout: CustomTableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0.9 : 0.45),
  vLineWidth: (i, node) => (i === 0 || i === (node.table.widths?.length ?? 0) ? 0.9 : 0.45),
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => 5,
  paddingRight: () => 5,
  paddingTop: () => 3.2,
  paddingBottom: () => 1.6,
};

export const plainLayout: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 0,
  paddingRight: () => 0,
  paddingTop: () => 0,
  paddingBottom: () => 0,
};

export function th(text: string, extra: Record<string, unknown> = {}): TableCell {
  return { text, style: 'th', ...extra };
}

export function label(text: string, extra: Record<string, unknown> = {}): TableCell {
  return { text, style: 'label', ...extra };
}

export function cell(text: string, extra: Record<string, unknown> = {}): TableCell {
  return { text, style: 'cell', ...extra };
}

export function num(value: number | string, extra: Record<string, unknown> = {}): TableCell {
  return { text: String(value), style: 'num', ...extra };
}

/** Checks that the inputs belong together before anything is printed. */
export function checkSheetInput(input: SheetInput): void {
  const { signed, election, station } = input;
  if (signed.station !== station.id) {
    throw new Error(`sheet: the result is signed by station "${signed.station}", not "${station.id}"`);
  }
  if (signed.electionHash !== electionHash(election)) {
    throw new Error('sheet: the election definition is not the one the result was signed for (electionHash differs)');
  }
}

export interface DocumentOptions {
  readonly title: string;
  readonly subject: string;
  readonly content: Content;
  readonly footerLeft: string;
  readonly background?: TDocumentDefinitions['background'];
  readonly pageMargins?: [number, number, number, number];
}

/** Whether the sheet prints a demo station's result (its SignedResult says `demo: true`). */
export function isDemoSheet(input: SheetInput): boolean {
  return isDemoResult(input.signed);
}

/** A document's title, with "（演示）" after it when the result is a demo's. */
export function demoTitle(input: SheetInput, title: string): string {
  return isDemoSheet(input) ? `${title}（${DEMO_MARK}）` : title;
}

/** Under the heading of a demo's announcement and certificates. */
export const DEMO_NOTICE = `（${DEMO_MARK}：不具法律效力）`;

/** Before a footer's text on a demo's pages: "演示 · ". */
export function demoFooterPrefix(input: SheetInput): string {
  return isDemoSheet(input) ? `${DEMO_MARK} · ` : '';
}

/**
 * The watermark across every page of a demo document: large, diagonal, red and light enough to
 * read the sheet through it, and impossible to take for a real election's paper.
 */
export const DEMO_WATERMARK_STYLE = { text: DEMO_WATERMARK, color: SEAL_RED, opacity: 0.16, bold: true, angle: -45 } as const;

/** A station's A4 document as it describes itself: who made it, when, and whether it is a demo's. */
export interface DocumentFrame extends DocumentOptions {
  readonly station: { readonly id: string; readonly name: string };
  readonly keywords: string;
  /** The PDF's fixed creation date (same records, same bytes). */
  readonly creationDate: Date;
  readonly demo: boolean;
}

/**
 * The document around `content`: A4, the CJK font, fixed metadata, "第 x 页 共 y 页". A demo's
 * document has the 演示 DEMO watermark on every page and says 演示 in its title and footer.
 */
export function stationDocument(frame: DocumentFrame): TDocumentDefinitions {
  const margins = frame.pageMargins ?? PAGE_MARGINS;
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: margins,
    defaultStyle: { font: SHEET_FONT, fontSize: 10.5, lineHeight: 1.2, color: INK },
    styles,
    info: {
      title: frame.demo ? `${frame.title}（${DEMO_MARK}）` : frame.title,
      author: `${frame.station.name}（${frame.station.id}）`,
      subject: frame.subject,
      keywords: frame.keywords,
      creator: SHEET_PRODUCER,
      producer: SHEET_PRODUCER,
      creationDate: frame.creationDate,
    },
    footer: (currentPage: number, pageCount: number): Content => ({
      margin: [margins[0], 18, margins[2], 0],
      columns: [
        { text: (frame.demo ? `${DEMO_MARK} · ` : '') + frame.footerLeft, style: 'small', width: '*' },
        { text: `第 ${currentPage} 页　共 ${pageCount} 页`, style: 'small', width: 'auto', alignment: 'right' },
      ],
    }),
    content: frame.content,
  };
  if (frame.background) doc.background = frame.background;
  if (frame.demo) doc.watermark = { ...DEMO_WATERMARK_STYLE };
  return doc;
}

/** A signed result's document (sheet, announcement, certificates): its metadata from the signed result. */
export function sheetDocument(input: SheetInput, options: DocumentOptions): TDocumentDefinitions {
  return stationDocument({
    ...options,
    station: input.station,
    keywords: `${input.election.id} ${input.signed.electionHash}`,
    creationDate: new Date(input.signed.signedAt),
    demo: isDemoSheet(input),
  });
}

export function footerText(input: SheetInput, what: string): string {
  return `${input.election.community} · ${what} · 投票站 ${input.signed.station} · 选举哈希 ${shortHash(input.signed.electionHash)}`;
}

/** A section heading ("一、投票情况"). */
export function section(text: string): Content {
  return { text, style: 'section' };
}

/**
 * The heading kept on one page with what follows it (pdfmake moves an unbreakable block to the
 * next page whole), as long as that fits on a page; else only the heading and the block.
 */
export function keptTogether(heading: Content, body: Content[], small: boolean): Content[] {
  return small ? [{ unbreakable: true, stack: [heading, ...body] }] : [heading, ...body];
}

/** "（一）" "（二）" … */
export function listMark(index: number): string {
  const marks = '一二三四五六七八九十';
  return `（${marks[index] ?? String(index + 1)}）`;
}

type StaffRow = { role: string; name: string };

export function staffRows(setup: SheetStaff | null | undefined): StaffRow[] {
  const list = (names: readonly string[] | undefined, min: number): string[] => {
    const given = (names ?? []).filter((name) => name.trim() !== '');
    return given.length >= min ? given : [...given, ...Array.from({ length: min - given.length }, () => '')];
  };
  return [
    { role: '选举委员会主任', name: setup?.chair?.trim() ?? '' },
    { role: '总监票人', name: setup?.chiefScrutineer?.trim() ?? '' },
    ...list(setup?.scrutineers, 2).map((name) => ({ role: '监票人', name })),
    ...list(setup?.recorders, 1).map((name) => ({ role: '计票人', name })),
    ...list(setup?.callers, 1).map((name) => ({ role: '唱票人', name })),
  ];
}

/** The signature table: role, printed name, space to sign. Kept on one page. */
export function signatureBlock(input: SheetInput, heading: string): Content {
  const rows = staffRows(input.setup);
  const body: TableCell[][] = [[th('职　务'), th('姓　名'), th('签　名'), th('职　务'), th('姓　名'), th('签　名')]];
  for (let i = 0; i < rows.length; i += 2) {
    const left = rows[i]!;
    const right = rows[i + 1];
    body.push([
      label(left.role, { alignment: 'center' }),
      cell(left.name, { alignment: 'center' }),
      cell(''),
      right ? label(right.role, { alignment: 'center' }) : cell(''),
      cell(right?.name ?? '', { alignment: 'center' }),
      cell(''),
    ]);
  }
  return {
    unbreakable: true,
    stack: [
      { text: heading, style: 'section' },
      {
        table: { headerRows: 1, widths: [72, 62, '*', 72, 62, '*'], heights: (row: number) => (row === 0 ? 12 : 24), body },
        layout: gridLayout,
      },
      {
        margin: [0, 8, 0, 0],
        columns: [
          { width: '*', text: '选举委员会（盖章）', style: 'cell', margin: [0, 0, 0, 0] },
          { width: 'auto', text: '　　　　年　　月　　日', style: 'cell' },
        ],
      },
    ],
  };
}

/** The QR codes of a signed result and the side of each, in points (quiet zone included). */
export function qrCodes(signed: SignedResult): { specs: QrCodeSpec[]; size: number } {
  const specs = encodeSignedResultQr(signed);
  const modules = 17 + 4 * (specs[0]?.version ?? 1);
  return { specs, size: (modules + 2 * QR_QUIET_MODULES) * QR_MODULE_PT };
}

function qrWithCaption(spec: QrCodeSpec, size: number): Column {
  return {
    width: size,
    stack: [
      { image: qrPngDataUrl(spec.text, spec.version, QR_QUIET_MODULES), width: size, height: size },
      { text: `核验码 ${spec.index}/${spec.total}`, style: 'small', alignment: 'center', margin: [0, 0, 0, 0] },
    ],
  };
}

/** Verification: hashes, station, key fingerprint and the QR codes carrying the signed result. */
export function verificationBlock(input: SheetInput, heading: string): Content {
  const { signed } = input;
  const { specs, size } = qrCodes(signed);
  const gap = 10;
  const fact = (name: string, value: string, bold = false): Content => ({
    margin: [0, 0, 0, 5],
    stack: [
      { text: name, style: 'small' },
      { text: value, fontSize: 9.5, bold },
    ],
  });
  const facts: Content[] = [
    fact('投票站编号', signed.station),
    fact('投票站密钥指纹', keyFingerprint(signed.stationKey), true),
    fact('选举哈希（简）', shortHash(signed.electionHash), true),
    fact('签署时间', chineseDateTime(signed.signedAt, electionTimeZone(input.election))),
    ...(input.keyUnprotected === true ? [fact('密钥保存', '未加密保存（本机无法加密，操作员准许） / key stored unprotected', true)] : []),
  ];
  const howTo: Content = {
    text:
      `以上 ${specs.length} 个二维码合起来载有本报告单的签名结果（PSR1 格式）。核验时须扫描全部二维码，` +
      '用 verify-sheet 或区级核验程序检验签名，并核对报告单上的数字与二维码中的结果一致。',
    style: 'small',
    margin: [0, 4, 0, 0],
  };
  const side = CONTENT_WIDTH - 2 * (size + gap);
  const rows: Content[] = [];
  if (specs.length <= 2 && side >= 140) {
    rows.push({ columnGap: gap, columns: [...specs.map((spec) => qrWithCaption(spec, size)), ...(specs.length === 1 ? [{ width: size, text: '' }] : []), { width: '*', stack: facts, margin: [4, 10, 0, 0] }] });
  } else {
    const perRow = Math.max(1, Math.floor((CONTENT_WIDTH + gap) / (size + gap)));
    for (let i = 0; i < specs.length; i += perRow) {
      rows.push({ columnGap: gap, margin: [0, 0, 0, 4], columns: [...specs.slice(i, i + perRow).map((spec) => qrWithCaption(spec, size)), { width: '*', text: '' }] });
    }
    rows.push({ columns: facts.map((node) => ({ width: '*', stack: [node] })), columnGap: gap, margin: [0, 4, 0, 0] });
  }
  const hashes: TableCell[][] = [
    [label('选举哈希（SHA-256）'), { text: groupedHash(signed.electionHash), style: 'mono' }],
    [label('选票记录哈希'), { text: groupedHash(signed.ballotsHash), style: 'mono' }],
  ];
  return {
    unbreakable: true,
    stack: [
      { text: heading, style: 'section' },
      ...rows,
      { table: { widths: [96, '*'], body: hashes }, layout: gridLayout, margin: [0, 6, 0, 0] },
      howTo,
    ],
  };
}

/** Sizes of an organizer's sign-off: the certificate's is larger than the announcement's. */
export interface SignOffSize {
  /** Organizer and date. */
  readonly text: number;
  /** The "（盖章）" line. */
  readonly seal: number;
  /** Space above the date and above the seal line. */
  readonly dateGap: number;
  readonly sealGap: number;
  /** How far the seal line sits in from the right edge (under where the stamp goes). */
  readonly sealInset: number;
  readonly margin: [number, number, number, number];
}

/** The organizer's sign-off at the foot of a public document: who, the day it was signed, and room for the seal. */
export function organizerSignOff(input: SheetInput, size: SignOffSize): Content {
  return {
    margin: size.margin,
    alignment: 'right',
    stack: [
      { text: organizerOf(input), fontSize: size.text },
      { text: chineseDate(isoDatePart(input.signed.signedAt)), fontSize: size.text, margin: [0, size.dateGap, 0, 0] },
      { text: '（盖章）', fontSize: size.seal, color: MUTED, margin: [0, size.sealGap, size.sealInset, 0] },
    ],
  };
}
