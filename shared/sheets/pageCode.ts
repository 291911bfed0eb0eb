/**
 * The page code (issue 18, "every page verifiable"): a small QR code on every page of a result
 * sheet that says which sheet and page it is and carries the numbers printed on that page, so a
 * photo of one page can be checked against the signed result without OCR (pure).
 *
 * Encoding "PSP1" (polling-station page, version 1): `"PSP1:" + base45(bytes)`, bytes =
 *
 *   round, page, pages                       3 × u8
 *   election hash, first 8 bytes             (the 选举哈希（简） printed on the sheet)
 *   SHA-256 of the signed result             32 bytes (of its canonical JSON, `signedResultHash`)
 *   station id                               varint length + UTF-8
 *   figure groups, each a type byte:
 *     1 stats        registeredVoters participants ballotsIssued ballotsRecovered validBallots invalidBallots
 *     2 position     index seats invalidSections unfilled
 *     3 rows         position first count, then per row: varint(for × 4 + flags) [against] [abstain]
 *                    (flags: 1 = against printed, 2 = abstain printed)
 *
 * All integers are unsigned LEB128 varints. The figures name their place in the CountResult, so
 * the checker compares each with the signed result (`pageFigureDifferences`).
 */
import { canonicalJson, utf8 } from '../crypto/canonical';
import { hexDecode, hexEncode } from '../crypto/encoding';
import { sha256Hex } from '../crypto/hash';
import type { CountResult, SignedResult } from '../election/schemas';
import { base45Decode, base45Encode } from './qrPayload';

export const PAGE_CODE_PREFIX = 'PSP1:';

export interface StatsFigures {
  readonly registeredVoters: number;
  readonly participants: number;
  readonly ballotsIssued: number;
  readonly ballotsRecovered: number;
  readonly validBallots: number;
  readonly invalidBallots: number;
}

export const STATS_KEYS = ['registeredVoters', 'participants', 'ballotsIssued', 'ballotsRecovered', 'validBallots', 'invalidBallots'] as const;

export interface PositionFigures {
  readonly index: number;
  readonly seats: number;
  readonly invalidSections: number;
  readonly unfilled: number;
}

export interface RowFigures {
  readonly for: number;
  readonly against: number | null;
  readonly abstain: number | null;
}

export interface RowsFigures {
  /** Index of the position in `result.positions`. */
  readonly position: number;
  /** Index of the first row in the position's `tallies`. */
  readonly first: number;
  readonly rows: readonly RowFigures[];
}

export interface PageFigures {
  readonly stats: StatsFigures | null;
  readonly positions: readonly PositionFigures[];
  readonly rows: readonly RowsFigures[];
}

export interface PageCode {
  readonly round: number;
  readonly page: number;
  readonly pages: number;
  /** 16 hex digits: the first 8 bytes of the election hash. */
  readonly electionHashPrefix: string;
  /** 64 hex digits: SHA-256 of the signed result's canonical JSON. */
  readonly resultHash: string;
  readonly station: string;
  readonly figures: PageFigures;
}

/** SHA-256 (hex) of the signed result's canonical JSON: what each page code names. */
export function signedResultHash(signed: SignedResult): string {
  return sha256Hex(canonicalJson(signed));
}

/** Where the sheet's layout marks the nodes that print figures (pdfmake node ids). */
export const FIGURE_IDS = {
  stats: 'figures.stats',
  position: (index: number): string => `figures.position.${index}`,
  row: (position: number, row: number): string => `figures.row.${position}.${row}`,
} as const;

/** Every figure id of a result: what the whole sheet prints. */
export function allFigureIds(result: CountResult): Set<string> {
  const ids = new Set<string>([FIGURE_IDS.stats]);
  result.positions.forEach((position, index) => {
    ids.add(FIGURE_IDS.position(index));
    position.tallies.forEach((_, row) => ids.add(FIGURE_IDS.row(index, row)));
  });
  return ids;
}

