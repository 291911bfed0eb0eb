/**
 * The application menu in zh-CN and en, built by a pure function (tests check the labels, the
 * accelerators and that a packaged build has no devtools item). The keyboard shortcuts are
 * listed once, in SHORTCUTS: the menu uses them, Help → Keyboard shortcuts shows them, and
 * docs/ELECTRON.md documents them (a test keeps the two in step).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuLanguage } from './args';

export type MenuAction =
  | 'toggleProjector'
  | 'openEntryB'
  | 'printSheet'
  | 'saveSheet'
  | 'showDataFolder'
  | 'showShortcuts'
  | 'about'
  | 'setLanguageZh'
  | 'setLanguageEn';

export interface Shortcut {
  readonly accelerator: string;
  readonly zh: string;
  readonly en: string;
}

/** Every keyboard shortcut of the app, in the order of the menus. */
export const SHORTCUTS = {
  toggleProjector: { accelerator: 'CmdOrCtrl+Shift+P', zh: '打开/关闭投影窗口', en: 'Open/close the projector window' },
  openEntryB: { accelerator: 'CmdOrCtrl+Shift+B', zh: '打开第二录入台（双人录入 B）窗口', en: 'Open the second entry desk (double entry B) window' },
  printSheet: { accelerator: 'CmdOrCtrl+P', zh: '打印最新的选举结果报告单', en: 'Print the latest tally sheet' },
  saveSheet: { accelerator: 'CmdOrCtrl+Shift+S', zh: '报告单另存为 PDF', en: 'Save the tally sheet as a PDF' },
  quit: { accelerator: 'CmdOrCtrl+Q', zh: '退出', en: 'Quit' },
  fullScreen: { accelerator: 'F11', zh: '全屏', en: 'Full screen' },
  zoomIn: { accelerator: 'CmdOrCtrl+=', zh: '放大', en: 'Zoom in' },
  zoomOut: { accelerator: 'CmdOrCtrl+-', zh: '缩小', en: 'Zoom out' },
  resetZoom: { accelerator: 'CmdOrCtrl+0', zh: '实际大小', en: 'Actual size' },
  shortcuts: { accelerator: 'F1', zh: '键盘快捷键', en: 'Keyboard shortcuts' },
} as const satisfies Record<string, Shortcut>;

/** Only when not packaged. */
export const DEV_SHORTCUTS = {
  reload: { accelerator: 'CmdOrCtrl+R', zh: '重新载入', en: 'Reload' },
  devTools: { accelerator: 'CmdOrCtrl+Shift+I', zh: '开发者工具', en: 'Developer tools' },
} as const satisfies Record<string, Shortcut>;

const LABELS = {
  station: { zh: '投票站', en: 'Station' },
  showDataFolder: { zh: '打开数据文件夹', en: 'Show data folder' },
  printSheet: { zh: '打印报告单…', en: 'Print tally sheet…' },
  saveSheet: { zh: '报告单另存为…', en: 'Save tally sheet as…' },
  edit: { zh: '编辑', en: 'Edit' },
  undo: { zh: '撤销', en: 'Undo' },
  redo: { zh: '重做', en: 'Redo' },
  cut: { zh: '剪切', en: 'Cut' },
  copy: { zh: '复制', en: 'Copy' },
  paste: { zh: '粘贴', en: 'Paste' },
  selectAll: { zh: '全选', en: 'Select all' },
  view: { zh: '视图', en: 'View' },
  language: { zh: '语言 / Language', en: 'Language / 语言' },
  help: { zh: '帮助', en: 'Help' },
  about: { zh: '关于投票站', en: 'About Polling Station' },
} as const;

export interface MenuOptions {
  readonly language: MenuLanguage;
  readonly packaged: boolean;
  readonly platform: NodeJS.Platform;
  readonly projectorOpen: boolean;
}

