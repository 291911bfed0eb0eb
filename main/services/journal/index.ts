/** The station journal: fsync'd JSON lines of every check-in and ballot, and the rebuild from it. */
export * from './format';
export { JournalWriter, type JournalWriterOptions } from './writer';
export { JournalConflict } from './ballotIndex';
export { readJournalFile, splitJournal, parseJournalLine, type CorruptLine, type SplitJournal } from './reader';
export { documentsFromJournal, lastElectionMark, linesOfElection, RECOVERY_FORMAT, type BallotRecord, type RecoveredDocuments } from './documents';
export { stationJournal, journalPath, importPackageJournaled, checkImportJournaled, completeImportJournaled, closeAllJournals, type StationJournal } from './service';
export { recoverJournalToFile, type RecoverSummary } from './recover';
export { prepareRecovery, pendingRecovery, consumeRecovery, recoverFromJournalArg, recoveryDir, RecoveryRefused, type PreparedRecovery } from './pending';
