/**
 * The one door from the renderer to the main process, as the renderer sees it. In Electron it is
 * `window.station` (main/electron/preload.ts); in the browser build it is an HTTP client of
 * `main/host` (renderer/bridge/httpBridge.ts). Both are generated from the method list
 * (shared/bridge/methods.ts), which also holds the input schemas main checks every call with:
 * the renderer is never trusted.
 */
import type { DemoKind } from '../election/demo';
import type { Outcome } from '../election/issues';
import type { ElectionPackage, SignedResult } from '../election/schemas';
import type { AnomalyResolutionRequest, HubAnswer, HubLanSettings, HubOfferView, HubPairRequest, HubPairResult, HubStatus } from '../hub/bridgeTypes';
import type { Anomaly } from '../hub/protocol';
import type { ArchiveRequest, ProducedArchive } from './archiveRequest';
import type { HandoverRequest, ProducedHandover } from './handoverRequest';
import type { SheetRequest } from './sheetRequest';

export type { SheetRequest } from './sheetRequest';
export type { ArchiveRequest, ProducedArchive } from './archiveRequest';
export type { HandoverRequest, ProducedHandover } from './handoverRequest';

export interface ImportedPackage {
  readonly package: ElectionPackage;
  /** sha256 of the canonical ElectionDefinition (FORMATS.md). */
  readonly electionHash: string;
  readonly districtKeyFingerprint: string;
  /** `pinned`: this import pinned the district key (first import or re-provisioning); `trusted`: it matched the pin. */
  readonly keyStatus: 'pinned' | 'trusted';
}

export interface StationKeyInfo {
  readonly publicKey: string;
  readonly fingerprint: string;
}

/** Main's answer to a sheet request: every round signed, the sheet printed and stored. */
export interface ProducedSheets {
  readonly signedResults: readonly SignedResult[];
  /** SHA-256 of the signed sheet PDF: its name, and the machine's proof that it exists. */
  readonly sheetSha256: string;
  /** File names of the stored sheets (`sheetUrl(name)`; the data folder's `sheets/`). */
  readonly files: { readonly sheet: string; readonly announcement: string | null; readonly certificates: string | null };
}

/**
 * One record for main's append-only journal (JSON lines, fsync'd): written before the record is
 * stored in RxDB, so every confirmed check-in and ballot can be rebuilt from it
 * (main/services/journal). `rejected` cancels an earlier entry whose write then failed
 * (another desk won the same id); its `record` is `{ of, record }` with the entry it cancels.
 * `count`: a count record main recounts from before it signs (the boxes as opened, a
 * double-entry resolution), journaled when the renderer stores it.
 * Checked by shared/bridge/journal.ts's journalEntrySchema.
 */
export type JournalKind = 'checkin' | 'ballot' | 'withdrawal' | 'count' | 'rejected';
export interface JournalEntry {
  readonly kind: JournalKind;
  readonly record: object;
}

/**
 * The records main rebuilt from its journal (main/services/journal/documents.ts
 * RecoveredDocuments): the package of the last import, then every check-in and `ballots`
 * document (ballots and withdrawals) as the journal last recorded it.
 */
export interface RecoveredJournal {
  readonly format: 'polling-station/journal-recovery@1';
  readonly election: { readonly electionHash: string; readonly electionId?: string; readonly package: unknown } | null;
  readonly checkins: readonly object[];
  readonly ballots: readonly object[];
}

/**
 * A recovery main prepared from its journal (`--recover-from-journal`) that the renderer has not
 * restored yet: offered at start-up, restored into the station database, then consumed.
 */
