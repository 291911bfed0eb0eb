/** The setup's ballot stock against the package's allocation and the electorate (issue 15, item 3). */
import { describe, expect, it } from 'vitest';
import { describeIssue } from '../../../shared/election/issues';
import { ballotStockDifferences, checkBallotStockReason, FAR_ABOVE_ELECTORATE_SPARE, groupDigits } from '../../../shared/rules/ballotStock';

const texts = (facts: Parameters<typeof ballotStockDifferences>[0], locale: 'zh-CN' | 'en' = 'zh-CN') => ballotStockDifferences(facts).map((found) => describeIssue(found, locale));

describe('ballotStockDifferences', () => {
  it('is empty when the stock is the allocation and at least one ballot per voter', () => {
    expect(ballotStockDifferences({ entered: 3500, allocated: 3500, registered: 2994 })).toEqual([]);
    expect(ballotStockDifferences({ entered: 40, allocated: 40, registered: 40 })).toEqual([]);
  });

  it('says a stock below the allocation with both numbers and 少 N 张', () => {
    expect(texts({ entered: 3400, allocated: 3500, registered: 2994 })).toEqual(['空白选票与包内分配不符：包内分配 3,500 张，录入 3,400 张，少 100 张']);
    expect(texts({ entered: 3400, allocated: 3500, registered: 2994 }, 'en')).toEqual(["The ballot stock differs from the package's allocation: 3,500 allocated, 3,400 entered, 100 short"]);
  });

  it('says a stock above the allocation with 多 N 张', () => {
    expect(texts({ entered: 3501, allocated: 3500, registered: 2994 })).toEqual(['空白选票与包内分配不符：包内分配 3,500 张，录入 3,501 张，多 1 张']);
  });

  it('says fewer ballots than registered voters, even when the package allocated that few', () => {
    expect(texts({ entered: 2900, allocated: 2900, registered: 2994 })).toEqual(['空白选票少于登记选民：登记选民 2,994 人，录入 2,900 张，少 94 张，不够每人一张']);
    // Both differences at once.
    expect(ballotStockDifferences({ entered: 2900, allocated: 3500, registered: 2994 }).map((found) => found.code)).toEqual(['setup.stockVsAllocation', 'setup.stockBelowElectorate']);
  });

  it('says absurdly more than the electorate: over twice the voters and more than the spare margin', () => {
    expect(texts({ entered: 30_000, allocated: 30_000, registered: 2994 })).toEqual(['空白选票远多于登记选民：登记选民 2,994 人，录入 30,000 张，多 27,006 张，超过选民数的两倍']);
    // Twice the voters exactly is not absurd; neither is a small station's spare pack.
    expect(ballotStockDifferences({ entered: 2 * 2994, allocated: 2 * 2994, registered: 2994 })).toEqual([]);
    expect(ballotStockDifferences({ entered: 3 + FAR_ABOVE_ELECTORATE_SPARE, allocated: 3 + FAR_ABOVE_ELECTORATE_SPARE, registered: 3 })).toEqual([]);
    expect(ballotStockDifferences({ entered: 4 + FAR_ABOVE_ELECTORATE_SPARE, allocated: 4 + FAR_ABOVE_ELECTORATE_SPARE, registered: 3 }).map((found) => found.code)).toEqual(['setup.stockFarAboveElectorate']);
  });

  it('compares only what is known: no allocation (a runoff), no electorate', () => {
    expect(ballotStockDifferences({ entered: 10, allocated: null, registered: null })).toEqual([]);
    expect(ballotStockDifferences({ entered: 10, allocated: null, registered: 20 }).map((found) => found.code)).toEqual(['setup.stockBelowElectorate']);
  });

  it('leaves a stock that is not a positive whole number to checkSetup', () => {
    for (const entered of [0, -5, 1.5, Number.NaN, 20_000_000]) expect(ballotStockDifferences({ entered, allocated: 100, registered: 90 })).toEqual([]);
  });
});

describe('checkBallotStockReason', () => {
  const differs = { entered: 3400, allocated: 3500, registered: 2994 };
  it('refuses a difference without a reason, blank counting as none', () => {
    for (const reason of [undefined, null, '', '   ']) {
      expect(checkBallotStockReason(differs, reason).map((found) => found.code)).toEqual(['setup.stockReasonMissing']);
    }
    expect(describeIssue(checkBallotStockReason(differs, '')[0]!)).toBe('空白选票数与包内分配或选民人数不符：请写明原因后再确认设置');
  });

  it('accepts a difference with a reason, and a matching stock without one', () => {
    expect(checkBallotStockReason(differs, '区里少发了一包')).toEqual([]);
    expect(checkBallotStockReason({ entered: 3500, allocated: 3500, registered: 2994 }, undefined)).toEqual([]);
  });

  it('refuses a reason longer than the station stores', () => {
    expect(checkBallotStockReason(differs, '多'.repeat(501)).map((found) => found.code)).toEqual(['schema.tooBig']);
  });
});

describe('groupDigits', () => {
  it('groups thousands with commas whatever the machine', () => {
    expect([groupDigits(7), groupDigits(3500), groupDigits(1_234_567)]).toEqual(['7', '3,500', '1,234,567']);
  });
});