/** The figures of `result` printed by the nodes with these ids (FIGURE_IDS) on one page. */
export function figuresOnPage(result: CountResult, ids: ReadonlySet<string>): PageFigures {
  const positions: PositionFigures[] = [];
  const rows: RowsFigures[] = [];
  result.positions.forEach((position, index) => {
    if (ids.has(FIGURE_IDS.position(index))) positions.push({ index, seats: position.seats, invalidSections: position.invalidSections, unfilled: position.unfilled });
    let run: { position: number; first: number; rows: RowFigures[] } | null = null;
    position.tallies.forEach((tally, row) => {
      if (!ids.has(FIGURE_IDS.row(index, row))) {
        run = null;
        return;
      }
      const figures: RowFigures = { for: tally.for, against: tally.against ?? null, abstain: tally.abstain ?? null };
      if (run === null) {
        run = { position: index, first: row, rows: [] };
        rows.push(run);
      }
      run.rows.push(figures);
    });
  });
  const stats = ids.has(FIGURE_IDS.stats) ? Object.fromEntries(STATS_KEYS.map((key) => [key, result.stats[key]])) as unknown as StatsFigures : null;
  return { stats, positions, rows };
}

function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`page code: ${value} is not a count`);
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

export function encodePageCode(code: PageCode): string {
  const out: number[] = [code.round, code.page, code.pages];
  if (code.round > 255 || code.page > 255 || code.pages > 255) throw new Error('page code: round or page number above 255');
  out.push(...hexDecode(code.electionHashPrefix.slice(0, 16)), ...hexDecode(code.resultHash));
  const station = utf8(code.station);
  writeVarint(out, station.length);
  out.push(...station);
  const { stats, positions, rows } = code.figures;
  if (stats) {
    out.push(1);
    for (const key of STATS_KEYS) writeVarint(out, stats[key]);
  }
  for (const position of positions) {
    out.push(2);
    for (const value of [position.index, position.seats, position.invalidSections, position.unfilled]) writeVarint(out, value);
  }
  for (const run of rows) {
    out.push(3);
    for (const value of [run.position, run.first, run.rows.length]) writeVarint(out, value);
    for (const row of run.rows) {
      writeVarint(out, row.for * 4 + (row.against !== null ? 1 : 0) + (row.abstain !== null ? 2 : 0));
      if (row.against !== null) writeVarint(out, row.against);
      if (row.abstain !== null) writeVarint(out, row.abstain);
    }
  }
  return PAGE_CODE_PREFIX + base45Encode(Uint8Array.from(out));
}

/** Whether a scanned text is a page code (it may still fail to decode). */
export function isPageCodeText(text: string): boolean {
  return text.startsWith(PAGE_CODE_PREFIX);
}

/** The page code in `text`, or null when it is not a well-formed PSP1 code. */
export function decodePageCode(text: string): PageCode | null {
  if (!isPageCodeText(text)) return null;
  let bytes: Uint8Array;
  try {
    bytes = base45Decode(text.slice(PAGE_CODE_PREFIX.length));
  } catch {
    return null;
  }
  let at = 0;
  const need = (n: number): void => {
    if (at + n > bytes.length) throw new RangeError('short');
  };
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      need(1);
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 49) throw new RangeError('varint too long');
    }
  };
  try {
    need(43);
    const [round, page, pages] = [bytes[0]!, bytes[1]!, bytes[2]!];
    const electionHashPrefix = hexEncode(bytes.subarray(3, 11));
    const resultHash = hexEncode(bytes.subarray(11, 43));
    at = 43;
    const length = varint();
    need(length);
    const station = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at, at + length));
    at += length;
    let stats: StatsFigures | null = null;
    const positions: PositionFigures[] = [];
    const rows: RowsFigures[] = [];
    while (at < bytes.length) {
      const type = bytes[at++];
      if (type === 1) {
        stats = Object.fromEntries(STATS_KEYS.map((key) => [key, varint()])) as unknown as StatsFigures;
      } else if (type === 2) {
        positions.push({ index: varint(), seats: varint(), invalidSections: varint(), unfilled: varint() });
      } else if (type === 3) {
        const position = varint();
        const first = varint();
        const count = varint();
        const run: RowFigures[] = [];
        for (let i = 0; i < count; i++) {
          const head = varint();
          const flags = head % 4;
          const against = flags & 1 ? varint() : null;
          const abstain = flags & 2 ? varint() : null;
          run.push({ for: (head - flags) / 4, against, abstain });
        }
        rows.push({ position, first, rows: run });
      } else {
        return null;
      }
    }
    if (round < 1 || page < 1 || page > pages) return null;
    return { round, page, pages, electionHashPrefix, resultHash, station, figures: { stats, positions, rows } };
  } catch {
    return null;
  }
}

/** The page code of page `page` of `pages` of the sheet of `signed`, printing the figures with these ids. */
export function pageCodeOf(signed: SignedResult, page: number, pages: number, ids: ReadonlySet<string>): PageCode {
  return {
    round: signed.result.round,
    page,
    pages,
    electionHashPrefix: signed.electionHash.slice(0, 16),
    resultHash: signedResultHash(signed),
    station: signed.station,
    figures: figuresOnPage(signed.result, ids),
  };
}

