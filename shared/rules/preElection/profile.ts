/**
 * The profile of the steps before polling day (issue 17): per province, each key with the
 * national default of the 2025 居委会组织法 (L25 17) unless a province sets its own. Nothing
 * else in the code may assume one of these values.
 */

/** One check the office confirms for each nominee (the seed's checks, e.g. 近五年无违法犯罪记录). */
export interface ChecklistItem {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
}

export interface PreElectionProfile {
  /** The roll is published at least this many days before election day (L25 17: 20). */
  readonly publicationDaysBefore: number;
  /** Objections are filed within this many days of publication (L25 17: 5). */
  readonly objectionFilingDays: number;
  /** The committee decides an objection within this many days of its filing (L25 17: 3). */
  readonly objectionDecisionDays: number;
  /** Fewest voters' signatures on a joint nomination (联名). */
  readonly minJointSignatures: number;
  /** The checks confirmed for every nominee before they may become a formal candidate. */
  readonly checklist: readonly ChecklistItem[];
}

export type PreElectionProfileInput = Partial<PreElectionProfile>;

export const DEFAULT_CHECKLIST: readonly ChecklistItem[] = [
  { id: 'politicalRights', zh: '享有政治权利', en: 'holds political rights' },
  { id: 'noCriminalRecord', zh: '近五年无违法犯罪记录', en: 'no criminal record in the last five years' },
  { id: 'noDisciplinaryAction', zh: '未受党纪政务处分或已过影响期', en: 'no party or administrative sanction in force' },
  { id: 'noBadFaith', zh: '无失信被执行、涉黑涉恶、宗族势力干扰等情形', en: 'no bad-faith debtor listing, organised crime or clan interference' },
];

export const DEFAULT_PRE_ELECTION_PROFILE: PreElectionProfile = {
  publicationDaysBefore: 20,
  objectionFilingDays: 5,
  objectionDecisionDays: 3,
  minJointSignatures: 10,
  checklist: DEFAULT_CHECKLIST,
};

export function resolvePreElectionProfile(given: PreElectionProfileInput | undefined): PreElectionProfile {
  const input = given ?? {};
  return {
    publicationDaysBefore: input.publicationDaysBefore ?? DEFAULT_PRE_ELECTION_PROFILE.publicationDaysBefore,
    objectionFilingDays: input.objectionFilingDays ?? DEFAULT_PRE_ELECTION_PROFILE.objectionFilingDays,
    objectionDecisionDays: input.objectionDecisionDays ?? DEFAULT_PRE_ELECTION_PROFILE.objectionDecisionDays,
    minJointSignatures: input.minJointSignatures ?? DEFAULT_PRE_ELECTION_PROFILE.minJointSignatures,
    checklist: input.checklist ?? DEFAULT_PRE_ELECTION_PROFILE.checklist,
  };
}
