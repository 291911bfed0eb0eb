/**
 * Before polling day (issue 17): the records the district office keeps per community, and the
 * JSON of the HTTP API `/api/pre-election/…` (server/preElection/routes.ts). One file every side
 * codes against: the store and services (P1), the sheets and the package (P2), the dashboard (P3).
 *
 * Dates a person writes (`…On`) are calendar dates `YYYY-MM-DD` in the election's zone; times the
 * server stamps (`…At`) are ISO 8601 instants. Ids are strings. A refusal is the API's usual error
 * body (`{ code, message, issues: (ValidationIssue & { message })[] }`, server/http/io.ts `errorBody`),
 * each issue worded zh-CN + en by `describeIssue` (codes `preElection.*`, shared/election/preElectionMessages.ts).
 *
 * For P2 (package, sheets) and P3 (benchmarks), the service functions to call (server/preElection/):
 *   - `importRoll(db, communityId, file)` (rollImport.ts): the roll from CSV or XLSX bytes, all or nothing.
 *   - `findDuplicates(db)` (duplicates.ts): every ID number registered in two communities, district-wide.
 *   - `packageRecords(db, communityId)` (packageRecords.ts): the ElectionDefinition (formal candidates
 *     in stroke order), the roll as the package's Voter[], the committee — what a package is built from.
 *   - `printedRoll(db, communityId)` (roll.ts): the published roll by residents' group, for the PDF.
 *   - `formalList(db, communityId)` (candidates.ts): the formal candidate list, for its PDF.
 */
import type { ValidationIssue } from '../../shared/election/issues';
import type { ElectionDefinition, RulesInput, Voter } from '../../shared/election/schemas';
import type { NominationFlag } from '../../shared/rules/preElection/nominationFlags';
import type { PreElectionProfile, PreElectionProfileInput } from '../../shared/rules/preElection/profile';

export type IsoDate = string;
export type IsoInstant = string;
export type Gender = 'F' | 'M';
export type Method = ElectionDefinition['method'];

// ——— The profile of the steps before polling day: shared/rules/preElection/profile.ts ———
export type { ChecklistItem, PreElectionProfile, PreElectionProfileInput } from '../../shared/rules/preElection/profile';

// ——— The community (one per polling station: its id is the station id of the package) ———

/** A position of the election with its seats, and how many formal candidates it will have (差额). */
export interface PositionPlan {
  readonly id: string;
  readonly title: string;
  /** 1 = 主任, 2 = 副主任, 3 = 委员 … (the lowest rank is the 委员 position). */
  readonly rank: number;
  readonly seats: number;
  /** Formal candidates wanted (within seats + minExtra … seats + maxExtra of the rules profile). */
  readonly formalCandidates: number;
  readonly writeInLines?: number;
  readonly womenOnly?: boolean;
}

export interface Community {
  /** The polling station's id (shared/station/stationId.ts rule); also the community's id here. */
  readonly id: string;
  /** 柳岸社区 */
  readonly name: string;
  readonly stationName: string;
  readonly street: string;
  readonly district: string;
  /** The election's id in the package (e.g. `2027-liuan-9`). */
  readonly electionId: string;
  /** 柳岸社区第九届居民委员会换届选举 */
  readonly electionTitle: string;
  readonly electionDate: IsoDate;
  readonly method: Method;
  readonly positions: readonly PositionPlan[];
  /** The polling-day rules profile carried by the package (shared/election/profile.ts). */
  readonly rules: RulesInput;
  /** The before-polling-day profile, resolved (every key present). */
  readonly profile: PreElectionProfile;
  readonly createdAt: IsoInstant;
}

/** POST /api/pre-election/communities — create or (before publication) change a community. */
export interface CommunityInput {
  readonly id: string;
  readonly name: string;
  readonly stationName?: string;
  readonly street?: string;
  readonly district?: string;
  readonly electionId: string;
  readonly electionTitle: string;
  readonly electionDate: IsoDate;
  readonly method: Method;
  readonly positions: readonly PositionPlan[];
  readonly rules?: RulesInput;
  readonly profile?: PreElectionProfileInput;
  readonly by?: string;
}

/** Where a community is in the steps (GET /api/pre-election/communities[/ID]). */
export interface CommunitySummary {
  readonly community: Community;
  readonly committee: number;
  readonly roll: { readonly registered: number; readonly struck: number };
  /** Persons of this roll also registered in another community, not yet resolved. */
  readonly duplicates: number;
  readonly publication: Publication | null;
  /** The latest date the roll may be published (election date − publicationDaysBefore). */
  readonly publishBy: IsoDate;
  readonly objections: { readonly open: number; readonly decided: number; readonly overdue: number };
  readonly nominations: number;
  readonly formalList: FormalList | null;
}

