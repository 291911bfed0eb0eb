/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * item by item, asserted on the values and functions the app runs (main/electron/security.ts
 * and guards.ts are pure: no Electron needed). Items 16 (a current Electron) and 19 (fuses)
 * are checked in builderConfig.test.ts; item 17 (IPC senders) also in ipc.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { hardenContents, lockDownSession, type GuardedContents, type GuardedSession } from '../../../main/electron/guards';
import {
  APP_ORIGIN,
  appUrl,
  contentSecurityPolicy,
  isAppUrl,
  isTrustedSender,
  parseCsp,
  PRIVILEGED_SCHEMES,
  SYNC_CONNECT_SOURCES,
  webPreferencesFor,
  type WindowKind,
} from '../../../main/electron/security';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const KINDS: WindowKind[] = ['clerk', 'projector', 'sheet'];
const packagedOptions = { preload: '/app/preload.cjs', packaged: true };

describe('every window (checklist 2–4, 6, 8–10, 12, 20)', () => {
  for (const kind of KINDS) {
    it(`${kind}: isolated, sandboxed, no Node, web security on, nothing experimental or insecure`, () => {
      const prefs = webPreferencesFor(kind, packagedOptions);
      expect(prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        devTools: false,
      });
      expect(prefs).not.toHaveProperty('enableBlinkFeatures');
      expect(prefs).not.toHaveProperty('partition');
      expect(prefs).not.toHaveProperty('session');
      expect(prefs).not.toHaveProperty('additionalArguments');
    });
  }

  it('devtools only when not packaged; the preload only for the windows of the app (the sheet window has none)', () => {
    expect(webPreferencesFor('clerk', { ...packagedOptions, packaged: false }).devTools).toBe(true);
    expect(webPreferencesFor('clerk', packagedOptions).preload).toBe('/app/preload.cjs');
    expect(webPreferencesFor('projector', packagedOptions).preload).toBe('/app/preload.cjs');
    expect(webPreferencesFor('sheet', packagedOptions)).not.toHaveProperty('preload');
  });
});