export interface PendingRecovery {
  /** sha256 (hex) of the recovery file: names this recovery in `consumeRecovery`. */
  readonly id: string;
  /** When main prepared it (ISO 8601). */
  readonly preparedAt: string;
  /** The journal it was rebuilt from. */
  readonly journal: string;
  readonly election: { readonly id: string; readonly title: string; readonly station: string; readonly electionHash: string } | null;
  /** Check-in documents (issued and undone). */
  readonly checkins: number;
  /** Ballots as read (`kind: 'ballot'`). */
  readonly ballots: number;
  /** Withdrawals of a ballot (`kind: 'withdrawal'`). */
  readonly withdrawals: number;
  /** The journal's last line was cut short by a crash (never confirmed) and left out. */
  readonly torn: boolean;
  /** Damaged complete lines left out. */
  readonly corrupt: number;
  /**
   * Records left out because they do not fit the stored election: a check-in of a voter not on
   * the roll, a ballot naming a candidate not on the list, a record of a round nobody voted in.
   */
  readonly refused: readonly { readonly kind: string; readonly id: string; readonly reason: string; readonly detail: string }[];
  readonly recovered: RecoveredJournal;
}

/** A ballot or withdrawal as main's journal holds it (the renderer's BallotDoc, as sent). */
export interface JournaledRecord {
  readonly record: Readonly<Record<string, unknown>> & {
    readonly id: string;
    readonly round: number;
    readonly entry: string;
    readonly seq: number;
    readonly kind: 'ballot' | 'withdrawal';
    readonly withdraws?: string;
  };
  /** False once a `rejected` line took it back (its id stays taken). */
  readonly standing: boolean;
}

/** What main's journal holds of one entry desk's pile, the current election's (bridge `journaledBallots`). */
export interface JournaledPlaces {
  /** The highest place of any ballot of the desk the journal holds (0: none). */
  readonly lastSeq: number;
  /** The desk's ballots and withdrawals at the places asked for, in journal order. */
  readonly records: readonly JournaledRecord[];
}

/**
 * Every method here has one entry in shared/bridge/methods.ts (tsc fails until it is added, and
 * when its input schema does not match the parameters) and one implementation in
 * main/services/nodeBridge.ts; the doors are generated from the list.
 */
export interface StationBridge {
  /**
   * Step 1 of an import: verify a package file's text (size, JSON, schema, election checks,
   * signature, pinned key, configured station, the journal's election). Main writes nothing:
   * the renderer stores the package, then calls `completeImport`.
   */
  importPackage(text: string, options?: { readonly reprovision?: boolean }): Promise<Outcome<ImportedPackage>>;
  /**
   * Step 2, only after the renderer has stored the package of step 1: main checks the same text
   * again and only then pins the district key, configures the station and marks the journal —
   * so nothing is pinned for a package the station could not store. On a refusal the renderer
   * removes what it stored. Optional only for bridges without a main process (the browser
   * benchmarks), which have nothing to pin.
   */
  completeImport?(text: string, options?: { readonly reprovision?: boolean }): Promise<Outcome<ImportedPackage>>;
  /** The text of a demo election package shipped with the app: `small` or (by default) `full`. */
  demoPackage(kind?: DemoKind): Promise<string>;
  /**
   * Whether the demo package may be offered: no district key is pinned yet, or the pinned one is
   * the demo key (main/services/pinning.ts demoAvailable). Once a real key is pinned, false — the
   * import screen hides the demo button and main refuses the demo package. Optional only for
   * bridges without a main process (the browser benchmarks): without it the demo is offered.
   */
  demoAvailable?(): Promise<boolean>;
  /** The station's public key and fingerprint (the private key never leaves main). */
  stationKey(): Promise<StationKeyInfo>;
  /**
   * Sign every round's result and print the signed tally sheet (main recounts each round and
   * refuses a result that differs). A malformed request is answered with its issues.
   */
  produceSheets(request: SheetRequest): Promise<Outcome<ProducedSheets>>;
  /**
   * After certification: the handover list (移交清单) PDF, dated within 3 days of the vote, from
   * main's own records (main/services/handover.ts). A date outside the 3 days is refused.
   */
  produceHandover(request: HandoverRequest): Promise<Outcome<ProducedHandover>>;
  /**
   * After certification: the sealed election archive — main's journal, its own signed results
   * and sheets, and the renderer's proxies, trips, spoiled ballots, ballot account, staff and
   * audit log — sealed by the station key (main/services/archive/build.ts).
   */
  produceArchive(request: ArchiveRequest): Promise<Outcome<ProducedArchive>>;
  /** Append one record to main's fsync'd journal; resolves once it is on disk. */
  journal(entry: JournalEntry): Promise<void>;
  /** A URL the renderer can show, print or save a stored sheet file from. */
  sheetUrl(file: string): string;
  /**
   * The station key's signature (base64url) of a district sync request's canonical text
   * (docs/SYNC.md "Authentication"). Main signs only canonical JSON with
   * `purpose: 'polling-station/sync@1'` and a current timestamp; it refuses (rejects) anything else.
   * `body`: the request's body, required with a POST — its SHA-256 must be the text's
   * `bodySha256`, and the check-ins, ballots and count records it pushes must be as main's journal
   * holds them, a result one main signed (main/services/syncSigning.ts).
   */
  signSyncRequest(canonicalText: string, body?: string): Promise<string>;
  /**
   * The station key's signature of an export bundle's canonical text without its `signature`
   * (`format: 'polling-station/bundle@1'`, `stationKey` = this station's key) whose check-ins,
   * ballots and count records are as main's journal holds them and whose results main signed;
   * anything else is refused.
   */
  signBundle(canonicalText: string): Promise<string>;
  /**
   * The journal recovery main has prepared and not yet seen consumed, or null (docs/ELECTRON.md
   * "Recovery"). Optional only for bridges without a main process (the browser benchmarks).
   */
  pendingRecovery?(): Promise<PendingRecovery | null>;
  /**
   * The recovery `id` was restored into the station database: main marks it consumed, so it is
   * not offered again; true when this call consumed it, false when it was consumed already.
   * Rejects when `id` is not the pending recovery.
   */
  consumeRecovery?(id: string): Promise<boolean>;
  /**
   * The ballots and withdrawals main's journal holds for desk `entry` of round `round` at places
   * ≥ `from`, and the desk's highest place: a ballot id is never given twice, and what main holds
   * past the station database (a paper entered when the window closed) is read again. Optional
   * only for bridges without a main process (the browser benchmarks): nothing is journaled there.
   */
  journaledBallots?(round: number, entry: 'A' | 'B', from: number): Promise<JournaledPlaces>;