// ——— 1. The election committee (选举委员会) ———

export type CommitteeRole = 'chair' | 'viceChair' | 'member';
/** 居民代表会议推选 / 居民会议推选 / 各居民小组会议推选 */
export type ChosenBy = 'representativesMeeting' | 'residentsMeeting' | 'groupMeetings';

export interface CommitteeMember {
  readonly id: string;
  readonly communityId: string;
  readonly name: string;
  /** 18-digit ID number: how a member is recognised among the nominees. */
  readonly idNumber: string;
  readonly gender: Gender;
  readonly role: CommitteeRole;
  readonly chosenBy: ChosenBy;
  readonly meetingOn: IsoDate;
  /** Present at the meeting / entitled to attend. */
  readonly attendance: { readonly present: number; readonly total: number };
  /** The day they left the committee (e.g. to stand as a candidate), or null. */
  readonly leftOn: IsoDate | null;
  readonly leftReason: string | null;
}

/** POST /api/pre-election/communities/ID/committee */
export interface CommitteeMemberInput {
  readonly name: string;
  readonly idNumber: string;
  readonly role: CommitteeRole;
  readonly chosenBy: ChosenBy;
  readonly meetingOn: IsoDate;
  readonly attendance: { readonly present: number; readonly total: number };
  readonly by?: string;
}

/** POST /api/pre-election/communities/ID/committee/MEMBER/leave */
export interface CommitteeLeaveInput {
  readonly leftOn: IsoDate;
  readonly reason: string;
  readonly by?: string;
}

// ——— 2. Voter registration (选民登记) ———

/** 户籍在本社区 / 居住一年以上申请登记 / 人户分离其他情形 */
export type RegistrationCategory = 'hukou' | 'resident' | 'separated';

export const REGISTRATION_CATEGORIES: Readonly<Record<RegistrationCategory, { readonly zh: string; readonly en: string }>> = {
  hukou: { zh: '户籍在本社区', en: 'household registered in the community' },
  resident: { zh: '居住一年以上申请登记', en: 'resident one year or more, applied' },
  separated: { zh: '人户分离其他', en: 'registered elsewhere, other cases' },
};

export type RollStatus = 'registered' | 'struck';

export interface RollEntry {
  /** The voter's id in the package (`v-…`), stable once made. */
  readonly id: string;
  readonly communityId: string;
  readonly idNumber: string;
  readonly name: string;
  readonly gender: Gender;
  /** From the ID number. */
  readonly birthDate: IsoDate;
  readonly address: string;
  /** 居民小组 */
  readonly group: string;
  /** 户号: same household number = relatives (家族化 warning). */
  readonly household: string;
  readonly category: RegistrationCategory;
  /** What shows the category (户口簿, 居住证, 申请书 …). */
  readonly evidence: string;
  readonly status: RollStatus;
  readonly struckReason: string | null;
  /** Row of the imported file (null: added by an objection). */
  readonly sourceRow: number | null;
}

/**
 * POST /api/pre-election/communities/ID/roll — the whole roll, before publication only: the body is
 * the file (Content-Type `text/csv` or the XLSX type; `?name=` the file name). All rows or nothing.
 */
export interface RollImportResult {
  readonly imported: number;
  /** Persons of this roll registered in another community too (flagged, not refused). */
  readonly duplicates: number;
  readonly replaced: number;
}

/** A refused roll: 422 with issues `preElection.rollRow` (params: row, column, value, reason zh/en). */
export type RollImportRefusal = readonly ValidationIssue[];

/** GET /api/pre-election/communities/ID/roll?group=&q=&offset=&limit= */
export interface RollPage {
  readonly total: number;
  readonly entries: readonly RollEntry[];
}

/** The zh headers of the roll file (template: GET /api/pre-election/roll-template.csv | .xlsx). */
export const ROLL_COLUMNS = {
  idNumber: '身份证号码',
  name: '姓名',
  gender: '性别',
  address: '住址',
  group: '居民小组',
  household: '户号',
  category: '登记类别',
  evidence: '登记依据',
} as const;

// ——— District-wide duplicates (one person in two communities) ———

