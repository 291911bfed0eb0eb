/**
 * Every message that names an instant says it in the election's local time (issue 15, item 3):
 * 2026年12月7日 15:09 / 2026-12-07 15:09, never raw ISO or UTC. The issue keeps the instant as
 * stored (UTC); describeIssue turns the time parameters into local time, in the issue's
 * `timeZone` (the election's) or Asia/Shanghai.
 */
import { describe, expect, it } from 'vitest';
import { describeIssue, describeIssueBilingual, issue, TIME_PARAMS } from '../../../shared/election/issues';
import { formatCalendarDate } from '../../../shared/election/localTime';
import { EARLIEST_RECORD_TIME } from '../../../shared/station/recordTimes';
import { checkIssueBallot } from '../../../shared/rules/polling';
import type { Voter } from '../../../shared/election/schemas';
import type { CheckinRecord } from '../../../shared/station/records';

/** Raw ISO 8601 (a date-time with T) or the word UTC: neither may reach a person. */
const RAW = /\d{4}-\d{2}-\d{2}T\d{2}|UTC|\dZ\b/;

function expectLocal(text: string, local: string) {
  expect(text).toContain(local);
  expect(text).not.toMatch(RAW);
}

describe('messages that name a time', () => {
  it('a ballot already issued: the time it was issued, local (check-in desk)', () => {
    const voter: Voter = { id: 'v1', name: '张三', gender: 'M', birthDate: '1970-01-01', idTail: '1234', address: '1号楼', group: '第一居民小组', status: 'registered' };
    const issued: CheckinRecord = { id: '1:v1', round: 1, voterId: 'v1', kind: 'inPerson', status: 'issued', issuedAt: '2026-12-07T07:09:30.000Z', clerk: '冯静', desk: '1号台' };
    const [found] = checkIssueBallot(voter, issued);
    // The issue keeps the stored instant; the text is local.
    expect(found?.params?.at).toBe('2026-12-07T07:09:30.000Z');
    expectLocal(describeIssue(found!), '张三 本轮已领过选票：2026年12月7日 15:09，1号台，经办人 冯静');
    expectLocal(describeIssue(found!, 'en'), '张三 already received a ballot this round: 2026-12-07 15:09, 1号台, by 冯静');
  });

  it('a round signed once: the time it was signed (main refusing to sign again)', () => {
    const found = issue('signature.signedRoundDiffers', [], { round: 1, signedAt: '2026-12-06T09:40:00.000Z', detail: 'totals' });
    expectLocal(describeIssue(found), '第 1 轮已于 2026年12月6日 17:40 签署');
    expectLocal(describeIssueBilingual(found), 'round 1 was signed at 2026-12-06 17:40');
  });

  it('a record time after its upload, or before 2000: the upload time and the earliest time, local (sync refusals)', () => {
    const after = issue('record.timeAfterUpload', [], { collection: 'checkins', id: '1:v1', field: 'issuedAt', value: 'x', uploadedAt: '2026-12-07T16:30:00.000Z' });
    // 16:30 UTC is past midnight in Beijing: the local date is the next day.
    expectLocal(describeIssue(after), '晚于上传时间 2026年12月8日 00:30');
    const early = issue('record.timeTooEarly', [], { collection: 'ballots', id: 'b1', field: 'at', value: 'x', earliest: EARLIEST_RECORD_TIME });
    expectLocal(describeIssue(early), '早于 2000年1月1日 08:00');
  });

  it('an archive imported before: the time of the first import (district)', () => {
    expectLocal(describeIssue(issue('archive.alreadyImported', [], { importedAt: '2026-12-08T01:02:03Z' })), '该档案已于 2026年12月8日 09:02 导入');
  });

  it('takes the election zone from the issue when it names one', () => {
    const found = issue('signature.signedRoundDiffers', [], { round: 2, signedAt: '2026-12-06T09:40:00.000Z', detail: 'd', timeZone: 'Asia/Urumqi' });
    expectLocal(describeIssue(found), '2026年12月6日 15:40');
    const unknownZone = issue('signature.signedRoundDiffers', [], { round: 2, signedAt: '2026-12-06T09:40:00.000Z', detail: 'd', timeZone: 'Mars/Olympus' });
    expectLocal(describeIssue(unknownZone), '2026年12月6日 17:40');
  });

  it('leaves a time parameter that is no instant as it is (already local text, a date, a count)', () => {
    expect(describeIssue(issue('archive.resultValid', [], { round: 1, signedAt: '2026年12月6日 17:40' }))).toContain('2026年12月6日 17:40');
    expect(describeIssue(issue('archive.alreadyImported', [], { importedAt: '2026-12-08' }))).toContain('2026-12-08');
    expect(TIME_PARAMS.has('at')).toBe(true);
  });
});

describe('formatCalendarDate', () => {
  it('writes a calendar date (a deadline, a vote date) as people do: 2026年12月9日 in Chinese, 2026-12-09 in English', () => {
    expect(formatCalendarDate('2026-12-09')).toBe('2026年12月9日');
    expect(formatCalendarDate('2026-01-05', 'zh')).toBe('2026年1月5日');
    expect(formatCalendarDate('2026-12-09', 'en')).toBe('2026-12-09');
    expect(formatCalendarDate('soon')).toBe('soon');
  });
});
