/**
 * Printing the sheet PDFs: shown in a window of its own (Chromium's PDF viewer, no preload) and
 * printed with the system dialog, or straight to a printer for kiosk use; "save as" with the
 * system's save dialog. The PDF is a path or bytes from main (the stored sheet, or one another
 * module produced); it is served to the window as `app://station/print/TOKEN.pdf`.
 *
 * webContents.print() of a PDF printed blank pages before Electron 30–32 (electron/electron
 * #30947, fixed by #43309); this app requires a later Electron.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { app, BrowserWindow, dialog, type WebContentsPrintOptions } from 'electron';
import { writeFileAtomic } from '../services/atomicFile';
import { appUrl, webPreferencesFor } from './security';

export type PdfSource = { readonly path: string } | { readonly bytes: Uint8Array; readonly name?: string };

export interface PrintOptions {
  /** Straight to the printer, no dialog (kiosk). */
  readonly silent?: boolean;
  /** The system name of the printer (silent printing; default: the system's default printer). */
  readonly deviceName?: string;
  readonly copies?: number;
}

export interface PrintingDeps {
  /** The map the app:// handler serves `print/TOKEN.pdf` from. */
  readonly printJobs: Map<string, Uint8Array>;
  readonly preload: string;
  readonly packaged: boolean;
}

function bytesOf(pdf: PdfSource): Uint8Array {
  const bytes = 'path' in pdf ? readFileSync(pdf.path) : pdf.bytes;
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') throw new Error('not a PDF file');
  return bytes;
}

function nameOf(pdf: PdfSource): string {
  return 'path' in pdf ? basename(pdf.path) : (pdf.name ?? 'document.pdf');
}

export function createPrinting(deps: PrintingDeps) {
  function register(bytes: Uint8Array): string {
    const token = randomBytes(18).toString('base64url');
    deps.printJobs.set(token, bytes);
    return token;
  }

  /** A window showing the PDF (hidden for silent printing); the job is forgotten when it closes. */
  async function pdfWindow(pdf: PdfSource, options: { show: boolean; title: string; parent?: BrowserWindow }): Promise<BrowserWindow> {
    const token = register(bytesOf(pdf));
    const window = new BrowserWindow({
      width: 900,
      height: 1100,
      show: options.show,
      title: options.title,
      autoHideMenuBar: true,
      ...(options.parent ? { parent: options.parent } : {}),
      webPreferences: webPreferencesFor('sheet', { preload: deps.preload, packaged: deps.packaged }),
    });
    window.on('closed', () => deps.printJobs.delete(token));
    await window.loadURL(appUrl(`print/${token}.pdf`));
    return window;
  }

  function print(window: BrowserWindow, options: PrintOptions): Promise<void> {
    const settings: WebContentsPrintOptions = {
      silent: options.silent === true,
      printBackground: true,
      ...(options.deviceName ? { deviceName: options.deviceName } : {}),
      ...(options.copies ? { copies: options.copies } : {}),
    };
    return new Promise((resolve, reject) => {
      window.webContents.print(settings, (success, failureReason) => {
        if (success) resolve();
        else reject(new Error(`printing failed: ${failureReason}`));
      });
    });
  }

  return {
    /** Shows the PDF in a window of its own (the clerk can print or save it from there). */
    showPdf: (pdf: PdfSource, title: string, parent?: BrowserWindow) => pdfWindow(pdf, { show: true, title, ...(parent ? { parent } : {}) }),

    /** Prints the PDF: the system dialog over a window showing it, or silently (kiosk) from a hidden one. */
    async printPdf(pdf: PdfSource, options: PrintOptions & { readonly title: string; readonly parent?: BrowserWindow }): Promise<void> {
      const window = await pdfWindow(pdf, { show: options.silent !== true, title: options.title, ...(options.parent ? { parent: options.parent } : {}) });
      try {
        await print(window, options);
      } finally {
        if (options.silent === true) window.destroy();
      }
    },

    /** "Save as": the system's save dialog; returns the path written, or null when cancelled. */
    async savePdfAs(pdf: PdfSource, options: { readonly title: string; readonly defaultName?: string; readonly parent?: BrowserWindow }): Promise<string | null> {
      const bytes = bytesOf(pdf);
      const dialogOptions = {
        title: options.title,
        defaultPath: join(app.getPath('documents'), options.defaultName ?? nameOf(pdf)),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'>,
      };
      const choice = options.parent ? await dialog.showSaveDialog(options.parent, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
      if (choice.canceled || !choice.filePath) return null;
      const target = /\.pdf$/i.test(choice.filePath) ? choice.filePath : `${choice.filePath}.pdf`;
      writeFileAtomic(target, bytes, { mode: 0o644 });
      return target;
    },
  };
}

export type Printing = ReturnType<typeof createPrinting>;
