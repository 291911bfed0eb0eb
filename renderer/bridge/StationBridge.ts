/**
 * The bridge's types now live in shared/bridge/StationBridge.ts (the contract main and the
 * renderer share). This re-export only keeps the renderer modules that other work in progress
 * is splitting compiling until their imports point there; new code imports shared/bridge.
 */
export type { ImportedPackage, JournalEntry, JournalKind, PendingRecovery, ProducedSheets, RecoveredJournal, SheetRequest, StationBridge, StationKeyInfo } from '../../shared/bridge/StationBridge';
