/**
 * Every page of a result sheet carries its own page code (shared/sheets/pageCode.ts): which
 * sheet and page it is, the SHA-256 of the signed result, and the figures printed on that page.
 *
 * Which figures land on which page is pdfmake's layout, so the sheet is laid out twice: the
 * first pass records, through pdfmake's `pageBreakBefore` hook (which sees every laid-out node
 * and its pages, and changes nothing when it answers false), the page of every node the sheet
 * marks with a figure id; the second pass draws each page's code in the bottom-right corner as
 * a background image. Backgrounds are absolutely positioned, and the bottom margin that makes
 * room for the code is the same in both passes, so the second layout is the first one: this is
 * checked, not assumed. Every code is decoded once drawn, like the sheet's other codes (qrCheck.ts).
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { SignedResult } from '../../../shared/election/schemas';
import { QR_MODULE_PT, QR_QUIET_MODULES, qrCodes } from '../../../shared/sheets/layout';
import { encodePageCode, pageCodeOf } from '../../../shared/sheets/pageCode';
import { qrMatrix, qrPngDataUrl } from '../../../shared/sheets/qrImage';
import { qrVersionFor } from '../../../shared/sheets/qrPayload';
import { readMatrix, UnreadableSheetCodes } from './qrCheck';
import { renderPdf } from './render';

/** The smallest code the layout makes room for; a page that needs more gets a larger reserve. */
const MIN_VERSION = 6;
const MAX_VERSION = 17;
/** Space between the code and the page's lower edge, and between the code and the content. */
const EDGE_GAP = 8;
const CONTENT_GAP = 4;
const A4_HEIGHT = 841.89;
const A4_WIDTH = 595.28;

/** The side of a code of `version`, in points, quiet zone included. */
export function pageCodeSide(version: number): number {
  return (17 + 4 * version + 2 * QR_QUIET_MODULES) * QR_MODULE_PT;
}

type Margins = [number, number, number, number];

function marginsOf(definition: TDocumentDefinitions): Margins {
  const margins = definition.pageMargins;
  if (Array.isArray(margins) && margins.length === 4) return margins;
  throw new Error('page codes: the sheet must give four page margins');
}

/** The definition with room for a code of `version` at the foot of every page, and the footer kept clear of it. */
function withReserve(definition: TDocumentDefinitions, version: number): { definition: TDocumentDefinitions; margins: Margins; side: number } {
  const side = pageCodeSide(version);
  const original = marginsOf(definition);
  const margins: Margins = [original[0], original[1], original[2], Math.max(original[3], CONTENT_GAP + side + EDGE_GAP)];
  const footer = definition.footer;
  const quiet = QR_QUIET_MODULES * QR_MODULE_PT;
  const clearOfCode = (content: Content | null | undefined): Content => ({ margin: [0, 0, side - quiet + 6, 0], stack: content ? [content] : [] });
  return {
    definition: {
      ...definition,
      pageMargins: margins,
      ...(typeof footer === 'function'
        ? { footer: (page: number, pages: number, size: Parameters<typeof footer>[2]) => clearOfCode(footer(page, pages, size)) }
        : footer !== undefined
          ? { footer: clearOfCode(footer) }
          : {}),
    },
    margins,
    side,
  };
}

type Layout = { pages: number; ids: Map<number, Set<string>> };

/** A `pageBreakBefore` hook that notes, per page (1-based), the figure ids printed there, and never breaks. */
function recorder(into: Layout): NonNullable<TDocumentDefinitions['pageBreakBefore']> {
  return (node) => {
    const info = node as { id?: string; pageNumbers: number[]; pages: number };
    into.pages = Math.max(into.pages, info.pages);
    if (typeof info.id === 'string' && info.id.startsWith('figures.')) {
      for (const page of info.pageNumbers) {
        if (!into.ids.has(page)) into.ids.set(page, new Set());
        into.ids.get(page)!.add(info.id);
      }
    }
    return false;
  };
}

/** Lay the definition out and report which figure ids each page prints. */
async function figurePages(definition: TDocumentDefinitions): Promise<Layout> {
  const layout: Layout = { pages: 0, ids: new Map() };
  await renderPdf({ ...definition, pageBreakBefore: recorder(layout) });
  return layout;
}

function sameLayout(a: Map<number, Set<string>>, b: Map<number, Set<string>>): boolean {
  if (a.size !== b.size) return false;
  for (const [page, ids] of a) {
    const other = b.get(page);
    if (!other || other.size !== ids.size || [...ids].some((id) => !other.has(id))) return false;
  }
  return true;
}

/**
 * The PDF of a result sheet (`build` makes its definition; it is called once per pass) with a
 * page code on every page. Throws UnreadableSheetCodes if a page code does not read back.
 */
export async function renderWithPageCodes(build: () => TDocumentDefinitions, signed: SignedResult): Promise<Buffer> {
  let version = MIN_VERSION;
  for (;;) {
    const reserved = withReserve(build(), version);
    const layout = await figurePages(reserved.definition);
    const texts = Array.from({ length: layout.pages }, (_, i) => encodePageCode(pageCodeOf(signed, i + 1, layout.pages, layout.ids.get(i + 1) ?? new Set())));
    const needed = Math.max(...texts.map((text) => qrVersionFor(text.length)));
    if (needed > MAX_VERSION) throw new Error(`page codes: a page prints too many figures for one code (version ${needed})`);
    if (needed > version) {
      version = needed;
      continue;
    }
    const versions = texts.map((text) => qrVersionFor(text.length));
    const sheetCodes = qrCodes(signed).specs.length;
    const unreadable = texts.flatMap((text, i) => (readMatrix(qrMatrix(text, versions[i]!)) === text ? [] : [sheetCodes + i + 1]));
    if (unreadable.length > 0) throw new UnreadableSheetCodes(unreadable, sheetCodes + texts.length);
    const { margins } = reserved;
    const quiet = QR_QUIET_MODULES * QR_MODULE_PT;
    const final = withReserve(build(), version).definition;
    const prior = final.background;
    final.background = (page: number, size: Parameters<Exclude<TDocumentDefinitions['background'], Content | undefined>>[1]): Content => {
      const text = texts[page - 1];
      const under = typeof prior === 'function' ? prior(page, size) : prior;
      if (text === undefined) return under ?? '';
      const side = pageCodeSide(versions[page - 1]!);
      const code: Content = {
        image: qrPngDataUrl(text, versions[page - 1]!, QR_QUIET_MODULES),
        width: side,
        height: side,
        absolutePosition: { x: A4_WIDTH - margins[2] + quiet - side, y: A4_HEIGHT - EDGE_GAP - side },
      };
      return under ? { stack: [under, code] } : code;
    };
    // The final render records its layout too (the hook answers false: the bytes are the same).
    const check = { pages: 0, ids: new Map<number, Set<string>>() };
    const pdf = await renderPdf({ ...final, pageBreakBefore: recorder(check) });
    if (check.pages !== layout.pages || !sameLayout(check.ids, layout.ids)) throw new Error('page codes: the sheet laid out differently with its page codes');
    return pdf;
  }
}
