/**
 * The app's command-line switches (pure). Unknown arguments are ignored (Chromium and Electron
 * add their own).
 *
 *   --recover-from-journal[=FILE]  rebuild the records from the journal (the data folder's, or FILE)
 *                                  into a recovery file before the app opens; the app offers to
 *                                  restore them at start (docs/ELECTRON.md "Recovery")
 *   --kiosk                        full-screen clerk window; printing goes straight to the printer
 *   --printer=NAME                 the printer for kiosk printing (default: the system's default)
 *   --projector                    open the projector window at start
 *   --lang=zh-CN|en                the menu language (default: the last one chosen, else zh-CN)
 *   --allow-unprotected-keys       where the OS cannot encrypt the keys, keep them in 0600 files
 *                                  (else the app refuses to start); every sheet then says so
 */
export type MenuLanguage = 'zh-CN' | 'en';

export interface AppArgs {
  /** null: no recovery; '': the data folder's journal; else the journal file given. */
  readonly recoverFromJournal: string | null;
  readonly kiosk: boolean;
  readonly printer: string | null;
  readonly projector: boolean;
  readonly lang: MenuLanguage | null;
  readonly allowUnprotectedKeys: boolean;
}

export function parseAppArgs(argv: readonly string[]): AppArgs {
  let recoverFromJournal: string | null = null;
  let kiosk = false;
  let printer: string | null = null;
  let projector = false;
  let lang: MenuLanguage | null = null;
  let allowUnprotectedKeys = false;
  for (const arg of argv) {
    const [name, ...rest] = arg.split('=');
    const value = rest.length > 0 ? rest.join('=') : null;
    switch (name) {
      case '--recover-from-journal':
        recoverFromJournal = value ?? '';
        break;
      case '--kiosk':
        kiosk = true;
        break;
      case '--printer':
        printer = value && value.trim() !== '' ? value : null;
        break;
      case '--projector':
        projector = true;
        break;
      case '--allow-unprotected-keys':
        allowUnprotectedKeys = true;
        break;
      case '--lang':
        lang = value === 'en' ? 'en' : value === 'zh-CN' || value === 'zh' ? 'zh-CN' : lang;
        break;
    }
  }
  return { recoverFromJournal, kiosk, printer, projector, lang, allowUnprotectedKeys };
}