describe('content from the app scheme only (checklist 1, 18)', () => {
  it('registers app:// as a standard, secure scheme that never bypasses the CSP', () => {
    expect(PRIVILEGED_SCHEMES).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false, corsEnabled: false, allowServiceWorkers: false }) },
    ]);
    expect(APP_ORIGIN).toBe('app://station');
    expect(appUrl()).toBe('app://station/index.html');
    expect(appUrl('index.html', '#/projector')).toBe('app://station/index.html#/projector');
  });

  it('isAppUrl: only app://station, not http(s), file, another host or credentials', () => {
    for (const url of ['app://station/', 'app://station/index.html#/projector', 'app://station/sheets/x.pdf']) expect(isAppUrl(url), url).toBe(true);
    for (const url of [
      'http://127.0.0.1:5417/',
      'https://station/',
      'file:///etc/passwd',
      'app://other/index.html',
      'app://station.evil/',
      'app://user:pw@station/',
      'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html',
      'javascript:alert(1)',
      'data:text/html,hi',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('the main process never loads http, file or remote content (source check of main/electron)', () => {
    for (const file of ['main.ts', 'windows.ts', 'printing.ts']) {
      const source = readFileSync(join(ROOT, 'main/electron', file), 'utf8');
      expect(source, file).not.toMatch(/loadURL\(\s*['"`](https?|file):/);
      expect(source, file).not.toMatch(/loadFile\(/);
      expect(source, file).not.toMatch(/openExternal\(/); // checklist 15
    }
    const main = readFileSync(join(ROOT, 'main/electron/main.ts'), 'utf8');
    expect(main).toContain('app.enableSandbox()');
    expect(main).toContain('protocol.registerSchemesAsPrivileged([...PRIVILEGED_SCHEMES])');
    expect(main).toMatch(/app\.on\('web-contents-created', \(_event, contents\) => hardenContents\(contents/);
    expect(main).toContain('lockDownDefaultSession(log)');
  });
});

describe('Content-Security-Policy (checklist 7)', () => {
  const header = parseCsp(contentSecurityPolicy());
  const metaPolicy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync(join(ROOT, 'renderer/index.html'), 'utf8'))?.[1];

  it('is strict: scripts, styles, frames, images only from the app; no eval; no objects, base or form targets; not framable', () => {
    expect(header.get('default-src')).toEqual(["'self'"]);
    expect(header.get('script-src')).toEqual(["'self'"]);
    expect(header.get('object-src')).toEqual(["'none'"]);
    expect(header.get('base-uri')).toEqual(["'none'"]);
    expect(header.get('form-action')).toEqual(["'none'"]);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [name, sources] of header) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).not.toMatch(/unsafe-eval|wasm-unsafe-eval|^\*|^file:|^ws/);
        if (name !== 'style-src') expect(source, name).not.toBe("'unsafe-inline'");
        // Only the sync's data connections may leave the app (the district server, docs/SYNC.md).
        if (name !== 'connect-src') expect(source, `${name} ${source}`).not.toMatch(/^https?:/);
      }
    }
    expect(header.get('connect-src')).toEqual(["'self'", ...SYNC_CONNECT_SOURCES]);
    expect(parseCsp(contentSecurityPolicy({ connect: ['https://district.example'] })).get('connect-src')).toEqual(["'self'", 'https://district.example']);
  });

  it('keeps every directive of renderer/index.html\'s meta policy as it is (the page needs exactly those)', () => {
    expect(metaPolicy, 'renderer/index.html has a CSP meta tag').toBeTruthy();
    const meta = parseCsp(metaPolicy!);
    for (const [name, sources] of meta) {
      expect(header.get(name), `${name}: the header must allow what the page's meta allows (and no more) — update contentSecurityPolicy() with index.html`).toEqual(sources);
    }
  });
});

describe('navigation, new windows, webviews (checklist 11–14)', () => {
  function fakeContents() {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
    const contents: GuardedContents = {
      on: ((event: string, listener: (...args: unknown[]) => void) => listeners.set(event, listener)) as GuardedContents['on'],
      setWindowOpenHandler: (handler) => {
        openHandler = handler;
      },
    };
    return { contents, listeners, open: (url: string) => openHandler!({ url }) };
  }

  it('navigation and redirects away from the app are prevented; within the app they go on', () => {
    const { contents, listeners } = fakeContents();
    hardenContents(contents, { openSheetUrl: vi.fn(), log: vi.fn() });
    for (const event of ['will-navigate', 'will-redirect']) {
      for (const [url, blocked] of [
        ['https://example.com/', true],
        ['http://127.0.0.1:5417/', true],
        ['file:///etc/passwd', true],
        ['app://station/index.html#/projector', false],
      ] as const) {
        const preventDefault = vi.fn();
        listeners.get(event)!({ preventDefault }, url);
        expect(preventDefault, `${event} ${url}`).toHaveBeenCalledTimes(blocked ? 1 : 0);
      }
    }
    const preventDefault = vi.fn();
    listeners.get('will-attach-webview')!({ preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });

  it('window.open is always denied; a link to a stored sheet makes main show it in its own window', () => {
    const { contents, open } = fakeContents();
    const openSheetUrl = vi.fn();
    hardenContents(contents, { openSheetUrl, log: vi.fn() });
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open('app://station/index.html')).toEqual({ action: 'deny' });
    expect(openSheetUrl).not.toHaveBeenCalled();
    expect(open('app://station/sheets/abc.pdf')).toEqual({ action: 'deny' });
    expect(openSheetUrl).toHaveBeenCalledWith('app://station/sheets/abc.pdf');
  });
});

describe('permissions and downloads (checklist 5)', () => {
  it('denies every permission request, check and device; downloads only the app\'s own files', () => {
    let request: Parameters<GuardedSession['setPermissionRequestHandler']>[0] | null = null;
    let check: (() => boolean) | null = null;
    let device: (() => boolean) | null = null;
    let download: ((event: unknown, item: { getURL(): string; cancel(): void; setSaveDialogOptions(o: unknown): void }) => void) | null = null;
    const ses: GuardedSession = {
      setPermissionRequestHandler: (handler) => (request = handler),
      setPermissionCheckHandler: (handler) => (check = handler),
      setDevicePermissionHandler: (handler) => (device = handler),
      on: ((_event: string, listener: typeof download) => (download = listener)),
    };
    lockDownSession(ses, vi.fn());
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      request!({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
    expect(check!()).toBe(false);
    expect(device!()).toBe(false);
    const foreign = { getURL: () => 'https://example.com/x.exe', cancel: vi.fn(), setSaveDialogOptions: vi.fn() };
    download!({}, foreign);
    expect(foreign.cancel).toHaveBeenCalled();
    const own = { getURL: () => 'app://station/sheets/abc.pdf', cancel: vi.fn(), setSaveDialogOptions: vi.fn() };
    download!({}, own);
    expect(own.cancel).not.toHaveBeenCalled();
    expect(own.setSaveDialogOptions).toHaveBeenCalled();
  });
});

describe('IPC senders (checklist 17)', () => {
  it('only the top frame of an app page', () => {
    expect(isTrustedSender({ url: 'app://station/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://station/index.html#/projector', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://station/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/x.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
