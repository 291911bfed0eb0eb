export { countRound, readCountInput, tally } from './count';
export { IncrementalTally } from './incremental';
export { buildRoundContext, type PersonKey, type PositionContext, type RoundContext } from './context';
export { readBallot, writeInPerson, normalizeWrittenName, type BallotReading, type SectionReading } from './readBallot';
export { roundThreshold, roundVoidReason, type RoundCounts, type VoidReason } from './decide';
export { checkBallot } from './checkCountInput';
export { compareByStroke, sortByStroke } from './order';
