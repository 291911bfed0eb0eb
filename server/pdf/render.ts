/**
 * pdfmake 0.3 in Node: document definition → PDF bytes, for the station (main/services/pdf,
 * main/services/handover.ts) and the district server (server/preElection/papers/) alike. The
 * definitions are shared/sheets'; the font loading is Node IO, so it lives here once, beside
 * server/http, the other Node toolkit main may import (eslint.config.js: `server-pdf`).
 * The fonts are the Noto Sans SC TTFs of `@expo-google-fonts/noto-sans-sc` (OFL), read from
 * node_modules; pdfmake subsets them, so a sheet is tens of KB. Identical definitions give
 * byte-identical PDFs (the sheets fix `info.creationDate`, from which pdfkit also derives the
 * trailer /ID).
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { SHEET_FONT } from '../../shared/sheets/layout';

const require = createRequire(import.meta.url);

/** The folder of the font package (inside the app's node_modules, or its asar in Electron). */
export function fontPackageDir(): string {
  return dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
}

export function fontFiles(): { regular: string; bold: string } {
  const dir = fontPackageDir();
  return {
    regular: join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'),
    bold: join(dir, '700Bold', 'NotoSansSC_700Bold.ttf'),
  };
}

interface PdfMake {
  setFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (path: string) => boolean): void;
  createPdf(definition: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let ready: PdfMake | undefined;

function pdfmake(): PdfMake {
  if (ready) return ready;
  const instance = require('pdfmake') as PdfMake;
  const fonts = fontFiles();
  const allowed = resolve(fontPackageDir()) + sep;
  instance.setUrlAccessPolicy(() => false);
  instance.setLocalAccessPolicy((path) => resolve(path).startsWith(allowed));
  instance.setFonts({ [SHEET_FONT]: { normal: fonts.regular, bold: fonts.bold, italics: fonts.regular, bolditalics: fonts.bold } });
  ready = instance;
  return instance;
}

/** The PDF of a document definition (pdfmake is a process-wide singleton; calls may overlap). */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  const bytes = await pdfmake().createPdf(definition).getBuffer();
  return Buffer.from(bytes);
}
