/**
 * The app's windows: the clerk's, a second entry desk, the projector (a second display if
 * there is one). Every web contents also gets the rules of guards.ts (main.ts).
 */
import { BrowserWindow, screen, session } from 'electron';
import type { MenuLanguage } from './args';
import { lockDownSession } from './guards';
import { projectorPlacement, windowTitle } from './layout';
import { appUrl, webPreferencesFor, type WindowKind } from './security';

export interface WindowDeps {
  readonly preload: string;
  readonly packaged: boolean;
  readonly kiosk: boolean;
  readonly language: () => MenuLanguage;
  readonly log: (message: string) => void;
}

function titled(window: BrowserWindow, kind: WindowKind, deps: WindowDeps): void {
  window.setTitle(windowTitle(kind, '', deps.language()));
  window.on('page-title-updated', (event, title) => {
    event.preventDefault();
    window.setTitle(windowTitle(kind, title, deps.language()));
  });
}

function appWindow(kind: 'clerk' | 'projector', hash: string, options: Electron.BrowserWindowConstructorOptions, deps: WindowDeps): BrowserWindow {
  const window = new BrowserWindow({
    show: false,
    backgroundColor: '#ffffff',
    ...options,
    webPreferences: webPreferencesFor(kind, { preload: deps.preload, packaged: deps.packaged }),
  });
  titled(window, kind, deps);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl('index.html', hash)).catch((error: unknown) => deps.log(`${kind} window: ${(error as Error).message}`));
  return window;
}

/** The clerk's window (the whole polling day). */
export function createClerkWindow(deps: WindowDeps): BrowserWindow {
  return appWindow('clerk', '', { width: 1280, height: 860, minWidth: 960, minHeight: 600, ...(deps.kiosk ? { kiosk: true } : {}) }, deps);
}

/** The second entry desk of a double entry (`#/entry-b`). */
export function createEntryBWindow(deps: WindowDeps): BrowserWindow {
  return appWindow('clerk', '#/entry-b', { width: 1100, height: 800 }, deps);
}

/** The room's view (`#/projector`): full screen on a second display if there is one, else a window. */
export function createProjectorWindow(deps: WindowDeps, clerk: BrowserWindow | null): BrowserWindow {
  const clerkDisplay = clerk ? screen.getDisplayMatching(clerk.getBounds()) : screen.getPrimaryDisplay();
  const placement = projectorPlacement(screen.getAllDisplays(), clerkDisplay.id);
  const window = appWindow('projector', '#/projector', { ...placement.bounds, fullscreen: placement.fullscreen, autoHideMenuBar: true }, deps);
  window.setMenuBarVisibility(false);
  return window;
}

/** The default session, locked down (call once after ready). */
export function lockDownDefaultSession(log: (message: string) => void): void {
  lockDownSession(session.defaultSession, log);
}
