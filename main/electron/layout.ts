/**
 * Pure decisions about windows: where the projector window goes and what a window's title says.
 */
import type { MenuLanguage } from './args';
import type { WindowKind } from './security';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DisplayLike {
  readonly id: number;
  readonly bounds: Rect;
  readonly workArea: Rect;
}

export interface Placement {
  readonly bounds: Rect;
  /** Full screen on a display of its own; a plain window otherwise. */
  readonly fullscreen: boolean;
  readonly displayId: number | null;
}

/** The projector goes full screen on the first display that is not the clerk's; else a window beside it. */
export function projectorPlacement(displays: readonly DisplayLike[], clerkDisplayId: number): Placement {
  const other = displays.find((display) => display.id !== clerkDisplayId);
  if (other) return { bounds: other.bounds, fullscreen: true, displayId: other.id };
  const own = displays.find((display) => display.id === clerkDisplayId) ?? displays[0];
  const area = own?.workArea ?? { x: 0, y: 0, width: 1280, height: 800 };
  const width = Math.min(1280, area.width);
  const height = Math.min(720, area.height);
  return {
    bounds: { x: area.x + Math.max(0, area.width - width), y: area.y + Math.max(0, area.height - height), width, height },
    fullscreen: false,
    displayId: null,
  };
}

const PRODUCT = { 'zh-CN': '投票站', en: 'Polling Station' } as const;
const SUFFIX: Readonly<Record<WindowKind, { readonly 'zh-CN': string; readonly en: string }>> = {
  clerk: { 'zh-CN': '', en: '' },
  projector: { 'zh-CN': '投影', en: 'Projector' },
  sheet: { 'zh-CN': '报告单', en: 'Tally sheet' },
};

/**
 * A window's title from the page's `document.title` (which the renderer sets to the station
 * and the step, e.g. "第0217投票站 · 投票中"): the page's title, the window's role, and the
 * product name when the page has not named itself.
 */
export function windowTitle(kind: WindowKind, pageTitle: string, language: MenuLanguage): string {
  const page = pageTitle.trim();
  const role = SUFFIX[kind][language];
  const product = PRODUCT[language];
  const named = page !== '' && !page.startsWith('投票站 · Polling Station') && page !== product;
  const parts = [named ? page : product, role].filter((part) => part !== '');
  return named ? `${parts.join(' — ')} — ${product}` : parts.join(' — ');
}
