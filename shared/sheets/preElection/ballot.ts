/**
 * 选票: the printed ballot of a community, one page a ballot. At the top the numbered stub
 * (存根, torn off along the dashed line and kept by the committee: the serial is on the stub
 * only, so a cast ballot cannot be traced to the voter it was handed to); below it the ballot:
 * the official title, how to mark (○ 赞成, × 反对, 空白 弃权), each position with its seats,
 * its candidates in stroke order each above a box and its write-in lines (另选他人), and at the
 * foot the election hash's fingerprint, a small QR code with the ballot style (ballotStyle.ts)
 * and the area for the committee's seal. Four solid corner marks frame the ballot for a scanner.
 * Pure: a pdfmake definition; the same input gives the same bytes (fixed creation date).
 */
import type { CanvasElement, Content, ContentCanvas, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { electionHash } from '../../crypto/hash';
import type { ElectionDefinition } from '../../election/schemas';
import { chineseDate, roundLabel, shortHash } from '../format';
import { INK, MUTED, SEAL_RED, SHEET_FONT, SHEET_PRODUCER, styles } from '../layout';
import { qrPngDataUrl } from '../qrImage';
import { qrVersionFor } from '../qrPayload';
import { BOX, BODY_TOP, CELL_PAD, FIDUCIAL, FOOTER, fitName, LABEL_WIDTH, MARK_ROW, planBallot, POSITION_GAP, RULE_WIDTH, SIDE, STUB, TITLE_SIZE, type BallotPlan, type PlannedPosition } from './ballotPlan';
import { ballotStyleId, ballotStyleOf, encodeBallotStyleQr, type BallotStyle } from './ballotStyle';

export interface BallotSheetInput {
  readonly election: ElectionDefinition;
  /** Who issues the ballot and seals it: 延风社区居民选举委员会 (default from the community). */
  readonly organizer?: string;
  /** The serial number on the first ballot's stub; one page a ballot. */
  readonly first: number;
  readonly count: number;
  /** 1 (default); a runoff's ballot names its round. */
  readonly round?: number;
  /** YYYY-MM-DD: the PDF's fixed creation date (same records, same bytes). */
  readonly issuedOn: string;
}

export interface BallotSheet {
  readonly definition: TDocumentDefinitions;
  readonly style: BallotStyle;
  /** The text of the QR code on every ballot. */
  readonly qrText: string;
  readonly plan: BallotPlan;
}

/**
 * At most this many ballots in one file: a ream (一令, 500 sheets). A print run renders in about
 * 15 s and 0.5 GB on the district server (1,000 took 30 s and 0.65 GB); the next run starts at
 * the next serial.
 */
export const MAX_BALLOTS_PER_FILE = 500;
const SERIAL_DIGITS = 6;

export function ballotTitle(election: ElectionDefinition): string {
  return election.title.endsWith('选票') ? election.title : `${election.title}选票`;
}

export function ballotInstructions(election: ElectionDefinition): string[] {
  const overvote = election.rules?.overvoteScope === 'ballot' ? '整张选票无效' : '该职务的选票无效';
  return [
    '一、对候选人表示赞成的，在其姓名下方的方格内画“○”；表示反对的，画“×”；表示弃权的，不画任何符号（空白）。',
    '二、另选他人的，在“另选他人”栏内写上本社区其他选民的姓名，并在其下方的方格内画“○”。',
    `三、每一职务画“○”的人数（含另选他人）不得多于应选名额；多于应选名额的，${overvote}。`,
    '四、请用黑色或蓝色笔填写，字迹清楚；无法辨认的选票无效。',
  ];
}

export function serialText(serial: number): string {
  return String(serial).padStart(SERIAL_DIGITS, '0');
}

function organizerOf(input: BallotSheetInput): string {
  return input.organizer ?? `${input.election.community}居民选举委员会`;
}

function checkInput(input: BallotSheetInput): void {
  const { first, count } = input;
  if (!Number.isInteger(first) || first < 1 || first >= 10 ** SERIAL_DIGITS) throw new RangeError(`选票起始编号须为 1–${10 ** SERIAL_DIGITS - 1} 的整数 / the first serial must be a whole number 1–${10 ** SERIAL_DIGITS - 1} (${first})`);
  if (!Number.isInteger(count) || count < 1 || count > MAX_BALLOTS_PER_FILE) throw new RangeError(`每份文件印制 1–${MAX_BALLOTS_PER_FILE} 张选票 / a file holds 1–${MAX_BALLOTS_PER_FILE} ballots (${count})`);
  if (first + count - 1 >= 10 ** SERIAL_DIGITS) throw new RangeError(`选票编号超过 ${SERIAL_DIGITS} 位 / serials beyond ${SERIAL_DIGITS} digits`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.issuedOn)) throw new RangeError(`印制日期须为 YYYY-MM-DD / the issue date must be YYYY-MM-DD (${input.issuedOn})`);
}

