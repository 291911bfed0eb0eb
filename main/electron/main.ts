/**
 * The Electron main process of the station app (bundled to main.cjs by build/electron/build.ts).
 * Lifecycle: one instance only; the `app://station` scheme serves the bundled renderer; the
 * station key is sealed with safeStorage; the bridge's IPC handlers call the same services as
 * the Node host; the clerk's window, on demand the projector and a second entry desk.
 * Data: `userData/station-data` (station key, pinned district key, sheets, journal).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, shell, type MessageBoxOptions } from 'electron';
import { nodeBridge } from '../services/nodeBridge';
import { readSheetFile } from '../services/stationSheets';
import { closeAllJournals, journalPath, prepareRecovery } from '../services/journal';
import { writeFileAtomic } from '../services/atomicFile';
import { ensureDataDir } from '../services/dataDir';
import { closeHubService, hubService } from '../services/hub/service';
import { parseAppArgs, type MenuLanguage } from './args';
import { registerBridgeHandlers } from './ipc';
import { openStationKey } from './keys';
import { buildMenuTemplate, shortcutsText, type MenuAction } from './menu';
import { createPrinting } from './printing';
import { createAppProtocolHandler } from './protocol';
import { RENDERER_LANGUAGE_KEY } from './rendererKeys';
import { APP_SCHEME, PRIVILEGED_SCHEMES } from './security';
import { latestSheetFile, saveAsName } from './sheetFiles';
import { hardenContents } from './guards';
import { createClerkWindow, createEntryBWindow, createProjectorWindow, lockDownDefaultSession, type WindowDeps } from './windows';

const args = parseAppArgs(process.argv);
const log = (message: string): void => {
  process.stderr.write(`station: ${message}\n`);
};

// Tests and a second station on one computer: another profile folder.
if (process.env.STATION_USER_DATA) app.setPath('userData', process.env.STATION_USER_DATA);

app.enableSandbox();
protocol.registerSchemesAsPrivileged([...PRIVILEGED_SCHEMES]);

if (!app.requestSingleInstanceLock()) {
  log('another instance is running; handing over to it');
  app.quit();
} else {
  void start().catch((error: unknown) => {
    log(`start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    dialog.showErrorBox('投票站 · Polling Station', `无法启动 / Cannot start:\n${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
}

interface Settings {
  language?: MenuLanguage;
}

async function start(): Promise<void> {
  const appDir = app.getAppPath();
  const rendererDir = join(appDir, 'renderer');
  const preload = join(appDir, 'preload.cjs');
  const packaged = app.isPackaged;
  const userData = app.getPath('userData');
  const dataDir = ensureDataDir(join(userData, 'station-data'));
  const settingsFile = join(userData, 'settings.json');
  const settings: Settings = (() => {
    try {
      return JSON.parse(readFileSync(settingsFile, 'utf8')) as Settings;
    } catch {
      return {};
    }
  })();
  let language: MenuLanguage = args.lang ?? settings.language ?? 'zh-CN';
  const zh = () => language === 'zh-CN';

  await app.whenReady();

  // Every web contents: navigation within the app only, no popups, no webviews.
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, { openSheetUrl: (url) => void openSheetUrl(url), log }));
  lockDownDefaultSession(log);

  const printJobs = new Map<string, Uint8Array>();
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir, dataDir, printJobs }));
  const printing = createPrinting({ printJobs, preload, packaged });

  let sealing: Awaited<ReturnType<typeof openStationKey>>;
  try {
    sealing = await openStationKey(dataDir, log, args.allowUnprotectedKeys);
  } catch (error) {
    // No plain key files unless the operator allowed them: say why and do not start.
    log((error as Error).message);
    dialog.showErrorBox(zh() ? '无法安全保存投票站密钥' : 'The station keys cannot be stored safely', (error as Error).message);
    app.exit(1);
    return;
  }
  log(`data ${dataDir}; station key ${sealing.sealed ? `sealed (${sealing.backend})` : 'in a 0600 file (unprotected, allowed by the operator)'}; journal ${journalPath(dataDir)}`);

  if (args.recoverFromJournal !== null) await recover(dataDir, args.recoverFromJournal, zh());

  registerBridgeHandlers(ipcMain, nodeBridge(dataDir), { onRefused: (method, reason) => log(`IPC ${method} refused: ${reason}`) });
  // A lead's hub listens again with its kept settings, so its desks reconnect (issue 16).
  hubService(dataDir)
    .resume()
    .catch((error: unknown) => log(`station hub: cannot resume: ${(error as Error).message}`));

  let clerk: BrowserWindow | null = null;
  let projector: BrowserWindow | null = null;
  const windowDeps: WindowDeps = { preload, packaged, kiosk: args.kiosk, language: () => language, log };

  async function openSheetUrl(url: string): Promise<void> {
    const name = decodeURIComponent(new URL(url).pathname.slice('/sheets/'.length));
    await showSheet(name);
  }
  /** A stored sheet's bytes (only names of stored sheets: readSheetFile checks them). */
  function storedSheet(name: string | null): { bytes: Uint8Array; name: string } | null {
    const bytes = name === null ? null : readSheetFile(dataDir, name);
    return bytes && name !== null ? { bytes, name } : null;
  }
  async function noSheet(): Promise<void> {
    await message({ type: 'info', message: zh() ? '还没有报告单。' : 'There is no tally sheet yet.' });
  }
  async function showSheet(name: string | null): Promise<void> {
    const sheet = storedSheet(name);
    if (!sheet) return noSheet();
    await printing.showPdf(sheet, zh() ? '选举结果报告单' : 'Tally sheet', clerk ?? undefined);
  }
  async function message(options: MessageBoxOptions): Promise<void> {
    if (clerk) await dialog.showMessageBox(clerk, options);
    else await dialog.showMessageBox(options);
  }

  function openClerk(): void {
    clerk = createClerkWindow(windowDeps);
    clerk.on('closed', () => {
      clerk = null;
      projector?.close();
    });
  }
  function toggleProjector(): void {
    if (projector) {
      projector.close();
      return;
    }
    projector = createProjectorWindow(windowDeps, clerk);
    projector.on('closed', () => {
      projector = null;
      refreshMenu();
    });
    refreshMenu();
  }

  async function onAction(action: MenuAction): Promise<void> {
    const latest = latestSheetFile(dataDir);
    const sheet = storedSheet(latest);
    switch (action) {
      case 'toggleProjector':
        toggleProjector();
        return;
      case 'openEntryB':
        createEntryBWindow(windowDeps);
        return;
      case 'printSheet':
        if (!sheet) return noSheet();
        await printing.printPdf(sheet, {
          title: zh() ? '选举结果报告单' : 'Tally sheet',
          silent: args.kiosk,
          ...(args.printer ? { deviceName: args.printer } : {}),
          ...(clerk ? { parent: clerk } : {}),
        });
        return;
      case 'saveSheet':
        if (!sheet) return noSheet();
        await printing.savePdfAs(sheet, { title: zh() ? '报告单另存为' : 'Save tally sheet as', defaultName: saveAsName(sheet.name), ...(clerk ? { parent: clerk } : {}) });
        return;
      case 'showDataFolder':
        await shell.openPath(dataDir);
        return;
      case 'showShortcuts':
        await message({ type: 'info', title: zh() ? '键盘快捷键' : 'Keyboard shortcuts', message: shortcutsText(language, process.platform, packaged) });
        return;
      case 'about':
        await message({
          type: 'info',
          title: zh() ? '关于投票站' : 'About Polling Station',
          message: `投票站 · Polling Station ${app.getVersion()}`,
          detail: `Electron ${process.versions.electron}\n${zh() ? '数据' : 'Data'}: ${dataDir}`,
        });
        return;
      case 'setLanguageZh':
      case 'setLanguageEn':
        await setLanguage(action === 'setLanguageEn' ? 'en' : 'zh-CN');
        return;
    }
  }

  async function setLanguage(next: MenuLanguage): Promise<void> {
    if (next === language) return;
    language = next;
    settings.language = next;
    mkdirSync(userData, { recursive: true });
    writeFileAtomic(settingsFile, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    refreshMenu();
    // The renderer reads its language at start: store it there too and reload the app's windows.
    for (const window of BrowserWindow.getAllWindows()) {
      const url = window.webContents.getURL();
      if (!url.startsWith('app://station/index.html')) continue;
      await window.webContents.executeJavaScript(`localStorage.setItem(${JSON.stringify(RENDERER_LANGUAGE_KEY)}, ${JSON.stringify(next)})`);
      window.webContents.reload();
    }
  }

  function refreshMenu(): void {
    const template = buildMenuTemplate({ language, packaged, platform: process.platform, projectorOpen: projector !== null }, (action) => {
      onAction(action).catch((error: unknown) => {
        log(`${action}: ${(error as Error).message}`);
        dialog.showErrorBox('投票站 · Polling Station', (error as Error).message);
      });
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  refreshMenu();
  openClerk();
  if (args.projector) toggleProjector();

  app.on('second-instance', () => {
    if (!clerk) openClerk();
    else {
      if (clerk.isMinimized()) clerk.restore();
      clerk.focus();
    }
  });
  app.on('activate', () => {
    if (!clerk) openClerk();
  });
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void Promise.allSettled([closeHubService(dataDir), closeAllJournals()]).finally(() => app.quit());
  });
}

/**
 * `--recover-from-journal[=FILE]`: the records rebuilt from the journal into a recovery file,
 * before the app opens; the renderer offers them at start (bridge `pendingRecovery`), restores
 * them into its database on the clerks' confirmation and then consumes them (docs/ELECTRON.md).
 */
async function recover(dataDir: string, given: string, zh: boolean): Promise<void> {
  try {
    const summary = prepareRecovery(dataDir, given === '' ? journalPath(dataDir) : resolve(given));
    log(`recovered ${summary.checkins} check-ins and ${summary.ballots} ballot documents → ${summary.out}; offered to the app (${summary.id.slice(0, 12)})`);
    if (summary.torn) log('the journal\'s last line was cut short by a crash (never confirmed) and was left out');
    if (summary.corrupt > 0) log(`warning: ${summary.corrupt} damaged journal line(s) were left out`);
    for (const refused of summary.refused) log(`refused journal line ${refused.seq} (${refused.kind} ${refused.id}): ${refused.reason} ${refused.detail} — it does not fit the stored election`);
  } catch (error) {
    log(`recovery failed: ${(error as Error).message}`);
    dialog.showErrorBox(zh ? '从日志恢复' : 'Recover from journal', `${zh ? '无法从日志恢复：' : 'Cannot recover from the journal: '}${(error as Error).message}`);
  }
}
