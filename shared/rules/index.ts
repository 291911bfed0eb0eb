export { countRound, readCountInput, resultFromCounts, tally } from './count';
export { mergeRounds, type Committee, type CommitteePosition, type ElectedPerson } from './merge';
export { IncrementalTally } from './incremental';
export { buildRoundContext, type PersonKey, type PositionContext, type RoundContext } from './context';
export { readBallot, writeInPerson, type BallotReading, type SectionReading } from './readBallot';
export { certainlyElected } from './certain';
export { roundThreshold, roundVoidReason, turnoutNeeded, type RoundCounts, type VoidReason } from './decide';
export { checkBallot } from './checkCountInput';
export { compareByStroke, sortByStroke } from './order';