  // The station hub (issue 16, docs/HUB.md): one station, several machines. Optional only for
  // bridges without a main process (the browser benchmarks, tests' stubs): without them the
  // renderer is standalone, as before the hub.
  /** This machine's place in the station: standalone, the lead (its hub, LAN, desks) or a paired desk (online?). */
  hubStatus?(): Promise<HubStatus>;
  /**
   * Make this machine the lead: start its hub (the imported package is the station's) and keep
   * the LAN settings (`<data>/hub/settings.json`; LAN off: loopback only). Called again, it
   * changes the LAN settings of the running hub. Refused on a paired desk or before an import.
   */
  hubEnableLead?(settings: HubLanSettings): Promise<Outcome<HubStatus>>;
  /** A fresh single-use pairing code (5 minutes) with the QR's text and its SVG; the lead only. */
  hubOffer?(): Promise<Outcome<HubOfferView>>;
  /** The lead revokes a desk: its next request gets nothing but a refusal. */
  hubRevoke?(deskId: string): Promise<Outcome<HubStatus>>;
  /**
   * Pair this machine with a lead's hub as a desk (from the QR's text, or the hub's address and
   * the code typed by hand): a new desk key, the pinned certificate, and the hub's package text,
   * which the renderer then imports through the normal, checked import.
   */
  hubPair?(request: HubPairRequest): Promise<Outcome<HubPairResult>>;
  /**
   * One request to the hub on the renderer's behalf (path under /hub/v1): on the lead in-process,
   * on a desk signed by the desk key over the pinned TLS link. An unreachable hub is
   * `{ kind: 'offline' }` within about 1.5 s, never a hang; no hub at all is `standalone`.
   */
  hubRequest?(method: 'GET' | 'POST', path: string, body?: string): Promise<HubAnswer>;
  /** The anomalies found when partitioned desks' records merged (the lead only; [] elsewhere). */
  hubAnomalies?(): Promise<readonly Anomaly[]>;
  /** The 总监票人 resolves an anomaly: which record stands, and why. Final; the lead only. */
  hubResolveAnomaly?(id: string, resolution: AnomalyResolutionRequest): Promise<Outcome<Anomaly>>;
}
