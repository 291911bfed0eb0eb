export { ageOn, isOfVotingAge, VOTING_AGE } from './age';
export { candidateRange, decidePrimary, primaryNeeded, withinRange, type CandidateRange, type PlannedPosition, type PrimaryOutcome, type PrimaryVotes } from './candidates';
export { objectionDecideBy, objectionFilingDeadline, objectionOverdue, publicationTooLate, publishBy } from './deadlines';
export { birthDateFromIdNumber, calendarDate, idCheckCharacter, readIdNumber, type IdNumberProblem, type IdNumberReading } from './idNumber';
export { isEligible, nominationFlags, type FlagContext, type NominationFacts, type NominationFlag, type NominationFlagCode } from './nominationFlags';
export { DEFAULT_CHECKLIST, DEFAULT_PRE_ELECTION_PROFILE, resolvePreElectionProfile, type ChecklistItem, type PreElectionProfile, type PreElectionProfileInput } from './profile';
