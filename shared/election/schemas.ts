/**
 * Runtime schemas for every format that crosses a boundary (spec/FORMATS.md).
 * Structure only, and no defaults or transforms: a parsed object is the object that was
 * given (unknown keys kept), so hashes and signatures over it stay those of the sender.
 * The checks a schema cannot express (unique ids, 差额, marks naming
 * real candidates, counts that add up) live in `checkElection.ts` and `checkCountInput.ts`.
 */
import { z } from 'zod';
import { LIMITS } from './limits';

export const FORMAT = {
  electionPackage: 'polling-station/election-package@1',
  countInput: 'polling-station/count-input@1',
  countResult: 'polling-station/count-result@1',
  signedResult: 'polling-station/signed-result@1',
} as const;

// Bounds from limits.ts, the ones the station database's schemas use too.
const id = z.string().min(1).max(LIMITS.id);
const name = z.string().min(1).max(LIMITS.personName);
const count = z.number().int().min(0).max(LIMITS.count);
const time = z.iso.datetime({ offset: true }).max(LIMITS.time);

export const genderSchema = z.enum(['F', 'M']);

export const candidateSchema = z.looseObject({
  id,
  name,
  gender: genderSchema,
  birthYear: z.number().int().min(1900).max(2100).optional(),
  ethnicity: z.string().max(32).optional(),
  politicalStatus: z.string().max(32).optional(),
  education: z.string().max(32).optional(),
});

export const positionSchema = z.looseObject({
  id,
  title: z.string().min(1).max(32),
  rank: z.number().int().min(1),
  /** Validated as an integer here; `seats ≥ 1` is a semantic check with its own error code. */
  seats: z.number().int(),
  writeInLines: count.optional(),
  /** A dedicated women's position (妇女委员) under `womenRule: 'dedicated'`. */
  womenOnly: z.boolean().optional(),
  candidates: z.array(candidateSchema),
});

export const rulesSchema = z.looseObject({
  overvoteScope: z.enum(['position', 'ballot']).optional(),
  majorityBase: z.enum(['recovered', 'issued']).optional(),
  womenRule: z.enum(['reserve', 'dedicated', 'none']).optional(),
  runoffThreshold: z.enum(['oneThird', 'majority']).optional(),
  runoffExtraCandidates: count.optional(),
  maxRunoffs: count.optional(),
  runoffTurnoutRule: z.boolean().optional(),
  samePersonTwoPositions: z.enum(['higher', 'void-both']).optional(),
  maxProxiesPerHolder: count.optional(),
  proxyHolders: z.enum(['anyVoter', 'closeRelatives']).optional(),
  mobileBoxStaff: count.optional(),
  mobileBoxOvercount: z.enum(['voidBox', 'none']).optional(),
  minMembersForVacancy: count.nullable().optional(),
  minExtraCandidates: z.record(z.string(), count).optional(),
  maxExtraCandidates: z.record(z.string(), count).optional(),
  committeeSize: z.looseObject({ min: count, max: count }).optional(),
});

export const electionDefinitionSchema = z.looseObject({
  id,
  title: z.string().min(1).max(200),
  community: z.string().min(1).max(100),
  street: z.string().max(100).optional(),
  district: z.string().max(100).optional(),
  method: z.enum(['direct', 'household', 'representative']),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD'),
  positions: z.array(positionSchema).min(1),
  rules: rulesSchema.optional(),
});

export const voterSchema = z.looseObject({
  id,
  name,
  gender: genderSchema,
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  idTail: z.string().regex(/^[0-9Xx]{4}$/),
  address: z.string().max(LIMITS.address),
  group: z.string().max(LIMITS.group),
  status: z.enum(['registered', 'struck']),
  struckReason: z.string().max(LIMITS.reason).optional(),
});

export const stationSchema = z.looseObject({ id, name: z.string().min(1).max(LIMITS.stationName) });

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

/** A member of the community's election committee (选举委员会) as the package carries it. */
export const committeeMemberRecordSchema = z.looseObject({
  name,
  gender: genderSchema,
  role: z.enum(['chair', 'viceChair', 'member']),
  chosenBy: z.enum(['representativesMeeting', 'residentsMeeting', 'groupMeetings']),
  meetingOn: calendarDate,
  attendance: z.looseObject({ present: count, total: count }),
  /** The day they left the committee (e.g. to stand as a candidate), or null. */
  leftOn: calendarDate.nullable(),
});

/**
 * What the district recorded before polling day (issue 17), carried by a package built from
 * those records (an additive, optional key: a package without it is what it was; the package's
 * signature covers it). The roll and the candidates are the package's `roll` and `election`.
 */
export const preElectionRecordsSchema = z.looseObject({
  committee: z.array(committeeMemberRecordSchema),
  rollPublishedOn: calendarDate,
  formalListPublishedOn: calendarDate,
});

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');
const key = base64url.max(LIMITS.key);
const signature = base64url.max(LIMITS.signature);
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

