/**
 * The pure parts of the shell: the menus in both languages with their shortcuts (and the
 * shortcuts' documentation), where the projector goes, window titles, the command line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { parseAppArgs } from '../../../main/electron/args';
import { projectorPlacement, windowTitle } from '../../../main/electron/layout';
import { buildMenuTemplate, DEV_SHORTCUTS, SHORTCUTS, shortcutsText } from '../../../main/electron/menu';
import { RENDERER_LANGUAGE_KEY } from '../../../main/electron/rendererKeys';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const options = { packaged: true, platform: 'linux' as const, projectorOpen: false };

describe('menus', () => {
  it('in Chinese and in English, the same items and shortcuts', () => {
    const zh = flatten(buildMenuTemplate({ ...options, language: 'zh-CN' }, vi.fn()));
    const en = flatten(buildMenuTemplate({ ...options, language: 'en' }, vi.fn()));
    expect(zh.map((item) => item.accelerator)).toEqual(en.map((item) => item.accelerator));
    expect(zh.map((item) => item.role)).toEqual(en.map((item) => item.role));
    expect(zh.find((item) => item.accelerator === 'CmdOrCtrl+P')?.label).toBe('打印报告单…');
    expect(en.find((item) => item.accelerator === 'CmdOrCtrl+P')?.label).toBe('Print tally sheet…');
    expect(zh[0]?.label).toBe('投票站');
    const labelled = zh.filter((item) => item.type !== 'separator');
    for (const item of labelled) expect(item.label, JSON.stringify(item.role)).toBeTruthy();
    // A language item in each.
    expect(zh.filter((item) => item.type === 'radio').map((item) => [item.label, item.checked])).toEqual([
      ['中文（简体）', true],
      ['English', false],
    ]);
    expect(en.filter((item) => item.type === 'radio').map((item) => item.checked)).toEqual([false, true]);
  });

  it('every shortcut once; no reload or devtools in a packaged build', () => {
    const packaged = flatten(buildMenuTemplate({ ...options, language: 'zh-CN' }, vi.fn()));
    const accelerators = packaged.map((item) => item.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    expect(accelerators.sort()).toEqual(Object.values(SHORTCUTS).map((s) => s.accelerator).sort());
    expect(packaged.some((item) => item.role === 'toggleDevTools' || item.role === 'reload' || item.role === 'forceReload')).toBe(false);
    const dev = flatten(buildMenuTemplate({ ...options, packaged: false, language: 'zh-CN' }, vi.fn()));
    expect(dev.some((item) => item.role === 'toggleDevTools')).toBe(true);
  });

  it('menu items call the action they name', () => {
    const onAction = vi.fn();
    const items = flatten(buildMenuTemplate({ ...options, language: 'en' }, onAction));
    const click = (accelerator: string) => (items.find((item) => item.accelerator === accelerator)!.click as () => void)();
    click('CmdOrCtrl+Shift+P');
    click('CmdOrCtrl+P');
    click('CmdOrCtrl+Shift+S');
    click('F1');
    (items.find((item) => item.label === '中文（简体）')!.click as () => void)();
    expect(onAction.mock.calls.map(([action]) => action)).toEqual(['toggleProjector', 'printSheet', 'saveSheet', 'showShortcuts', 'setLanguageZh']);
  });

  it('docs/ELECTRON.md documents every shortcut', () => {
    const doc = readFileSync(join(ROOT, 'docs/ELECTRON.md'), 'utf8');
    for (const shortcut of [...Object.values(SHORTCUTS), ...Object.values(DEV_SHORTCUTS)]) {
      expect(doc, shortcut.accelerator).toContain(`\`${shortcut.accelerator.replace('CmdOrCtrl', 'Ctrl')}\``);
    }
    expect(shortcutsText('zh-CN', 'linux', true)).toContain('Ctrl+Shift+P');
    expect(shortcutsText('en', 'darwin', false)).toContain('⌘+Shift+I');
  });

  it('the renderer language key is the renderer\'s', () => {
    expect(readFileSync(join(ROOT, 'renderer/i18n/index.ts'), 'utf8')).toContain(`LANGUAGE_KEY = '${RENDERER_LANGUAGE_KEY}'`);
  });
});

describe('projector placement', () => {
  const primary = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
  const second = { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 720 }, workArea: { x: 1920, y: 0, width: 1280, height: 720 } };
  it('full screen on the display that is not the clerk\'s', () => {
    expect(projectorPlacement([primary, second], 1)).toEqual({ bounds: second.bounds, fullscreen: true, displayId: 2 });
    expect(projectorPlacement([primary, second], 2)).toEqual({ bounds: primary.bounds, fullscreen: true, displayId: 1 });
  });
  it('a window on a single display', () => {
    expect(projectorPlacement([primary], 1)).toEqual({ bounds: { x: 640, y: 320, width: 1280, height: 720 }, fullscreen: false, displayId: null });
    const small = { id: 1, bounds: { x: 0, y: 0, width: 1024, height: 600 }, workArea: { x: 0, y: 0, width: 1024, height: 560 } };
    expect(projectorPlacement([small], 1).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 560 });
  });
});

describe('window titles', () => {
  it('the page\'s title (station and step) with the product, and the window\'s role', () => {
    expect(windowTitle('clerk', '第0217投票站 · 投票中', 'zh-CN')).toBe('第0217投票站 · 投票中 — 投票站');
    expect(windowTitle('projector', '第0217投票站 · 计票', 'zh-CN')).toBe('第0217投票站 · 计票 — 投影 — 投票站');
    expect(windowTitle('projector', 'Station 0217 · Counting', 'en')).toBe('Station 0217 · Counting — Projector — Polling Station');
    expect(windowTitle('clerk', '投票站 · Polling Station', 'zh-CN')).toBe('投票站');
    expect(windowTitle('sheet', '', 'en')).toBe('Polling Station — Tally sheet');
  });
});

describe('command line', () => {
  it('reads the app\'s switches and ignores the rest', () => {
    expect(parseAppArgs(['/usr/bin/electron', 'dist/app', '--no-sandbox'])).toEqual({ recoverFromJournal: null, kiosk: false, printer: null, projector: false, lang: null, allowUnprotectedKeys: false });
    expect(parseAppArgs(['x', '--recover-from-journal', '--kiosk', '--printer=HP_LaserJet', '--projector', '--lang=en', '--allow-unprotected-keys'])).toEqual({
      recoverFromJournal: '',
      kiosk: true,
      printer: 'HP_LaserJet',
      projector: true,
      lang: 'en',
      allowUnprotectedKeys: true,
    });
    expect(parseAppArgs(['--recover-from-journal=/mnt/usb/j=1.jsonl', '--printer=', '--lang=zh']).recoverFromJournal).toBe('/mnt/usb/j=1.jsonl');
    expect(parseAppArgs(['--printer=']).printer).toBeNull();
    expect(parseAppArgs(['--lang=fr']).lang).toBeNull();
  });
});