/** The menu template; `click` calls `onAction` with the item's action. */
export function buildMenuTemplate(options: MenuOptions, onAction: (action: MenuAction) => void): MenuItemConstructorOptions[] {
  const zh = options.language === 'zh-CN';
  const say = (text: { readonly zh: string; readonly en: string }) => (zh ? text.zh : text.en);
  const act = (action: MenuAction) => () => onAction(action);
  const shortcut = (key: keyof typeof SHORTCUTS) => SHORTCUTS[key].accelerator;

  const station: MenuItemConstructorOptions = {
    label: say(LABELS.station),
    submenu: [
      { label: say(SHORTCUTS.toggleProjector), accelerator: shortcut('toggleProjector'), type: 'checkbox', checked: options.projectorOpen, click: act('toggleProjector') },
      { label: say(SHORTCUTS.openEntryB), accelerator: shortcut('openEntryB'), click: act('openEntryB') },
      { type: 'separator' },
      { label: say(LABELS.printSheet), accelerator: shortcut('printSheet'), click: act('printSheet') },
      { label: say(LABELS.saveSheet), accelerator: shortcut('saveSheet'), click: act('saveSheet') },
      { type: 'separator' },
      { label: say(LABELS.showDataFolder), click: act('showDataFolder') },
      { type: 'separator' },
      { label: say(SHORTCUTS.quit), accelerator: shortcut('quit'), role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: say(LABELS.edit),
    submenu: [
      { label: say(LABELS.undo), role: 'undo' },
      { label: say(LABELS.redo), role: 'redo' },
      { type: 'separator' },
      { label: say(LABELS.cut), role: 'cut' },
      { label: say(LABELS.copy), role: 'copy' },
      { label: say(LABELS.paste), role: 'paste' },
      { label: say(LABELS.selectAll), role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: say(LABELS.view),
    submenu: [
      { label: say(SHORTCUTS.fullScreen), accelerator: shortcut('fullScreen'), role: 'togglefullscreen' },
      { type: 'separator' },
      { label: say(SHORTCUTS.zoomIn), accelerator: shortcut('zoomIn'), role: 'zoomIn' },
      { label: say(SHORTCUTS.zoomOut), accelerator: shortcut('zoomOut'), role: 'zoomOut' },
      { label: say(SHORTCUTS.resetZoom), accelerator: shortcut('resetZoom'), role: 'resetZoom' },
      ...(options.packaged
        ? []
        : ([
            { type: 'separator' },
            { label: say(DEV_SHORTCUTS.reload), accelerator: DEV_SHORTCUTS.reload.accelerator, role: 'reload' },
            { label: say(DEV_SHORTCUTS.devTools), accelerator: DEV_SHORTCUTS.devTools.accelerator, role: 'toggleDevTools' },
          ] satisfies MenuItemConstructorOptions[])),
    ],
  };
  const language: MenuItemConstructorOptions = {
    label: say(LABELS.language),
    submenu: [
      { label: '中文（简体）', type: 'radio', checked: zh, click: act('setLanguageZh') },
      { label: 'English', type: 'radio', checked: !zh, click: act('setLanguageEn') },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: say(LABELS.help),
    submenu: [
      { label: say(SHORTCUTS.shortcuts), accelerator: shortcut('shortcuts'), click: act('showShortcuts') },
      { label: say(LABELS.about), click: act('about') },
    ],
  };
  return [station, edit, view, language, help];
}

/** The text of Help → Keyboard shortcuts (Ctrl on Windows/Linux, ⌘ on macOS). */
export function shortcutsText(language: MenuLanguage, platform: NodeJS.Platform, packaged: boolean): string {
  const zh = language === 'zh-CN';
  const all: Shortcut[] = [...Object.values(SHORTCUTS), ...(packaged ? [] : Object.values(DEV_SHORTCUTS))];
  const key = (accelerator: string) => accelerator.replace('CmdOrCtrl', platform === 'darwin' ? '⌘' : 'Ctrl');
  return all.map((item) => `${key(item.accelerator).padEnd(14)} ${zh ? item.zh : item.en}`).join('\n');
}