export interface DuplicateRegistration {
  readonly idNumber: string;
  readonly name: string;
  readonly entries: readonly {
    readonly communityId: string;
    readonly communityName: string;
    readonly entryId: string;
    readonly status: RollStatus;
    readonly published: boolean;
  }[];
  /** Where the office decided they vote; null while unresolved. */
  readonly resolution: { readonly communityId: string; readonly decidedAt: IsoInstant; readonly by: string; readonly note: string } | null;
}

/** POST /api/pre-election/duplicates/IDNUMBER/resolve — keeps one community; strikes the others. */
export interface DuplicateResolutionInput {
  readonly keepCommunityId: string;
  readonly note: string;
  readonly by?: string;
}

// ——— 3. Publication (选民榜) and objections (异议) ———

export interface Publication {
  readonly communityId: string;
  readonly publishedOn: IsoDate;
  readonly by: string;
  readonly registered: number;
  readonly recordedAt: IsoInstant;
}

/** POST /api/pre-election/communities/ID/publication */
export interface PublicationInput {
  readonly publishedOn: IsoDate;
  readonly by: string;
}

/** 漏登 (someone missing) / 错登 (someone who should not be on it) / 信息有误 (wrong details). */
export type ObjectionSubject = 'omitted' | 'wronglyIncluded' | 'wrongDetails';
export type ObjectionDecision = 'upheld' | 'rejected';

/** What an upheld objection does to the roll (the only way a published roll changes). */
export type RollChange =
  | { readonly kind: 'add'; readonly entry: RollEntryInput }
  | { readonly kind: 'strike'; readonly entryId: string; readonly reason: string }
  | { readonly kind: 'correct'; readonly entryId: string; readonly fields: Partial<Pick<RollEntryInput, 'name' | 'address' | 'group' | 'household' | 'category' | 'evidence'>> };

/** A roll entry as a person gives it (gender and birth date come from the ID number). */
export interface RollEntryInput {
  readonly idNumber: string;
  readonly name: string;
  readonly address: string;
  readonly group: string;
  readonly household: string;
  readonly category: RegistrationCategory;
  readonly evidence: string;
}

export interface Objection {
  readonly id: string;
  readonly communityId: string;
  readonly filedOn: IsoDate;
  /** Who objects (name, and how to reach them). */
  readonly objector: string;
  readonly subject: ObjectionSubject;
  /** The roll entry it is about, when it is about one. */
  readonly entryId: string | null;
  readonly statement: string;
  /** filedOn + objectionDecisionDays. */
  readonly decideBy: IsoDate;
  readonly decidedOn: IsoDate | null;
  readonly decision: ObjectionDecision | null;
  readonly reason: string | null;
  /** The roll change an upheld objection made. */
  readonly change: RollChange | null;
  /** Decided after decideBy (recorded as it happened, and shown). */
  readonly decidedLate: boolean;
}

/** POST /api/pre-election/communities/ID/objections */
export interface ObjectionInput {
  readonly filedOn: IsoDate;
  readonly objector: string;
  readonly subject: ObjectionSubject;
  readonly entryId?: string;
  readonly statement: string;
  readonly by?: string;
}

/** POST /api/pre-election/communities/ID/objections/OBJECTION/decision */
export interface ObjectionDecisionInput {
  readonly decidedOn: IsoDate;
  readonly decision: ObjectionDecision;
  readonly reason: string;
  /** Required when upheld (what changes on the roll). */
  readonly change?: RollChange;
  readonly by?: string;
}

// ——— 4. Nominations (提名) ———

/** 联名 (voters jointly, with signatures) / 自荐 (self-nomination). */
export type NominationKind = 'joint' | 'self';

/**
 * Flags (shared/rules/preElection/nominationFlags.ts), refusing unless said: underAge, notOnRoll,
 * inCommittee (until they left), duplicate (same person, same position: the first stands),
 * otherPosition (they choose one in writing), tooFewSignatures, checklistOpen; `relative` (same
 * household number as another nominee, 家族化) is not refusing.
 */
export type { NominationFlag, NominationFlagCode } from '../../shared/rules/preElection/nominationFlags';

export interface ChecklistConfirmation {
  readonly itemId: string;
  readonly confirmed: boolean;
  readonly by: string;
  readonly note: string;
  readonly at: IsoInstant;
}

export type NominationStatus = 'active' | 'withdrawn';

