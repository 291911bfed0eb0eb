/**
 * The main process's start-up with a fake `electron` module (no binary here): the sandbox and
 * the app scheme before `ready`, one instance only, the app:// handler, the locked-down session,
 * the sealed station key under userData, the bridge's IPC handlers, the clerk's window with the
 * hardened webPreferences on app://station, the menu, the projector on the second display,
 * window titles, `--recover-from-journal`, and the journal closed on quit.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener) {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
  }
  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    title = '';
    url = '';
    destroyed = false;
    readonly printed: unknown[] = [];
    readonly webContents = Object.assign(new Emitter(), {
      getURL: () => this.url,
      executeJavaScript: async () => undefined,
      reload: () => undefined,
      print: (options: unknown, callback: (ok: boolean, reason: string) => void) => {
        this.printed.push(options);
        callback(true, '');
      },
    });
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    async loadURL(url: string) {
      this.url = url;
    }
    setTitle(title: string) {
      this.title = title;
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    setMenuBarVisibility() {}
    getBounds() {
      return { x: 0, y: 0, width: 1280, height: 860 };
    }
    close() {
      this.destroyed = true;
      windows.splice(windows.indexOf(this), 1);
      this.emit('closed');
    }
    destroy() {
      this.close();
    }
    static getAllWindows() {
      return [...windows];
    }
  }
  const app = Object.assign(new Emitter(), {
    paths: new Map<string, string>(),
    appPath: '',
    isPackaged: false,
    calls: [] as string[],
    ready: null as null | (() => void),
    setPath(name: string, value: string) {
      app.paths.set(name, value);
      app.calls.push(`setPath ${name}`);
    },
    getPath: (name: string) => app.paths.get(name) ?? `/nonexistent/${name}`,
    getAppPath: () => app.appPath,
    getVersion: () => '0.1.0',
    enableSandbox: () => app.calls.push('enableSandbox'),
    requestSingleInstanceLock: () => {
      app.calls.push('requestSingleInstanceLock');
      return true;
    },
    whenReady: () => new Promise<void>((resolve) => (app.ready = resolve)),
    quit: () => app.calls.push('quit'),
    exit: (code: number) => app.calls.push(`exit ${code}`),
  });
  const handlers: Record<string, Listener> = {};
  const session = Object.assign(new Emitter(), {
    handlers,
    setPermissionRequestHandler: (h: Listener) => (session.handlers.request = h),
    setPermissionCheckHandler: (h: Listener) => (session.handlers.check = h),
    setDevicePermissionHandler: (h: Listener) => (session.handlers.device = h),
  });
  const KEY = 0x5a;
  return {
    windows,
    app,
    session,
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, Listener>(),
    menus: [] as MenuItemConstructorOptions[][],
    messages: [] as Array<Record<string, unknown>>,
    saveTo: null as string | null,
    errors: [] as string[],
    electron: {
      app,
      BrowserWindow: FakeWindow,
      session: { defaultSession: session },
      screen: {
        getAllDisplays: () => [
          { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
          { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 720 }, workArea: { x: 1920, y: 0, width: 1280, height: 720 } },
        ],
        getPrimaryDisplay: () => ({ id: 1 }),
        getDisplayMatching: () => ({ id: 1 }),
      },
      safeStorage: {
        isAsyncEncryptionAvailable: async () => true,
        getSelectedStorageBackend: () => 'gnome_libsecret',
        encryptStringAsync: async (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ KEY)),
        decryptStringAsync: async (data: Buffer) => ({ result: Buffer.from(data.map((b) => b ^ KEY)).toString('utf8'), shouldReEncrypt: false }),
      },
    },
  };
});

vi.mock('electron', () => ({
  ...fake.electron,
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => fake.schemes.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => fake.protocolHandlers.set(scheme, handler),
  },
  ipcMain: {
    handle: (channel: string, listener: (...args: unknown[]) => unknown) => fake.ipcHandlers.set(channel, listener),
    removeHandler: (channel: string) => fake.ipcHandlers.delete(channel),
  },
  Menu: {
    buildFromTemplate: (template: MenuItemConstructorOptions[]) => template,
    setApplicationMenu: (menu: MenuItemConstructorOptions[]) => fake.menus.push(menu),
  },
  dialog: {
    showMessageBox: async (...args: unknown[]) => {
      fake.messages.push(args.at(-1) as Record<string, unknown>);
      return { response: 0 };
    },
    showErrorBox: (_title: string, text: string) => fake.errors.push(text),
    showSaveDialog: async () => (fake.saveTo ? { canceled: false, filePath: fake.saveTo } : { canceled: true }),
  },
  shell: { openPath: async () => '' },
}));

const root = mkdtempSync(join(tmpdir(), 'main-process-'));
const userData = join(root, 'profile');
const appDir = join(root, 'app');
const journalFile = join(userData, 'station-data', 'journal', 'station-journal.jsonl');
const argv = process.argv;

beforeAll(async () => {
  mkdirSync(join(appDir, 'renderer'), { recursive: true });
  writeFileSync(join(appDir, 'renderer', 'index.html'), '<!doctype html><title>投票站 · Polling Station</title>');
  // A journal from an earlier day, to recover at start.
  mkdirSync(join(userData, 'station-data', 'journal'), { recursive: true });
  const record = { id: '1:V1', round: 1, voterId: 'V1', kind: 'inPerson', status: 'issued', issuedAt: 't', clerk: 'c', desk: 'd' };
  writeFileSync(journalFile, `${JSON.stringify({ v: 1, seq: 1, at: 't', kind: 'checkin', record })}\n{"v":1,"seq":2,"at`);
  fake.app.appPath = appDir;
  process.env.STATION_USER_DATA = userData;
  process.argv = ['/usr/bin/electron', appDir, '--recover-from-journal', '--lang=zh-CN'];
  await import('../../../main/electron/main');
  expect(fake.app.calls).toEqual(['setPath userData', 'enableSandbox', 'requestSingleInstanceLock']);
  fake.app.ready!();
  await vi.waitFor(() => expect(fake.windows.length).toBeGreaterThan(0), { timeout: 20_000 });
  // (The first start makes an RSA-2048 PDF-signing key: allow for a busy machine.)
}, 30_000);

afterAll(() => {
  process.argv = argv;
  delete process.env.STATION_USER_DATA;
  rmSync(root, { recursive: true, force: true });
});

describe('main process start-up (fake electron)', () => {
  it('before ready: the profile folder, the sandbox for every renderer, the app scheme, one instance', async () => {
    const { PRIVILEGED_SCHEMES } = await import('../../../main/electron/security');
    expect(fake.schemes).toEqual([...PRIVILEGED_SCHEMES]);
    expect(fake.app.paths.get('userData')).toBe(userData);
    expect(fake.errors).toEqual([]);
  });

  it('serves the app from app:// (and nothing from http or file)', async () => {
    expect([...fake.protocolHandlers.keys()]).toEqual(['app']);
    const response = await fake.protocolHandlers.get('app')!(new Request('app://station/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    for (const window of fake.windows) expect(window.url.startsWith('app://station/')).toBe(true);
  });

  it('locks the session down and guards every web contents', () => {
    const callback = vi.fn();
    fake.session.handlers.request!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(fake.session.handlers.check!()).toBe(false);
    expect(fake.app.listeners.get('web-contents-created')).toHaveLength(1);
  });

  it('seals the station key under userData and answers the bridge over IPC from the app only', async () => {
    const dataDir = join(userData, 'station-data');
    expect(existsSync(join(dataDir, 'station-key.sealed'))).toBe(true);
    expect(existsSync(join(dataDir, 'station-key.json'))).toBe(false);
    const { INVOKE_METHODS } = await import('../../../shared/bridge/methods');
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(INVOKE_METHODS.map((m) => `station:${m}`).sort());
    const key = (await fake.ipcHandlers.get('station:stationKey')!({ senderFrame: { url: 'app://station/index.html', parent: null } })) as { fingerprint: string };
    expect(key.fingerprint).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
    await expect(fake.ipcHandlers.get('station:stationKey')!({ senderFrame: { url: 'https://evil.example/', parent: null } })).rejects.toThrow(/refused/);
    expect(readFileSync(join(dataDir, 'station-key.sealed')).includes(Buffer.from('secretKey'))).toBe(false);
  });

  it('opens the clerk\'s window: hardened, preload from the app, on app://station, titled', async () => {
    const { webPreferencesFor } = await import('../../../main/electron/security');
    const clerk = fake.windows.find((window) => window.url === 'app://station/index.html')!;
    expect(clerk.options.webPreferences).toEqual(webPreferencesFor('clerk', { preload: join(appDir, 'preload.cjs'), packaged: false }));
    expect(clerk.title).toBe('投票站');
    const preventDefault = vi.fn();
    clerk.emit('page-title-updated', { preventDefault }, '第0217投票站 · 投票中');
    expect(preventDefault).toHaveBeenCalled();
    expect(clerk.title).toBe('第0217投票站 · 投票中 — 投票站');
  });

  it('recovered the journal at start and offers it over IPC until the renderer consumes it', async () => {
    const dir = join(userData, 'station-data', 'recovery');
    const files = readdirSync(dir).filter((name) => name.startsWith('recovered-'));
    expect(files).toHaveLength(1);
    const recovered = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as { checkins: unknown[] };
    expect(recovered.checkins).toHaveLength(1);
    const app = { senderFrame: { url: 'app://station/index.html', parent: null } };
    const pending = (await fake.ipcHandlers.get('station:pendingRecovery')!(app)) as { id: string; checkins: number; torn: boolean };
    expect(pending).toMatchObject({ checkins: 1, torn: true });
    await expect(fake.ipcHandlers.get('station:consumeRecovery')!(app, 'not-an-id')).rejects.toThrow(/invalid/);
    await fake.ipcHandlers.get('station:consumeRecovery')!(app, pending.id);
    expect(await fake.ipcHandlers.get('station:pendingRecovery')!(app)).toBeNull();
    expect(fake.errors).toEqual([]);
  });

  it('seals the PDF-signing key with the same sealer: no plain key file, no PEM in the sealed one', () => {
    const dataDir = join(userData, 'station-data');
    expect(existsSync(join(dataDir, 'station-key.pdf-cert.sealed'))).toBe(true);
    expect(existsSync(join(dataDir, 'station-key.pdf-cert.json'))).toBe(false);
    expect(readFileSync(join(dataDir, 'station-key.pdf-cert.sealed')).includes(Buffer.from('PRIVATE KEY'))).toBe(false);
  });

  it('the menu in Chinese; its projector item opens #/projector full screen on the second display, and closes it', async () => {
    const menu = fake.menus.at(-1)!;
    expect(menu[0]?.label).toBe('投票站');
    const items = (menu[0]!.submenu as MenuItemConstructorOptions[]);
    const projectorItem = items.find((item) => item.accelerator === 'CmdOrCtrl+Shift+P')!;
    (projectorItem.click as () => void)();
    await vi.waitFor(() => expect(fake.windows.some((window) => window.url.endsWith('#/projector'))).toBe(true));
    const projector = fake.windows.find((window) => window.url.endsWith('#/projector'))!;
    expect(projector.options).toMatchObject({ x: 1920, y: 0, width: 1280, height: 720, fullscreen: true });
    expect((projector.options.webPreferences as { backgroundThrottling: boolean }).backgroundThrottling).toBe(false);
    expect((fake.menus.at(-1)![0]!.submenu as MenuItemConstructorOptions[])[0]!.checked).toBe(true);
    ((fake.menus.at(-1)![0]!.submenu as MenuItemConstructorOptions[])[0]!.click as () => void)();
    expect(fake.windows.some((window) => window.url.endsWith('#/projector'))).toBe(false);
  });

  it('Print with no sheet yet says so', async () => {
    const items = fake.menus.at(-1)![0]!.submenu as MenuItemConstructorOptions[];
    (items.find((item) => item.accelerator === 'CmdOrCtrl+P')!.click as () => void)();
    await vi.waitFor(() => expect(fake.messages.some((m) => String(m.message).includes('还没有报告单'))).toBe(true));
  });

  it('Print shows the latest sheet in a window of its own (no preload) and prints it with the system dialog', async () => {
    const { webPreferencesFor } = await import('../../../main/electron/security');
    const sheets = join(userData, 'station-data', 'sheets');
    mkdirSync(sheets, { recursive: true });
    writeFileSync(join(sheets, `${'c'.repeat(64)}.pdf`), '%PDF-1.7 the sheet');
    writeFileSync(join(sheets, `${'c'.repeat(64)}-announcement.pdf`), '%PDF-1.7 not this one');
    const before = fake.windows.length;
    const items = fake.menus.at(-1)![0]!.submenu as MenuItemConstructorOptions[];
    (items.find((item) => item.accelerator === 'CmdOrCtrl+P')!.click as () => void)();
    await vi.waitFor(() => expect(fake.windows.length).toBe(before + 1));
    const sheetWindow = fake.windows.at(-1)!;
    expect(sheetWindow.options.webPreferences).toEqual(webPreferencesFor('sheet', { preload: join(appDir, 'preload.cjs'), packaged: false }));
    expect(sheetWindow.options.webPreferences).not.toHaveProperty('preload');
    expect(sheetWindow.url).toMatch(/^app:\/\/station\/print\/[A-Za-z0-9_-]{24}\.pdf$/);
    await vi.waitFor(() => expect(sheetWindow.printed).toEqual([{ silent: false, printBackground: true }]));
    const served = await fake.protocolHandlers.get('app')!(new Request(sheetWindow.url));
    expect(await served.text()).toBe('%PDF-1.7 the sheet');
    sheetWindow.close();
    expect((await fake.protocolHandlers.get('app')!(new Request(sheetWindow.url))).status).toBe(404);
  });

  it('a sheet link opens only stored sheets (no way to the key file through the link)', async () => {
    let openHandler: ((details: { url: string }) => unknown) | null = null;
    const contents = { on: () => undefined, setWindowOpenHandler: (handler: (details: { url: string }) => unknown) => (openHandler = handler) };
    fake.app.emit('web-contents-created', {}, contents);
    const before = fake.windows.length;
    const told = fake.messages.length;
    expect(openHandler!({ url: 'app://station/sheets/..%2Fstation-key.sealed' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(fake.messages.length).toBe(told + 1));
    expect(fake.windows.length).toBe(before);
    expect(openHandler!({ url: `app://station/sheets/${'c'.repeat(64)}.pdf` })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(fake.windows.length).toBe(before + 1));
    fake.windows.at(-1)!.close();
  });

  it('printing for kiosk use goes straight to the printer from a hidden window; save as writes the same bytes', async () => {
    const { createPrinting } = await import('../../../main/electron/printing');
    const jobs = new Map<string, Uint8Array>();
    const printing = createPrinting({ printJobs: jobs, preload: '/app/preload.cjs', packaged: true });
    const bytes = new Uint8Array(Buffer.from('%PDF-1.7 kiosk'));
    const before = fake.windows.length;
    await printing.printPdf({ bytes }, { title: 'sheet', silent: true, deviceName: 'HP_LaserJet' });
    expect(fake.windows.length).toBe(before); // hidden window, destroyed after printing
    expect(jobs.size).toBe(0);
    await expect(printing.printPdf({ bytes: new Uint8Array(Buffer.from('<html>')) }, { title: 'x', silent: true })).rejects.toThrow(/not a PDF/);
    fake.saveTo = join(root, 'saved-sheet');
    expect(await printing.savePdfAs({ bytes, name: 'x.pdf' }, { title: 'Save' })).toBe(`${fake.saveTo}.pdf`);
    expect(readFileSync(`${fake.saveTo}.pdf`, 'utf8')).toBe('%PDF-1.7 kiosk');
    fake.saveTo = null;
    expect(await printing.savePdfAs({ bytes }, { title: 'Save' })).toBeNull();
  });

  it('closes the journal before quitting', async () => {
    const { stationJournal } = await import('../../../main/services/journal');
    await stationJournal(join(userData, 'station-data')).append({ kind: 'checkin', record: { id: '1:V2', round: 1, voterId: 'V2', kind: 'inPerson', status: 'issued', issuedAt: 't', clerk: 'c', desk: 'd' } });
    const event = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.app.calls.at(-1)).toBe('quit'));
    expect(readFileSync(journalFile, 'utf8').endsWith('\n')).toBe(true);
  });
});
