/**
 * The sync's last time in the election's local time (issue 15, item 3), whatever the machine's
 * zone: 15:09 on the election's today, else 2026年12月6日 15:09 — never raw ISO or UTC.
 */
import { describe, expect, it } from 'vitest';
import { formatSyncTime } from '../../../../renderer/features/sync/format';

const RAW = /\d{4}-\d{2}-\d{2}T|UTC|Z$/;

describe('formatSyncTime', () => {
  it("says only the time on the election's today", () => {
    const text = formatSyncTime('2026-12-07T07:09:30.000Z', 'zh-CN', 'Asia/Shanghai', new Date('2026-12-07T10:00:00Z'));
    expect(text).toBe('15:09');
  });

  it("names the day when it is not the election's today — the day as the election counts it, not UTC's", () => {
    // 16:30 UTC on the 6th is 00:30 on the 7th in Beijing: the same day as now there.
    expect(formatSyncTime('2026-12-06T16:30:00.000Z', 'zh-CN', 'Asia/Shanghai', new Date('2026-12-07T02:00:00Z'))).toBe('00:30');
    // 15:30 UTC on the 6th is 23:30 on the 6th in Beijing: yesterday there.
    const yesterday = formatSyncTime('2026-12-06T15:30:00.000Z', 'zh-CN', 'Asia/Shanghai', new Date('2026-12-07T02:00:00Z'));
    expect(yesterday).toBe('2026年12月6日 23:30');
    expect(formatSyncTime('2026-12-06T15:30:00.000Z', 'en', 'Asia/Shanghai', new Date('2026-12-07T02:00:00Z'))).toBe('2026-12-06 23:30');
    for (const text of [yesterday]) expect(text).not.toMatch(RAW);
  });

  it('keeps a value that is not a time as it is', () => {
    expect(formatSyncTime('never', 'zh-CN')).toBe('never');
  });
});
