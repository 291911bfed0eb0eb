/**
 * The one door from the renderer to the main process. In Electron it is `window.station`
 * (preload, contextBridge); in the browser build it is an HTTP client of `main/host`.
 * Every method is validated on the main side: the renderer is never trusted.
 */
import type { ValidationIssue } from '../../shared/election/issues';
import type { ElectionPackage, SignedResult } from '../../shared/election/schemas';

export interface ImportedPackage {
  readonly package: ElectionPackage;
  /** sha256 of the canonical ElectionDefinition (FORMATS.md). */
  readonly electionHash: string;
  readonly districtKeyFingerprint: string;
  /** `pinned`: this import pinned the district key (first import or re-provisioning); `trusted`: it matched the pin. */
  readonly keyStatus: 'pinned' | 'trusted';
}

export type ImportOutcome = { readonly ok: true; readonly value: ImportedPackage } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export interface StationKeyInfo {
  readonly publicKey: string;
  readonly fingerprint: string;
}

/** Main's answer to a sheet request: every round signed, the sheet printed and stored. */
export interface ProducedSheets {
  readonly signedResults: readonly SignedResult[];
  readonly sheetSha256: string;
  readonly files: { readonly sheet: string; readonly announcement: string | null; readonly certificates: string | null };
}

export type SheetOutcome = { readonly ok: true; readonly value: ProducedSheets } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export interface StationBridge {
  /** Verify a package file's text (JSON, schema, election checks, signature, pinned key). Nothing is stored on failure. */
  importPackage(text: string, options?: { readonly reprovision?: boolean }): Promise<ImportOutcome>;
  /** The text of the demo election package shipped with the app. */
  demoPackage(): Promise<string>;
  /** The station's public key and fingerprint (the private key never leaves main). */
  stationKey(): Promise<StationKeyInfo>;
  /**
   * Sign every round's result and print the signed tally sheet (main recounts each round and
   * refuses a result that differs). `request` is main/services/stationSheets.ts's SheetRequest.
   */
  produceSheets(request: unknown): Promise<SheetOutcome>;
  /** A URL the renderer can show, print or save a stored sheet file from. */
  sheetUrl(file: string): string;
}
