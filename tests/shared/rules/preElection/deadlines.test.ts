/** The roll's dates (L25 17): publication, objections filed and decided — per profile. */
import { describe, expect, it } from 'vitest';
import { objectionDecideBy, objectionFilingDeadline, objectionOverdue, publicationTooLate, publishBy } from '../../../../shared/rules/preElection/deadlines';
import { resolvePreElectionProfile } from '../../../../shared/rules/preElection/profile';

describe('roll publication and objection deadlines', () => {
  const national = resolvePreElectionProfile(undefined);

  it('publishes at least 20 days before election day by default; a province may ask more', () => {
    expect(publishBy('2027-03-21', national)).toBe('2027-03-01');
    expect(publicationTooLate('2027-03-01', '2027-03-21', national)).toBeNull();
    expect(publicationTooLate('2027-03-02', '2027-03-21', national)).toBe('2027-03-01');
    const stricter = resolvePreElectionProfile({ publicationDaysBefore: 30 });
    expect(publicationTooLate('2027-03-01', '2027-03-21', stricter)).toBe('2027-02-19');
  });

  it('takes objections for 5 days and decides them within 3, across month ends', () => {
    expect(objectionFilingDeadline('2027-02-26', national)).toBe('2027-03-03');
    expect(objectionDecideBy('2027-02-27', national)).toBe('2027-03-02');
    expect(objectionOverdue('2027-02-27', '2027-03-02', national)).toBe(false);
    expect(objectionOverdue('2027-02-27', '2027-03-03', national)).toBe(true);
    expect(objectionDecideBy('2027-02-27', resolvePreElectionProfile({ objectionDecisionDays: 5 }))).toBe('2027-03-04');
  });
});