/** One figure of a page as a place in the result and a value. */
export interface PageFigure {
  /** `stats.participants`, `positions[1].seats`, `positions[0].tallies[2].for` … */
  readonly path: string;
  readonly value: number | null;
  /** The position's index and the tally's row, when the figure belongs to one. */
  readonly position?: number;
  readonly row?: number;
  readonly field: string;
}

/** Every figure the page code carries, in the order the page prints them. */
export function listPageFigures(figures: PageFigures): PageFigure[] {
  const out: PageFigure[] = [];
  if (figures.stats) for (const key of STATS_KEYS) out.push({ path: `stats.${key}`, value: figures.stats[key], field: key });
  for (const position of figures.positions) {
    for (const field of ['seats', 'invalidSections', 'unfilled'] as const) {
      out.push({ path: `positions[${position.index}].${field}`, value: position[field], position: position.index, field });
    }
  }
  for (const run of figures.rows) {
    run.rows.forEach((row, offset) => {
      const at = run.first + offset;
      for (const field of ['for', 'against', 'abstain'] as const) {
        out.push({ path: `positions[${run.position}].tallies[${at}].${field}`, value: row[field], position: run.position, row: at, field });
      }
    });
  }
  return out;
}

/** The value of a page figure in the signed result (undefined: the result has no such place). */
export function resultValueOf(result: CountResult, figure: PageFigure): number | null | undefined {
  if (figure.position === undefined) return result.stats[figure.field as (typeof STATS_KEYS)[number]];
  const position = result.positions[figure.position];
  if (!position) return undefined;
  if (figure.row === undefined) return position[figure.field as 'seats' | 'invalidSections' | 'unfilled'];
  const tally = position.tallies[figure.row];
  if (!tally) return undefined;
  return tally[figure.field as 'for' | 'against' | 'abstain'] ?? null;
}

export interface PageFigureDifference {
  readonly figure: PageFigure;
  /** What the signed result says (undefined: no such place in the result). */
  readonly signed: number | null | undefined;
}

/** The figures of the page code that the signed result does not have (empty: every one matches). */
export function pageFigureDifferences(code: PageCode, signed: SignedResult): PageFigureDifference[] {
  return listPageFigures(code.figures)
    .map((figure) => ({ figure, signed: resultValueOf(signed.result, figure) }))
    .filter((entry) => entry.signed !== entry.figure.value);
}

/** Whether the page code names this signed result (hash, station, round, election). */
export function pageCodeNames(code: PageCode, signed: SignedResult): boolean {
  return (
    code.resultHash === signedResultHash(signed) &&
    code.station === signed.station &&
    code.round === signed.result.round &&
    code.electionHashPrefix === signed.electionHash.slice(0, 16)
  );
}

const FIELD_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  registeredVoters: { zh: '登记人数', en: 'registered voters' },
  participants: { zh: '参加投票人数', en: 'participants' },
  ballotsIssued: { zh: '发出选票', en: 'ballots issued' },
  ballotsRecovered: { zh: '收回选票', en: 'ballots recovered' },
  validBallots: { zh: '有效票', en: 'valid ballots' },
  invalidBallots: { zh: '无效票', en: 'invalid ballots' },
  seats: { zh: '应选名额', en: 'seats' },
  invalidSections: { zh: '本职位无效选票', en: 'invalid sections' },
  unfilled: { zh: '空缺名额', en: 'unfilled seats' },
  for: { zh: '赞成', en: 'for' },
  against: { zh: '反对', en: 'against' },
  abstain: { zh: '弃权', en: 'abstain' },
};

/** A figure named for people: "主任 王芳 赞成" / "主任 王芳 for" (names from the signed result when it has them). */
export function describeFigure(figure: PageFigure, result: CountResult | null, language: 'zh' | 'en'): string {
  const field = FIELD_NAMES[figure.field]?.[language] ?? figure.field;
  if (figure.position === undefined) return field;
  const position = result?.positions[figure.position];
  const title = position?.title ?? position?.id ?? (language === 'zh' ? `第 ${figure.position + 1} 个职位` : `position ${figure.position + 1}`);
  if (figure.row === undefined) return `${title} ${field}`;
  const name = position?.tallies[figure.row]?.name ?? (language === 'zh' ? `第 ${figure.row + 1} 行` : `row ${figure.row + 1}`);
  return `${title} ${name} ${field}`;
}