function markBox(plan: BallotPlan): ContentCanvas {
  const x = (plan.cellWidth - 2 * CELL_PAD - BOX) / 2;
  return { canvas: [{ type: 'rect', x, y: (MARK_ROW - BOX) / 2 - 3, w: BOX, h: BOX, lineWidth: 1.2, lineColor: INK }] };
}

function positionTable(plan: BallotPlan, position: PlannedPosition): Content {
  const { columns } = plan.layout;
  const rows: TableCell[][] = [];
  const heights: number[] = [];
  position.bands.forEach((band, b) => {
    const label: TableCell =
      b === 0
        ? {
            rowSpan: position.bands.length * 2,
            stack: [
              { text: position.title, fontSize: 14, bold: true, alignment: 'center', margin: [0, 6, 0, 2] },
              { text: `应选 ${position.seats} 名`, fontSize: 10.5, alignment: 'center' },
            ],
          }
        : {};
    const names: TableCell[] = [label];
    const marks: TableCell[] = [{}];
    for (let c = 0; c < columns; c++) {
      const cell = band.cells[c];
      if (cell === undefined) {
        names.push({ text: '', fillColor: '#eeeeee' });
        marks.push({ text: '', fillColor: '#eeeeee' });
      } else if ('name' in cell) {
        const fit = fitName(cell.name, plan.cellWidth);
        names.push({ text: cell.name, fontSize: fit.fontSize, bold: true, alignment: 'center', margin: [0, Math.max(0, (band.nameRow - fit.lines * fit.fontSize * 1.25) / 2 - 3), 0, 0] });
        marks.push(markBox(plan));
      } else {
        names.push({ text: '另选他人', fontSize: 8, color: MUTED, alignment: 'center' });
        marks.push(markBox(plan));
      }
    }
    rows.push(names, marks);
    heights.push(band.nameRow, MARK_ROW);
  });
  return {
    margin: [0, POSITION_GAP, 0, 0],
    table: { widths: [LABEL_WIDTH - 2 * CELL_PAD, ...Array.from({ length: columns }, () => plan.cellWidth - 2 * CELL_PAD)], heights, body: rows },
    layout: {
      hLineWidth: () => RULE_WIDTH,
      vLineWidth: () => RULE_WIDTH,
      hLineColor: () => INK,
      vLineColor: () => INK,
      paddingLeft: () => CELL_PAD,
      paddingRight: () => CELL_PAD,
      paddingTop: () => 3,
      paddingBottom: () => 0,
    },
  };
}

function body(input: BallotSheetInput, plan: BallotPlan, round: number, newPage: boolean): Content[] {
  const instructions = ballotInstructions(input.election);
  return [
    { text: ballotTitle(input.election), fontSize: TITLE_SIZE, bold: true, alignment: 'center', characterSpacing: 1, ...(newPage ? { pageBreak: 'before' as const } : {}) },
    {
      text: `${round > 1 ? `${roundLabel(round)}　` : ''}投票日期：${chineseDate(input.election.date)}`,
      fontSize: 11,
      alignment: 'center',
      margin: [0, 4, 0, 6],
    },
    {
      table: {
        widths: ['*'],
        body: [[{ stack: [{ text: '填票说明', bold: true, fontSize: 11 }, ...instructions.map((line) => ({ text: line, fontSize: 10.5 }))], margin: [4, 2, 4, 2] }]],
      },
      layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6, hLineColor: () => MUTED, vLineColor: () => MUTED, paddingTop: () => 4, paddingBottom: () => 4, paddingLeft: () => 6, paddingRight: () => 6 },
    },
    ...plan.positions.map((position) => positionTable(plan, position)),
  ];
}

