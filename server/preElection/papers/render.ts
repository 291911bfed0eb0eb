/**
 * The district's papers before polling day as PDF bytes: the printed ballot, the printed roll
 * (选民榜) and the formal candidate list. The definitions are shared/sheets/preElection; the
 * renderer is the station's (server/pdf/render.ts). A ballot is one page: a ballot whose file has
 * another page count than its ballots is refused here rather than printed broken.
 */
import { ballotSheet, type BallotSheetInput } from '../../../shared/sheets/preElection/ballot';
import type { BallotStyle } from '../../../shared/sheets/preElection/ballotStyle';
import { candidateListSheet, type CandidateListInput } from '../../../shared/sheets/preElection/candidateList';
import { rollSheet, type RollSheetInput } from '../../../shared/sheets/preElection/rollSheet';
import { renderPdf } from '../../pdf/render';

/** Pages of a PDF pdfkit wrote (its page objects; pdfkit writes no compressed object streams). */
export function pdfPageCount(pdf: Uint8Array): number {
  return Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

export interface BallotPdf {
  readonly pdf: Buffer;
  readonly style: BallotStyle;
  /** The text of the QR code on every ballot. */
  readonly qrText: string;
  readonly paper: 'A4' | 'A3';
}

export async function renderBallotPdf(input: BallotSheetInput): Promise<BallotPdf> {
  const sheet = ballotSheet(input);
  const pdf = await renderPdf(sheet.definition);
  const pages = pdfPageCount(pdf);
  if (pages !== input.count) {
    throw new Error(`选票排版出错：${input.count} 张选票排成了 ${pages} 页 / the ballot layout broke: ${input.count} ballots made ${pages} pages`);
  }
  return { pdf, style: sheet.style, qrText: sheet.qrText, paper: sheet.plan.layout.paper };
}

export async function renderRollPdf(input: RollSheetInput): Promise<Buffer> {
  return renderPdf(rollSheet(input));
}

export async function renderCandidateListPdf(input: CandidateListInput): Promise<Buffer> {
  return renderPdf(candidateListSheet(input));
}
