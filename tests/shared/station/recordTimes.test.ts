import { describe, expect, it } from 'vitest';
import { EARLIEST_RECORD_TIME, recordTimeMs, recordTimeProblem, RECORD_TIME_LEEWAY_MS } from '../../../shared/station/recordTimes';

describe('record times (checked for every ballot and check-in a push brings)', () => {
  it('takes a real calendar day only: leap years by the Gregorian rule, no 31 April', () => {
    expect(recordTimeMs('2024-02-29T12:00:00.000+08:00')).toBe(Date.parse('2024-02-29T04:00:00.000Z'));
    expect(recordTimeMs('2000-02-29T00:00Z')).toBe(Date.parse('2000-02-29T00:00Z'));
    for (const impossible of ['2023-02-29T00:00Z', '1900-02-29T00:00Z', '2100-02-29T00:00Z', '2024-02-30T00:00Z', '2026-04-31T00:00Z', '2026-06-31T00:00Z', '2026-09-31T00:00Z', '2026-11-31T00:00Z', '2026-12-32T00:00Z', '2026-01-00T00:00Z']) {
      expect(recordTimeMs(impossible), impossible).toBeNull();
    }
    for (const month of ['01', '03', '05', '07', '08', '10', '12']) expect(recordTimeMs(`2026-${month}-31T23:59:59Z`)).not.toBeNull();
  });

  it('refuses hours, minutes, seconds and offsets out of range, and text that is not ISO 8601 with an offset', () => {
    for (const bad of ['2026-12-06T24:00Z', '2026-12-06T00:60Z', '2026-12-06T00:00:60Z', '2026-12-06T00:00+24:00', '2026-12-06T00:00+08:60', '2026-13-01T00:00Z', '2026-00-01T00:00Z', '2026-12-06T17:00:00', '2026-12-06', 'yesterday', '']) {
      expect(recordTimeMs(bad), bad).toBeNull();
    }
  });

  it('names the rule a time breaks, with the value shortened to 60 characters', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(recordTimeProblem('ballots', { at: '2026-12-06T17:00:00.000+08:00' }, now)).toBeNull();
    expect(recordTimeProblem('ballots', { at: null }, now)).toBeNull();
    expect(recordTimeProblem('ballots', { at: '1999-12-31T23:59:59Z' }, now)).toEqual({ code: 'record.timeTooEarly', field: 'at', value: '1999-12-31T23:59:59Z' });
    expect(recordTimeProblem('ballots', { at: EARLIEST_RECORD_TIME }, now)).toBeNull();
    const late = new Date(now + RECORD_TIME_LEEWAY_MS + 1000).toISOString();
    expect(recordTimeProblem('ballots', { at: late }, now)).toEqual({ code: 'record.timeAfterUpload', field: 'at', value: late });
    expect(recordTimeProblem('checkins', { issuedAt: '2026-12-06T09:00Z', undoneAt: 5 }, now)).toEqual({ code: 'record.timeInvalid', field: 'undoneAt', value: '5' });
    expect(recordTimeProblem('ballots', { at: 'x'.repeat(80) }, now)).toEqual({ code: 'record.timeInvalid', field: 'at', value: `${'x'.repeat(57)}…` });
  });
});