/** The stub, the cut line and the corner marks: the same place on every page; only the serial differs. */
function background(input: BallotSheetInput, plan: BallotPlan, hash: string, page: number): Content {
  const { width, height } = plan;
  const serial = serialText(input.first + page - 1);
  const { size, inset, topY } = FIDUCIAL;
  const square = (x: number, y: number): CanvasElement => ({ type: 'rect', x, y, w: size, h: size, color: INK, lineWidth: 0 });
  const bottomY = height - inset - size;
  return [
    {
      canvas: [
        { type: 'rect', x: SIDE, y: STUB.top, w: width - 2 * SIDE, h: STUB.height, lineWidth: 0.8, lineColor: INK },
        { type: 'line', x1: 10, y1: STUB.cutY, x2: width - 10, y2: STUB.cutY, lineWidth: 0.8, dash: { length: 5, space: 3 }, lineColor: INK },
        square(inset, topY),
        square(width - inset - size, topY),
        square(inset, bottomY),
        square(width - inset - size, bottomY),
      ],
    },
    {
      absolutePosition: { x: SIDE + 10, y: STUB.top + 8 },
      columns: [
        { width: 90, stack: [{ text: '选票存根', bold: true, fontSize: 13 }, { text: organizerOf(input), fontSize: 7.5, color: MUTED }] },
        { width: 150, text: [{ text: '编号 No. ', fontSize: 10 }, { text: serial, fontSize: 15, bold: true }] },
        { width: '*', stack: [{ text: '选举哈希（简）', fontSize: 7.5, color: MUTED }, { text: shortHash(hash), fontSize: 10 }] },
        { width: 130, text: '发票人：＿＿＿＿＿', fontSize: 10, margin: [0, 8, 0, 0] },
      ],
      columnGap: 8,
      width: width - 2 * SIDE - 20,
    } as Content,
    { absolutePosition: { x: 0, y: STUB.cutY + 3 }, text: '（沿虚线撕下存根，存根由选举委员会保存）', fontSize: 7.5, color: MUTED, alignment: 'center', width } as Content,
  ];
}

/** The footer zone: the QR code of the style and the fingerprint on the left, the seal area on the right. */
function footer(input: BallotSheetInput, plan: BallotPlan, style: BallotStyle, qrText: string): Content {
  const { width, height } = plan;
  const version = qrVersionFor(qrText.length);
  const qrSide = (17 + 4 * version + 8) * FOOTER.qrModule;
  const top = height - FIDUCIAL.inset - FIDUCIAL.size - 8 - FOOTER.seal;
  const sealX = width - SIDE - FOOTER.seal;
  return [
    { absolutePosition: { x: SIDE, y: top + FOOTER.seal - qrSide }, image: qrPngDataUrl(qrText, version, 4), width: qrSide, height: qrSide },
    {
      absolutePosition: { x: SIDE + qrSide + 8, y: top + FOOTER.seal - 46 },
      stack: [
        { text: `选举哈希（简）${shortHash(style.electionHash)}`, fontSize: 9 },
        { text: `选票样式 ${ballotStyleId(style)}`, fontSize: 9 },
        { text: '左侧二维码载有选举哈希与选票样式（PSB1），不含任何选民信息', fontSize: 7.5, color: MUTED },
      ],
    },
    {
      absolutePosition: { x: sealX, y: top },
      canvas: [{ type: 'ellipse', x: FOOTER.seal / 2, y: FOOTER.seal / 2, r1: FOOTER.seal / 2 - 1, r2: FOOTER.seal / 2 - 1, lineWidth: 0.8, lineColor: SEAL_RED, dash: { length: 3, space: 3 } }],
    },
    { absolutePosition: { x: sealX, y: top + FOOTER.seal / 2 - 14 }, width: FOOTER.seal, stack: [{ text: organizerOf(input), fontSize: 8, color: SEAL_RED, alignment: 'center' }, { text: '（盖章）', fontSize: 8, color: SEAL_RED, alignment: 'center' }] } as Content,
  ];
}

/** The ballots `first` … `first + count − 1` of the election, one page each. */
export function ballotSheet(input: BallotSheetInput): BallotSheet {
  checkInput(input);
  const round = input.round ?? 1;
  const plan = planBallot(input.election, round, ballotTitle(input.election), ballotInstructions(input.election));
  const hash = electionHash(input.election);
  const style = ballotStyleOf(hash, plan.layout);
  const qrText = encodeBallotStyleQr(style);
  // Each ballot's title starts a page. The position tables do not ask for dontBreakRows: with it
  // pdfmake added an empty page after the second ballot; the plan's fixed heights keep them whole.
  const pages: Content[] = Array.from({ length: input.count }, (_, i) => body(input, plan, round, i > 0)).flat();
  const definition: TDocumentDefinitions = {
    pageSize: plan.layout.paper,
    pageOrientation: 'portrait',
    pageMargins: [SIDE, BODY_TOP, SIDE, FOOTER.height],
    defaultStyle: { font: SHEET_FONT, fontSize: 10.5, lineHeight: 1.15, color: INK },
    styles,
    info: {
      title: ballotTitle(input.election),
      author: organizerOf(input),
      subject: `选票 ${serialText(input.first)}–${serialText(input.first + input.count - 1)} · ${ballotStyleId(style)}`,
      keywords: `${input.election.id} ${hash}`,
      creator: SHEET_PRODUCER,
      producer: SHEET_PRODUCER,
      creationDate: new Date(`${input.issuedOn}T00:00:00+08:00`),
    },
    background: (page: number) => [background(input, plan, hash, page), footer(input, plan, style, qrText)],
    content: pages,
  };
  return { definition, style, qrText, plan };
}

export { BallotTooLarge } from './ballotPlan';
