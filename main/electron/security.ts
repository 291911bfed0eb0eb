/**
 * The Electron shell's security settings as pure values (no electron import at run time), so a
 * test can assert each item of Electron's security checklist from the code the app runs:
 * - the app's content comes from the `app://station` scheme (protocol.ts), never http or file;
 * - every window is context-isolated, sandboxed, without Node, with web security on, no
 *   webview, no insecure content, no experimental or extra Blink features, devtools only
 *   when not packaged;
 * - a strict Content-Security-Policy (sent as a header with every page, on top of the one in
 *   renderer/index.html: a page gets what both allow);
 * - navigation only within the app, and an IPC message only from a top frame of the app.
 */
import type { CustomScheme, WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'station';
/** `app://station` (a standard scheme has a host, so pages get a real origin for IndexedDB). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The scheme registered before `ready` (protocol.registerSchemesAsPrivileged). */
export const PRIVILEGED_SCHEMES: readonly CustomScheme[] = [
  {
    scheme: APP_SCHEME,
    privileges: {
      // Relative URLs, an origin of its own, IndexedDB and localStorage.
      standard: true,
      // Treated like https: secure context (crypto.subtle, no mixed-content exceptions).
      secure: true,
      supportFetchAPI: true,
      // PDFs and other large responses are streamed.
      stream: true,
      codeCache: true,
      // Never exempt from the page's Content-Security-Policy.
      bypassCSP: false,
      corsEnabled: false,
      allowServiceWorkers: false,
    },
  },
];

/** An app URL: `app://station/<path>` plus an optional hash route (`#/projector`). */
export function appUrl(path = 'index.html', hash = ''): string {
  const clean = path.replace(/^\/+/, '');
  return `${APP_ORIGIN}/${clean}${hash}`;
}

/**
 * True only for a URL of the app's own content. (The WHATWG origin of a non-special scheme is
 * opaque — `new URL('app://station/').origin` is "null" — so the scheme and host are compared.)
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** The windows the app opens. */
export type WindowKind = 'clerk' | 'projector' | 'sheet';

export interface WebPreferencesOptions {
  /** Absolute path of the bundled preload (clerk and projector windows only). */
  readonly preload: string;
  /** `app.isPackaged`: devtools are off in a packaged build. */
  readonly packaged: boolean;
}

/**
 * The webPreferences of every window the app opens. The clerk and projector windows get the
 * preload (the StationBridge, nothing else); the sheet window shows one of main's PDFs and gets
 * no preload at all.
 */
export function webPreferencesFor(kind: WindowKind, options: WebPreferencesOptions): WebPreferences {
  return {
    ...(kind === 'sheet' ? {} : { preload: options.preload }),
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
    safeDialogs: true,
    spellcheck: false,
    devTools: !options.packaged,
    // Chromium's PDF viewer (the sheet in the clerk's window and the sheet window).
    plugins: kind !== 'projector',
    // The room's view keeps updating when the clerk's window has focus.
    backgroundThrottling: kind !== 'projector',
    autoplayPolicy: 'document-user-activation-required',
  };
}

/**
 * Where the renderer's district sync may connect (docs/SYNC.md): the district server over TLS
 * (its address comes from the package or the clerk), or a server on this computer (tests,
 * demonstrations). Data only: no page or script is ever loaded from there.
 */
export const SYNC_CONNECT_SOURCES: readonly string[] = ['https:', 'http://127.0.0.1:*', 'http://localhost:*'];

export interface CspOptions {
  /** The `connect-src` sources besides 'self' (default SYNC_CONNECT_SOURCES). */
  readonly connect?: readonly string[];
}

/**
 * The Content-Security-Policy header of every app page. It allows no more than
 * renderer/index.html's meta policy (tests/main/electron/security.test.ts checks that) and adds
 * what a meta policy cannot carry (frame-ancestors) and the fallbacks it leaves open.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...(options.connect ?? SYNC_CONNECT_SOURCES)]],
    ['media-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['worker-src', ["'self'"]],
    ['frame-src', ["'self'"]],
    ['manifest-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Parses a policy into directive → sources (for tests and checks). */
export function parseCsp(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

/** What a frame that sent an IPC message looks like (Electron's WebFrameMain, in part). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** True only for the top frame of an app page: the bridge is never for another origin or a sub-frame. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}
