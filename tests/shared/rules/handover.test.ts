/** The handover deadline (移交 within 3 days of the vote), in the election's own time zone. */
import { describe, expect, it } from 'vitest';
import { addDays, handoverDaysLate, handoverDeadline, handoverUrgency } from '../../../shared/rules/handover';

describe('handover deadline', () => {
  it('counts calendar days of the election\'s zone from the vote: ok, soon, last day, overdue', () => {
    // Vote on 2026-12-06 (Beijing time): the last day is 12-09.
    const at = (iso: string) => handoverDeadline('2026-12-06', iso);
    expect(at('2026-12-06T10:00:00Z')).toEqual({ voteDate: '2026-12-06', deadline: '2026-12-09', today: '2026-12-06', daysLeft: 3, urgency: 'ok' });
    expect(at('2026-12-07T15:59:59Z')).toMatchObject({ today: '2026-12-07', daysLeft: 2, urgency: 'ok' });
    // 2026-12-07T16:00Z is already 12-08 00:00 in Beijing.
    expect(at('2026-12-07T16:00:00Z')).toMatchObject({ today: '2026-12-08', daysLeft: 1, urgency: 'soon' });
    expect(at('2026-12-08T16:00:00Z')).toMatchObject({ today: '2026-12-09', daysLeft: 0, urgency: 'lastDay' });
    expect(at('2026-12-09T15:59:59Z')).toMatchObject({ daysLeft: 0, urgency: 'lastDay' });
    expect(at('2026-12-09T16:00:00Z')).toMatchObject({ today: '2026-12-10', daysLeft: -1, urgency: 'overdue' });
  });

  it('uses the zone given, never the machine\'s', () => {
    // The same instant is 12-08 in Beijing but still 12-07 in New York.
    expect(handoverDeadline('2026-12-06', '2026-12-07T20:00:00Z', 'Asia/Shanghai').daysLeft).toBe(1);
    expect(handoverDeadline('2026-12-06', '2026-12-07T20:00:00Z', 'America/New_York').daysLeft).toBe(2);
  });

  it('crosses months and years, and knows the period', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-27', 3)).toBe('2028-03-01');
    expect(handoverDeadline('2026-12-30', '2027-01-02T03:00:00Z')).toMatchObject({ deadline: '2027-01-02', daysLeft: 0, urgency: 'lastDay' });
    expect(handoverDaysLate('2026-12-06', '2026-12-06')).toBe(0);
    expect(handoverDaysLate('2026-12-06', '2026-12-09')).toBe(0);
    expect(handoverDaysLate('2026-12-06', '2026-12-10')).toBe(1);
    expect(handoverDaysLate('2026-12-29', '2027-01-03')).toBe(2);
    expect(handoverDaysLate('2028-02-26', '2028-03-02')).toBe(2);
    expect([5, 2, 1, 0, -3].map(handoverUrgency)).toEqual(['ok', 'ok', 'soon', 'lastDay', 'overdue']);
    expect(() => addDays('6.12.2026', 1)).toThrow(RangeError);
  });
});
