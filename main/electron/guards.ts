/**
 * The rules every web contents and the session get, as functions over the few Electron calls
 * they use (structural types, no electron import): tests run them with fakes.
 * - navigation and redirects only within the app; no webview;
 * - no window.open — a link to a stored sheet (`app://station/sheets/…`) makes main show it
 *   in its own sheet window instead;
 * - every permission request and check denied, USB/HID/serial devices too;
 * - a download only of the app's own content (the sheet's "save" link), with the save dialog.
 */
import { isAppUrl } from './security';

type Log = (message: string) => void;

interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's WebContents the rules use. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function hardenContents(contents: GuardedContents, deps: { readonly openSheetUrl: (url: string) => void; readonly log: Log }): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      deps.log(`navigation blocked: ${url}`);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      deps.log(`redirect blocked: ${url}`);
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.log('webview blocked');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAppUrl(url) && new URL(url).pathname.startsWith('/sheets/')) deps.openSheetUrl(url);
    else deps.log(`window.open blocked: ${url}`);
    return { action: 'deny' };
  });
}

interface DownloadItemLike {
  getURL(): string;
  cancel(): void;
  setSaveDialogOptions(options: { title: string; filters: Array<{ name: string; extensions: string[] }> }): void;
}

/** The part of Electron's Session the rules use. */
export interface GuardedSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  on(event: 'will-download', listener: (event: unknown, item: DownloadItemLike) => void): unknown;
}

export function lockDownSession(ses: GuardedSession, log: Log): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`permission request denied: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (_event, item) => {
    if (!isAppUrl(item.getURL())) {
      log(`download refused: ${item.getURL()}`);
      item.cancel();
      return;
    }
    item.setSaveDialogOptions({ title: '另存为 / Save as', filters: [{ name: 'PDF', extensions: ['pdf'] }] });
  });
}
