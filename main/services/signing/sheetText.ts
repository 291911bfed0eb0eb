/**
 * The sheet PDF's text layer against its signed result: each page's text (poppler's pdftotext,
 * the same poppler-utils package whose pdftoppm already reads the codes) is searched for the
 * figures that page's code says it prints, and every printed number that is not the signed
 * result's is named. Only the figures the page code lists are looked for, so a page is compared
 * with what it must show; the code itself is checked against the signed result elsewhere.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import type { CountResult } from '../../../shared/election/schemas';
import { listMark } from '../../../shared/sheets/layout';
import { describeFigure, listPageFigures, resultValueOf, type PageCode, type PageFigure } from '../../../shared/sheets/pageCode';

const run = promisify(execFile);

/**
 * The text of each page (pages end with a form feed). `-raw` keeps the content stream's order —
 * one table row a line — where `-layout` lets a demo sheet's diagonal watermark tear rows apart.
 */
export async function pageTexts(file: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { maxBuffer: 32 * 1024 * 1024 });
  const pages = stdout.split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages;
}

const spaced = (label: string): string => [...label].map((char) => char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A stats label's pattern: the label, then one number per round ("50 人"), the current round last. */
const STATS_LABELS: Readonly<Record<string, string>> = {
  registeredVoters: '(?:登记选民|户代表|居民代表)数',
  participants: spaced('参加投票人数'),
  ballotsIssued: spaced('发出选票'),
  ballotsRecovered: spaced('收回选票'),
  validBallots: spaced('有效票'),
  invalidBallots: spaced('无效票'),
};

function printedStat(text: string, field: string): number | null | undefined {
  const label = STATS_LABELS[field];
  if (label === undefined) return undefined;
  const match = new RegExp(`${label}((?:\\s+\\d+\\s*[人张])+)`).exec(text);
  if (!match) return undefined;
  const numbers = [...match[1]!.matchAll(/(\d+)\s*[人张]/g)].map((found) => Number(found[1]));
  return numbers[numbers.length - 1] ?? undefined;
}

const printedNumber = (token: string | undefined): number | null | undefined => (token === undefined ? undefined : token === '—' ? null : /^\d+$/.test(token) ? Number(token) : undefined);

/** The printed for/against/abstain of a tally row: "1  王芳  候选人  50  —  —  当选". */
function printedRow(text: string, row: number, name: string, from: number): { values: (number | null | undefined)[]; at: number } | null {
  const pattern = new RegExp(`^\\s*${row + 1}\\s+${escape(name)}\\s+(?:候选人|另选他人)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)`, 'mg');
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  if (!match) return null;
  return { values: [printedNumber(match[1]), printedNumber(match[2]), printedNumber(match[3])], at: match.index + match[0].length };
}

/** The seats of a position, from its heading: "（一）主任　　应选 1 名". */
function printedSeats(text: string, position: number): number | undefined {
  const match = new RegExp(`${escape(listMark(position))}[^\\n]*?应选\\s*(\\d+)\\s*名`).exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The numbers of page `code.page`'s text (or of the pages `pageLabel` names) that differ from `result`, or cannot be found, as issues. */
export function textLayerIssues(text: string, code: PageCode, result: CountResult, pageLabel?: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const page = pageLabel ?? code.page;
  const report = (figure: PageFigure, printed: number | null | undefined): void => {
    const signed = resultValueOf(result, figure);
    const name = { zh: describeFigure(figure, result, 'zh'), en: describeFigure(figure, result, 'en') };
    if (printed === undefined) {
      issues.push(issue('verify.textMissing', [], { page, figure: name.zh, figureEn: name.en }));
    } else if (printed !== signed) {
      issues.push(issue('verify.textDiffers', [], { page, figure: name.zh, figureEn: name.en, printed: printed ?? '—', signed: signed ?? '—' }));
    }
  };
  const rowsDone = new Map<number, number>();
  for (const figure of listPageFigures(code.figures)) {
    if (figure.position === undefined) {
      report(figure, printedStat(text, figure.field));
    } else if (figure.row === undefined) {
      // The heading prints the seats; the other position figures are in notes that print only when not zero.
      if (figure.field === 'seats') report(figure, printedSeats(text, figure.position));
    } else if (figure.field === 'for') {
      const name = result.positions[figure.position]?.tallies[figure.row]?.name;
      if (name === undefined) continue;
      const found = printedRow(text, figure.row, name, rowsDone.get(figure.position) ?? 0);
      if (!found) {
        report(figure, undefined);
        continue;
      }
      rowsDone.set(figure.position, found.at);
      const row = figure.row;
      const fields = listPageFigures(code.figures).filter((entry) => entry.position === figure.position && entry.row === row);
      fields.forEach((entry) => {
        const index = ['for', 'against', 'abstain'].indexOf(entry.field);
        report(entry, found.values[index]);
      });
    }
  }
  return issues;
}
