/**
 * The dates of the roll (L25 17): published at least N days before election day, objections
 * filed within M days of publication and decided within K days of filing (per profile).
 * Calendar dates (YYYY-MM-DD) of the election's zone; each deadline includes its whole day.
 */
import { addDays } from '../handover';
import type { PreElectionProfile } from './profile';

/** The latest day the roll may be published. */
export function publishBy(electionDate: string, profile: Pick<PreElectionProfile, 'publicationDaysBefore'>): string {
  return addDays(electionDate, -profile.publicationDaysBefore);
}

/** Null when `publishedOn` is early enough; else the latest day it could have been. */
export function publicationTooLate(publishedOn: string, electionDate: string, profile: Pick<PreElectionProfile, 'publicationDaysBefore'>): string | null {
  const latest = publishBy(electionDate, profile);
  return publishedOn > latest ? latest : null;
}

/** The last day an objection to a roll published on `publishedOn` may be filed. */
export function objectionFilingDeadline(publishedOn: string, profile: Pick<PreElectionProfile, 'objectionFilingDays'>): string {
  return addDays(publishedOn, profile.objectionFilingDays);
}

/** The last day the committee may decide an objection filed on `filedOn`. */
export function objectionDecideBy(filedOn: string, profile: Pick<PreElectionProfile, 'objectionDecisionDays'>): string {
  return addDays(filedOn, profile.objectionDecisionDays);
}

/** An undecided objection whose decision day has passed (`today` in the election's zone). */
export function objectionOverdue(filedOn: string, today: string, profile: Pick<PreElectionProfile, 'objectionDecisionDays'>): boolean {
  return today > objectionDecideBy(filedOn, profile);
}
