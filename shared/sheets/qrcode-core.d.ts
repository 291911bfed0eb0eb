/**
 * The encoder core of the `qrcode` package (pinned 1.5.4): pure JS, no Node or DOM globals.
 * Only the parts the sheets use are declared; the package's main entry (and @types/qrcode)
 * pulls in Node's streams and file system, so the sheets import the core module directly.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  export interface QrSegment {
    readonly data: string;
    readonly mode: 'alphanumeric' | 'numeric' | 'byte' | 'kanji';
  }
  export interface QrSymbol {
    readonly modules: { readonly size: number; readonly data: Uint8Array };
    readonly version: number;
    readonly maskPattern: number;
  }
  export function create(data: string | readonly QrSegment[], options?: { version?: number; errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; maskPattern?: number }): QrSymbol;
}

declare module 'qrcode/lib/core/version.js' {
  /** Characters of `mode` that version `version` holds at the given level. */
  export function getCapacity(version: number, errorCorrectionLevel: unknown, mode: unknown): number;
}

declare module 'qrcode/lib/core/error-correction-level.js' {
  export const M: unknown;
}

declare module 'qrcode/lib/core/mode.js' {
  export const ALPHANUMERIC: unknown;
}
