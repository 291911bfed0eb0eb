/**
 * The record ids are part of the data (the district reads synced records by them, and the
 * ids make a second check-in or a second ballot at a desk's place impossible): their formats
 * are pinned here.
 */
import { describe, expect, it } from 'vitest';
import {
  auditId,
  ballotDocId,
  boxesId,
  checkinId,
  countBallotId,
  isResolutionOf,
  POLLING_DAY_ID,
  proxyId,
  reconciliationId,
  resolutionId,
  resultId,
  SETUP_ID,
  sheetId,
  spoiledId,
  tripId,
  withdrawalId,
} from '../../../shared/station/recordIds';

describe('record ids', () => {
  it('keeps the formats the stored and synced records use', () => {
    expect(SETUP_ID).toBe('setup');
    expect(POLLING_DAY_ID).toBe('polling-day');
    expect(checkinId(1, 'v-000042')).toBe('1:v-000042');
    expect(proxyId(2, 'v-000042', 3)).toBe('2:v-000042:3');
    expect(tripId(1, 3)).toBe('1-M3');
    expect(spoiledId(1, 7, 'v-000042')).toBe('1-S0007-v-000042');
    expect(reconciliationId(2)).toBe('round-2');
    expect(boxesId(1)).toBe('boxes-1');
    expect(resultId(2)).toBe('result-2');
    expect(sheetId(2)).toBe('sheet-2');
    expect(resolutionId(1, 30)).toBe('resolution-1-000030');
    expect(ballotDocId(1, 'A', 30, 1)).toBe('R1-A-000030-1');
    expect(ballotDocId(2, 'B', 1234567, 12)).toBe('R2-B-1234567-12');
    expect(withdrawalId('R1-A-000030-1')).toBe('R1-A-000030-1-W');
    expect(countBallotId(1, 30)).toBe('R1-0030');
    expect(auditId(42)).toBe('audit-000000042');
  });

  it("tells a round's resolutions from the other count records", () => {
    for (const [round, seq] of [[1, 1], [1, 999_999], [12, 30]] as const) {
      expect(isResolutionOf(resolutionId(round, seq), round)).toBe(true);
      expect(isResolutionOf(resolutionId(round, seq), round + 1)).toBe(false);
    }
    // Round 1's prefix is not a prefix of round 12's ids, nor the other way round.
    expect(isResolutionOf(resolutionId(12, 1), 1)).toBe(false);
    expect(isResolutionOf(resolutionId(1, 1), 12)).toBe(false);
    expect(isResolutionOf(boxesId(1), 1)).toBe(false);
    expect(isResolutionOf(resultId(1), 1)).toBe(false);
  });
});