export interface Nomination {
  readonly id: string;
  readonly communityId: string;
  readonly positionId: string;
  readonly idNumber: string;
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: IsoDate;
  readonly kind: NominationKind;
  /** 联名: the number of signatures; 自荐: null. */
  readonly signatures: number | null;
  readonly nominatedOn: IsoDate;
  readonly status: NominationStatus;
  /** The nominee's roll entry in this community (null: not on the roll). */
  readonly entryId: string | null;
  readonly household: string | null;
  readonly checklist: readonly ChecklistConfirmation[];
  /** Computed at every read from the current records (never stored stale). */
  readonly flags: readonly NominationFlag[];
  /** No refusing flag. */
  readonly eligible: boolean;
}

/** POST /api/pre-election/communities/ID/nominations */
export interface NominationInput {
  readonly positionId: string;
  readonly idNumber: string;
  readonly name: string;
  readonly kind: NominationKind;
  readonly signatures?: number;
  readonly nominatedOn: IsoDate;
  readonly by?: string;
}

/** POST /api/pre-election/communities/ID/nominations/NOMINATION/checklist */
export interface ChecklistInput {
  readonly itemId: string;
  readonly confirmed: boolean;
  readonly note?: string;
  readonly by?: string;
}

// ——— 5. Primary (预选) and the formal candidate list (正式候选人名单) ———

/** Votes per nominee (a secret-ballot primary) or the decision of the 居民代表会议. */
export type PrimaryInput =
  | {
      readonly method: 'vote';
      readonly heldOn: IsoDate;
      readonly ballotsRecovered: number;
      readonly votes: readonly { readonly nominationId: string; readonly votes: number }[];
      readonly by?: string;
    }
  | {
      readonly method: 'representativesMeeting';
      readonly heldOn: IsoDate;
      /** The nominees the meeting made formal candidates. */
      readonly advanced: readonly string[];
      readonly note: string;
      readonly by?: string;
    };

export interface Primary {
  readonly communityId: string;
  readonly positionId: string;
  readonly method: PrimaryInput['method'];
  readonly heldOn: IsoDate;
  readonly ballotsRecovered: number | null;
  /** Most votes first (vote primaries). */
  readonly votes: readonly { readonly nominationId: string; readonly name: string; readonly votes: number }[];
  /** Nominations that became formal candidates. */
  readonly advanced: readonly string[];
  /** Nominations tied across the last place (none of them advanced: a new vote among them). */
  readonly tiedAtCut: readonly string[];
  readonly note: string;
  readonly recordedAt: IsoInstant;
}

/** Whether a position needs a primary, and how far it is (GET …/positions). */
export interface PositionStatus {
  readonly position: PositionPlan;
  /** Eligible active nominees. */
  readonly eligible: number;
  /** seats + minExtra … seats + maxExtra (null: no upper bound). */
  readonly range: { readonly min: number; readonly max: number | null };
  readonly primaryNeeded: boolean;
  readonly primary: Primary | null;
}

export interface FormalCandidate {
  /** The candidate's id in the package (`p-…`). */
  readonly id: string;
  readonly nominationId: string;
  readonly entryId: string;
  readonly name: string;
  readonly gender: Gender;
  readonly birthYear: number;
}

export interface FormalList {
  readonly communityId: string;
  readonly publishedOn: IsoDate;
  readonly by: string;
  /** Positions in rank order, candidates in stroke order (以姓氏笔画为序). */
  readonly positions: readonly { readonly position: PositionPlan; readonly candidates: readonly FormalCandidate[] }[];
  readonly recordedAt: IsoInstant;
}

/** POST /api/pre-election/communities/ID/formal-list — checks 差额 per position first. */
export interface FormalListInput {
  readonly publishedOn: IsoDate;
  readonly by: string;
}

// ——— What the package and the sheets are made from ———

export interface PackageRecords {
  readonly community: Community;
  /** Positions with the formal candidates (stroke order), the rules; ready for buildElectionPackage. */
  readonly election: ElectionDefinition;
  /** The published roll with every decided objection applied, as the package carries it. */
  readonly roll: readonly Voter[];
  readonly committee: readonly CommitteeMember[];
  readonly publication: Publication;
  readonly formalList: FormalList;
}

/** The printed roll (选民榜): by residents' group, names in stroke order within a group. */
export interface PrintedRoll {
  readonly community: Community;
  readonly publication: Publication | null;
  readonly groups: readonly { readonly group: string; readonly entries: readonly RollEntry[] }[];
}

// ——— The audit log (every change) ———

export interface AuditEntry {
  readonly seq: number;
  readonly at: IsoInstant;
  readonly communityId: string | null;
  readonly by: string;
  /** e.g. `community.save`, `committee.add`, `roll.import`, `objection.decide`, `nomination.add`. */
  readonly action: string;
  readonly subject: string;
  readonly detail: unknown;
}
