/**
 * The ballot's style (选票样式): what a scanner needs to know which ballot it holds before it
 * reads the marks — the election (its hash), the round, the paper, and the layout (which
 * position, which candidate and which write-in line is in which box, in order). The printed
 * ballot carries it in a small QR code (format "PSB1", polling-station ballot, version 1):
 *
 *   PSB1:<ELECTION HASH, 64 hex, upper case>:R<round>.<A4|A3>.<LAYOUT, 8 hex, upper case>
 *
 * LAYOUT is the first 8 hex digits of the SHA-256 of the canonical JSON of `ballotLayout` (the
 * cells in print order). Every character is in the QR alphanumeric set, so the code is written
 * in alphanumeric mode: 87 characters, QR version 4 at ECC level M. Nothing about a voter is in
 * it: the code is the same on every ballot of a style (the serial number is on the stub only).
 */
import { canonicalJson } from '../../crypto/canonical';
import { sha256Hex } from '../../crypto/hash';
import type { ElectionDefinition } from '../../election/schemas';
import { sortByStroke } from '../../rules/order';

export const BALLOT_QR_PREFIX = 'PSB1';

export type BallotPaper = 'A4' | 'A3';

/** One box of the ballot: a candidate's (by id) or a write-in line's. */
export type BallotCell = { readonly candidate: string; readonly name: string } | { readonly writeIn: number };

export interface BallotPositionLayout {
  readonly id: string;
  readonly title: string;
  readonly seats: number;
  /** Candidates in stroke order (以姓氏笔画为序), then the write-in lines. */
  readonly cells: readonly BallotCell[];
}

export interface BallotLayout {
  readonly round: number;
  readonly paper: BallotPaper;
  /** Boxes a row (the first column holds the position's title). */
  readonly columns: number;
  readonly positions: readonly BallotPositionLayout[];
}

export interface BallotStyle {
  readonly electionHash: string;
  readonly round: number;
  readonly paper: BallotPaper;
  /** 8 upper-case hex digits. */
  readonly layout: string;
}

/** Write-in lines of a position: as the definition says, else one a seat (另选他人). */
export function writeInLinesOf(position: ElectionDefinition['positions'][number]): number {
  return position.writeInLines ?? position.seats;
}

/** The positions in rank order, each with its candidates in stroke order and its write-in lines. */
export function ballotPositions(election: ElectionDefinition): BallotPositionLayout[] {
  return [...election.positions]
    .sort((a, b) => a.rank - b.rank)
    .map((position) => ({
      id: position.id,
      title: position.title,
      seats: position.seats,
      cells: [
        ...sortByStroke(position.candidates, (candidate) => candidate.name).map((candidate): BallotCell => ({ candidate: candidate.id, name: candidate.name })),
        ...Array.from({ length: writeInLinesOf(position) }, (_, i): BallotCell => ({ writeIn: i + 1 })),
      ],
    }));
}

export function layoutDigest(layout: BallotLayout): string {
  return sha256Hex(canonicalJson(layout)).slice(0, 8).toUpperCase();
}

/** "R1.A4.1A2B3C4D" */
export function ballotStyleId(style: Pick<BallotStyle, 'round' | 'paper' | 'layout'>): string {
  return `R${style.round}.${style.paper}.${style.layout}`;
}

export function ballotStyleOf(electionHash: string, layout: BallotLayout): BallotStyle {
  return { electionHash, round: layout.round, paper: layout.paper, layout: layoutDigest(layout) };
}

/** The text of the ballot's QR code. */
export function encodeBallotStyleQr(style: BallotStyle): string {
  if (!/^[0-9a-f]{64}$/.test(style.electionHash)) throw new Error(`ballot style: the election hash must be 64 lowercase hex digits (${style.electionHash})`);
  return `${BALLOT_QR_PREFIX}:${style.electionHash.toUpperCase()}:${ballotStyleId(style)}`;
}

const CODE = /^PSB1:([0-9A-F]{64}):R(\d{1,2})\.(A4|A3)\.([0-9A-F]{8})$/;

/** The style a scanned ballot code names, or null when the text is not a PSB1 code. */
export function decodeBallotStyleQr(text: string): BallotStyle | null {
  const match = CODE.exec(text.trim());
  if (!match) return null;
  return { electionHash: match[1]!.toLowerCase(), round: Number(match[2]), paper: match[3] as BallotPaper, layout: match[4]! };
}
