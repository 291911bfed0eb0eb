/**
 * The few globals shared/ may use: those that every runtime it runs in has alike — Chromium's
 * renderer, Electron's main process and Node 20 (the server, the command-line tools). shared/ is
 * compiled without the DOM's and Node's declarations (shared/tsconfig.json), so each one is
 * declared here, narrowed to what shared/ uses.
 */

/** WHATWG Encoding: a global in browsers and in Node ≥ 11. */
declare class TextEncoder {
  readonly encoding: 'utf-8';
  encode(input?: string): Uint8Array;
}

/** WHATWG Encoding: a global in browsers and in Node ≥ 11. `fatal` refuses bytes that are not UTF-8. */
declare class TextDecoder {
  constructor(label?: 'utf-8', options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}

/** WHATWG URL: a global in browsers and in Node ≥ 10. */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly origin: string;
}
