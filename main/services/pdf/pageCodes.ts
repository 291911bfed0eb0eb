/**
 * Every page of a result sheet carries its own page code (shared/sheets/pageCode.ts): which
 * sheet and page it is, the SHA-256 of the signed result, and the figures printed on that page.
 *
 * Which figures land on which page is pdfmake's layout. pdfmake lays out all the content first
 * and only then asks the footer of each page — and it lays out the definition's own node
 * objects, noting on each the pages it was placed on (`positions`). So the footer of page p
 * looks at the nodes the sheet marked with figure ids, takes those placed on page p, and draws
 * that page's code in the bottom-right corner: one layout, no second pass. The bottom margin
 * makes room for a code of a given version; a page whose code needs more is laid out again with
 * a larger reserve. Every code is decoded once drawn, like the sheet's other codes (qrCheck.ts).
 */
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { SignedResult } from '../../../shared/election/schemas';
import { QR_MODULE_PT, QR_QUIET_MODULES, qrCodes } from '../../../shared/sheets/layout';
import { encodePageCode, pageCodeOf } from '../../../shared/sheets/pageCode';
import { qrMatrix, qrPngDataUrl } from '../../../shared/sheets/qrImage';
import { qrVersionFor } from '../../../shared/sheets/qrPayload';
import { readMatrix, UnreadableSheetCodes } from './qrCheck';
import { renderPdf } from '../../../server/pdf/render';

/** The smallest code the layout makes room for; a page that needs more gets a larger reserve. */
const MIN_VERSION = 7;
const MAX_VERSION = 17;
/** Space between the code and the page's lower edge, and between the code and the content. */
const EDGE_GAP = 8;
const CONTENT_GAP = 4;

/** The side of a code of `version`, in points, quiet zone included. */
export function pageCodeSide(version: number): number {
  return (17 + 4 * version + 2 * QR_QUIET_MODULES) * QR_MODULE_PT;
}

type Margins = [number, number, number, number];
type Footer = TDocumentDefinitions['footer'];

function marginsOf(definition: TDocumentDefinitions): Margins {
  const margins = definition.pageMargins;
  if (Array.isArray(margins) && margins.length === 4) return margins;
  throw new Error('page codes: the sheet must give four page margins');
}

interface FigureNode {
  readonly id: string;
  /** Filled in by pdfmake as it places the node. */
  readonly positions?: readonly { readonly pageNumber: number }[];
}

/** The nodes of the content that the sheet marked with a figure id (a walk over plain objects and arrays). */
function figureNodes(content: unknown): FigureNode[] {
  const found: FigureNode[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as Record<string, unknown>;
    if (typeof node.id === 'string' && node.id.startsWith('figures.')) found.push(node as unknown as FigureNode);
    for (const key of Object.keys(node)) if (key !== 'positions') visit(node[key]);
  };
  visit(content);
  return found;
}

/**
 * The sheet's footer without its own right margin: the code's column keeps it clear of the code,
 * and the footer's line ("… 第 1 页　共 2 页") keeps the width it had beside it.
 */
function narrowRight<T>(content: T): T {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return content;
  const margin = (content as { margin?: unknown }).margin;
  if (!Array.isArray(margin) || margin.length !== 4) return content;
  return { ...content, margin: [margin[0], margin[1], 0, margin[3]] };
}

interface Drawn {
  readonly texts: string[];
  /** The largest version a page needed (more than reserved: lay out again). */
  needed: number;
}

/** The definition with room for a code of `version` at the foot of every page, each page's code drawn there. */
function withPageCodes(definition: TDocumentDefinitions, signed: SignedResult, version: number, drawn: Drawn): TDocumentDefinitions {
  const side = pageCodeSide(version);
  const original = marginsOf(definition);
  const margins: Margins = [original[0], original[1], original[2], Math.max(original[3], CONTENT_GAP + side + EDGE_GAP)];
  const nodes = figureNodes(definition.content);
  const footer: Footer = definition.footer;
  const quiet = QR_QUIET_MODULES * QR_MODULE_PT;
  return {
    ...definition,
    pageMargins: margins,
    footer: (page, pages, size) => {
      const text = narrowRight(typeof footer === 'function' ? footer(page, pages, size) : footer);
      const ids = new Set(nodes.filter((node) => node.positions?.some((at) => at.pageNumber === page)).map((node) => node.id));
      const code = encodePageCode(pageCodeOf(signed, page, pages, ids));
      drawn.texts[page - 1] = code;
      const needed = qrVersionFor(code.length);
      drawn.needed = Math.max(drawn.needed, needed);
      const codeSide = pageCodeSide(needed);
      // The footer's text on the left, the code at the right edge (its quiet zone in the margin).
      return {
        margin: [0, 0, margins[2] - quiet, 0],
        columns: [
          { width: '*', stack: text ? [text] : [] },
          needed > version ? { width: side, text: '' } : { width: codeSide, image: qrPngDataUrl(code, needed, QR_QUIET_MODULES), fit: [codeSide, codeSide], margin: [0, CONTENT_GAP + side - codeSide, 0, 0] },
        ],
      };
    },
  };
}

/**
 * The PDF of a result sheet (`build` makes its definition, again if a page needs a larger code)
 * with a page code on every page. Throws UnreadableSheetCodes if a page code does not read back.
 */
export async function renderWithPageCodes(build: () => TDocumentDefinitions, signed: SignedResult): Promise<Buffer> {
  let version = MIN_VERSION;
  for (;;) {
    const drawn: Drawn = { texts: [], needed: 0 };
    const pdf = await renderPdf(withPageCodes(build(), signed, version, drawn));
    if (drawn.needed > MAX_VERSION) throw new Error(`page codes: a page prints too many figures for one code (version ${drawn.needed})`);
    if (drawn.needed > version) {
      version = drawn.needed;
      continue;
    }
    const sheetCodes = qrCodes(signed).specs.length;
    const unreadable = drawn.texts.flatMap((text, i) => (readMatrix(qrMatrix(text, qrVersionFor(text.length))) === text ? [] : [sheetCodes + i + 1]));
    if (unreadable.length > 0) throw new UnreadableSheetCodes(unreadable, sheetCodes + drawn.texts.length);
    return pdf;
  }
}
