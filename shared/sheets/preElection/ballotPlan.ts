/**
 * Where everything on the printed ballot goes, in points, and which paper it needs: A4 when the
 * positions fit, else A3 (docs/DECISIONS.md, "The printed ballot"). Every height is set, not
 * left to the text, so the boxes are where the style says on every ballot of the style and the
 * ballot is one page; a ballot that fits neither paper is refused with a clear message.
 */
import type { ElectionDefinition } from '../../election/schemas';
import { ballotPositions, type BallotLayout, type BallotPaper, type BallotPositionLayout } from './ballotStyle';

export const PAPER: Readonly<Record<BallotPaper, { readonly width: number; readonly height: number; readonly columns: number }>> = {
  A4: { width: 595.28, height: 841.89, columns: 6 },
  A3: { width: 841.89, height: 1190.55, columns: 9 },
};

/** Side margins of the ballot. */
export const SIDE = 36;
/** The stub (存根) at the top: its frame, and the dashed line it is torn off along. */
export const STUB = { top: 20, height: 50, cutY: 84 } as const;
/** The corner marks: solid squares at the corners of the ballot below the stub. */
export const FIDUCIAL = { size: 12, inset: 20, topY: 96 } as const;
/** The body starts below the top corner marks and ends above the footer zone. */
export const BODY_TOP = 116;
/** The footer zone: QR, fingerprint, and the seal area (a 42 mm seal: 120 pt). */
export const FOOTER = { height: 168, seal: 120, qrModule: 1.5 } as const;

/** Heights of the body's fixed parts: the title (a line), the date line, the instructions. */
export const TITLE_SIZE = 19;
export const NAME_SIZE = 15;
/** No name is printed smaller than this (older voters: names ≥ 12 pt). */
export const MIN_NAME_SIZE = 12;
const TITLE_GAP = 8;
const SUBTITLE_HEIGHT = 22;
const INSTRUCTION_LINE = 14;
const INSTRUCTION_PAD = 16;
export const POSITION_GAP = 10;
export const LABEL_WIDTH = 84;
/** The grid's lines, in points. */
export const RULE_WIDTH = 1;
export const MARK_ROW = 40;
export const BOX = 26;
/** A name row: at least this, more when a long name wraps. */
export const NAME_ROW = 32;
/** Horizontal padding inside a name cell. */
export const CELL_PAD = 4;

export interface NameFit {
  readonly fontSize: number;
  readonly lines: number;
}

/** The size a name is printed at in a cell `width` wide: 15 pt, smaller for a long name, never below 12 pt (then it wraps). */
export function fitName(name: string, width: number): NameFit {
  const room = width - 2 * CELL_PAD - 2;
  const chars = Math.max(1, [...name].length);
  const fontSize = Math.max(MIN_NAME_SIZE, Math.min(NAME_SIZE, Math.floor((room / chars) * 10) / 10));
  const perLine = Math.max(1, Math.floor(room / fontSize));
  return { fontSize, lines: Math.ceil(chars / perLine) };
}

export function nameRowHeight(names: readonly string[], width: number): number {
  const tallest = Math.max(0, ...names.map((name) => {
    const fit = fitName(name, width);
    return fit.lines * fit.fontSize * 1.25 + 8;
  }));
  return Math.max(NAME_ROW, Math.ceil(tallest));
}

export interface PlannedPosition extends BallotPositionLayout {
  /** The cells cut into rows of `columns`, and each band's name-row height. */
  readonly bands: readonly { readonly cells: BallotPositionLayout['cells']; readonly nameRow: number }[];
}

export interface BallotPlan {
  readonly layout: BallotLayout;
  readonly width: number;
  readonly height: number;
  readonly contentWidth: number;
  readonly cellWidth: number;
  readonly positions: readonly PlannedPosition[];
  readonly instructionLines: number;
  /** The body's height as planned, and the room it has. */
  readonly bodyHeight: number;
  readonly room: number;
}

function bandsOf(position: BallotPositionLayout, columns: number, cellWidth: number): PlannedPosition['bands'] {
  const bands: { cells: BallotPositionLayout['cells']; nameRow: number }[] = [];
  for (let at = 0; at < position.cells.length; at += columns) {
    const cells = position.cells.slice(at, at + columns);
    bands.push({ cells, nameRow: nameRowHeight(cells.map((cell) => ('name' in cell ? cell.name : '')), cellWidth) });
  }
  return bands;
}

function planOn(paper: BallotPaper, round: number, positions: readonly BallotPositionLayout[], title: string, instructions: readonly string[]): BallotPlan {
  const { width, height, columns } = PAPER[paper];
  const contentWidth = width - 2 * SIDE;
  // The grid's vertical rules (one between each two columns and the two outer ones) take room too.
  const cellWidth = (contentWidth - LABEL_WIDTH - (columns + 2) * RULE_WIDTH) / columns;
  const planned = positions.map((position) => ({ ...position, bands: bandsOf(position, columns, cellWidth) }));
  const perLine = Math.floor((contentWidth - 2 * INSTRUCTION_PAD) / 10.5);
  const instructionLines = instructions.reduce((sum, line) => sum + Math.ceil([...line].length / perLine), 1);
  const titleLines = Math.ceil(([...title].length * TITLE_SIZE * 1.1) / contentWidth);
  const bodyHeight =
    titleLines * TITLE_SIZE * 1.3 +
    TITLE_GAP +
    SUBTITLE_HEIGHT +
    instructionLines * INSTRUCTION_LINE +
    INSTRUCTION_PAD +
    planned.reduce((sum, position) => sum + POSITION_GAP + position.bands.reduce((rows, band) => rows + band.nameRow + MARK_ROW + 2, 0), 0);
  const room = height - BODY_TOP - FOOTER.height;
  return {
    layout: { round, paper, columns, positions: positions.map(({ id, title: name, seats, cells }) => ({ id, title: name, seats, cells })) },
    width,
    height,
    contentWidth,
    cellWidth,
    positions: planned,
    instructionLines,
    bodyHeight,
    room,
  };
}

export class BallotTooLarge extends Error {
  constructor(readonly bodyHeight: number, readonly room: number) {
    super(
      `选票内容过多，A3 纸也排不下（需约 ${Math.ceil(bodyHeight)} pt，可用 ${Math.floor(room)} pt）：请分职务印制选票 / ` +
        `the ballot does not fit even on A3 (about ${Math.ceil(bodyHeight)} pt needed, ${Math.floor(room)} pt available): print a ballot per position`,
    );
    this.name = 'BallotTooLarge';
  }
}

/** The ballot on A4 when it fits, else on A3; throws BallotTooLarge when neither holds it. */
export function planBallot(election: ElectionDefinition, round: number, title: string, instructions: readonly string[]): BallotPlan {
  const positions = ballotPositions(election);
  const a4 = planOn('A4', round, positions, title, instructions);
  if (a4.bodyHeight <= a4.room) return a4;
  const a3 = planOn('A3', round, positions, title, instructions);
  if (a3.bodyHeight <= a3.room) return a3;
  throw new BallotTooLarge(a3.bodyHeight, a3.room);
}
