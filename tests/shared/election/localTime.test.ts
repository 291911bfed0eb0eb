import { describe, expect, it } from 'vitest';
import { electionTimeZone, formatLocalDate, formatLocalDateTime, formatLocalTime, timeZoneNote } from '../../../shared/election/localTime';

describe('local time (issue 15, item 3)', () => {
  it('shows a UTC instant as the election wall time, Asia/Shanghai by default', () => {
    expect(formatLocalDateTime('2026-12-07T07:09:30Z')).toBe('2026年12月7日 15:09');
    expect(formatLocalDateTime('2026-12-07T07:09:30Z', { seconds: true })).toBe('2026年12月7日 15:09:30');
    expect(formatLocalDateTime('2026-12-07T07:09:30Z', { language: 'en' })).toBe('2026-12-07 15:09');
    expect(formatLocalDate('2026-12-06T17:00:00Z')).toBe('2026年12月7日');
    expect(formatLocalTime('2026-12-06T16:05:00Z')).toBe('00:05');
  });

  it('never says UTC nor ISO', () => {
    const text = formatLocalDateTime('2026-12-07T07:09:30.123Z');
    expect(text).not.toMatch(/UTC|T\d|Z/);
  });

  it('takes a zone the election carries, and falls back for none or a bad one', () => {
    expect(electionTimeZone({})).toBe('Asia/Shanghai');
    expect(electionTimeZone({ timeZone: 'Not/AZone' })).toBe('Asia/Shanghai');
    expect(electionTimeZone({ timeZone: 'Asia/Urumqi' })).toBe('Asia/Urumqi');
    expect(formatLocalDateTime('2026-12-07T07:09:30Z', { timeZone: 'Asia/Urumqi' })).toBe('2026年12月7日 13:09');
    expect(timeZoneNote()).toContain('Asia/Shanghai');
  });

  it('keeps an unreadable time as given', () => {
    expect(formatLocalDateTime('not a time')).toBe('not a time');
  });
});