export const electionPackageSchema = z.looseObject({
  format: z.literal(FORMAT.electionPackage),
  election: electionDefinitionSchema,
  station: stationSchema,
  roll: z.array(voterSchema),
  ballotStock: count,
  issuedAt: time,
  /** Where the station syncs to (docs/SYNC.md): an http(s) URL, optional, signed with the package. */
  districtServer: z.url({ protocol: /^https?$/ }).max(LIMITS.districtServer).optional(),
  /** Present on a package built from the district's pre-election records (server/package/fromRecords.ts). */
  preElection: preElectionRecordsSchema.optional(),
  districtKey: key,
  signature,
});

export const positionMarksSchema = z.looseObject({
  for: z.array(z.string().min(1)).optional(),
  against: z.array(z.string().min(1)).optional(),
  writeIns: z.array(z.string()).optional(),
});

export const ballotSchema = z.looseObject({
  id,
  status: z.enum(['valid', 'blank', 'unreadable']),
  marks: z.record(z.string(), positionMarksSchema).nullable().optional(),
});

export const tallySchema = z.looseObject({
  person: z.string().min(1),
  name: z.string().min(1),
  candidate: z.boolean(),
  for: count,
  against: count.optional(),
  abstain: count.optional(),
});

export const womenRuleOutcomeSchema = z.enum(['womanTookSeat', 'seatHeldForWomen', 'noWomanCandidate']);

export const positionResultSchema = z.looseObject({
  id,
  title: z.string().optional(),
  seats: count,
  threshold: count,
  invalidSections: count,
  tallies: z.array(tallySchema),
  elected: z.array(z.string()),
  unfilled: count,
  pendingQualification: z.array(z.string()).optional(),
  womenRuleOutcome: womenRuleOutcomeSchema.nullable().optional(),
});

export const runoffPositionSchema = z.looseObject({
  id,
  seats: z.number().int().min(1),
  candidates: z.array(z.string().min(1)).min(1),
  womenOnly: z.boolean(),
  reservedForWomen: count.optional(),
});

export const noticeSchema = z.enum(['chairVacantVicePresides', 'chairAndViceVacant', 'belowMinMembersForVacancy', 'noWomanElected']);

export const countResultSchema = z.looseObject({
  format: z.literal(FORMAT.countResult),
  round: z.number().int().min(1),
  valid: z.boolean(),
  voidReason: z.enum(['turnout', 'recoveredExceedsIssued']).nullable(),
  stats: z.looseObject({
    registeredVoters: count,
    participants: count,
    ballotsIssued: count,
    ballotsRecovered: count,
    validBallots: count,
    invalidBallots: count,
  }),
  positions: z.array(positionResultSchema),
  runoff: z.looseObject({ positions: z.array(runoffPositionSchema) }).nullable(),
  notices: z.array(noticeSchema).optional(),
  /**
   * A runoff round's result: who the rounds before it elected, by position id. A later runoff
   * has only this result as `runoffOf`, and must still know who round 1 elected.
   */
  electedInEarlierRounds: z.record(z.string(), z.array(z.string())).optional(),
});

export const countInputSchema = z.looseObject({
  format: z.literal(FORMAT.countInput),
  election: electionDefinitionSchema,
  round: z.number().int().min(1),
  registeredVoters: z.number().int(),
  participants: z.number().int(),
  ballotsIssued: z.number().int(),
  ballotsRecovered: z.number().int(),
  ballots: z.array(ballotSchema),
  runoffOf: countResultSchema.nullable().optional(),
});

export const signedResultSchema = z.looseObject({
  format: z.literal(FORMAT.signedResult),
  station: id,
  electionHash: sha256Hex,
  result: countResultSchema,
  ballotsHash: sha256Hex,
  signedAt: time,
  stationKey: key,
  /**
   * Present (and `true`) only on a result signed by a station running the demo package
   * (shared/election/demo.ts); a real result has no such field, so its bytes are unchanged.
   */
  demo: z.literal(true).optional(),
  signature,
});

export type Gender = z.infer<typeof genderSchema>;
export type Candidate = z.infer<typeof candidateSchema>;
export type Position = z.infer<typeof positionSchema>;
export type RulesInput = z.infer<typeof rulesSchema>;
export type ElectionDefinition = z.infer<typeof electionDefinitionSchema>;
export type Voter = z.infer<typeof voterSchema>;
export type Station = z.infer<typeof stationSchema>;
export type CommitteeMemberRecord = z.infer<typeof committeeMemberRecordSchema>;
export type PreElectionRecords = z.infer<typeof preElectionRecordsSchema>;
export type ElectionPackage = z.infer<typeof electionPackageSchema>;
export type PositionMarks = z.infer<typeof positionMarksSchema>;
export type Ballot = z.infer<typeof ballotSchema>;
export type BallotStatus = Ballot['status'];
export type Tally = z.infer<typeof tallySchema>;
export type WomenRuleOutcome = z.infer<typeof womenRuleOutcomeSchema>;
export type PositionResult = z.infer<typeof positionResultSchema>;
export type RunoffPosition = z.infer<typeof runoffPositionSchema>;
export type Notice = z.infer<typeof noticeSchema>;
export type CountResult = z.infer<typeof countResultSchema>;
export type CountStats = CountResult['stats'];
export type CountInput = z.infer<typeof countInputSchema>;
export type SignedResult = z.infer<typeof signedResultSchema>;
