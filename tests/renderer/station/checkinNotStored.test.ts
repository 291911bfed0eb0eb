/**
 * A check-in journaled by main but then refused by the station database (not a race: a storage
 * error) is taken back in the journal too: nothing half-stored, a recovery does not issue a
 * ballot no one was given (issue 12).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeAllJournals, documentsFromJournal, journalPath, readJournalFile } from '../../../main/services/journal';
import { nodeBridge } from '../../../main/services/nodeBridge';
import type { Operator } from '../../../renderer/station/types';
import { smallDemoPackage } from '../../e2e/smallPackage';
import { openPollsOn, openTestStation } from '../../helpers/station';
import { testSetup as setup } from '../../helpers/setup';

const by: Operator = { clerk: '冯静', desk: '1号台' };
const dirs: string[] = [];
afterAll(async () => {
  await closeAllJournals();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a check-in the database refuses', () => {
  it('is taken back in the journal and rejected to the caller', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'checkin-not-stored-'));
    dirs.push(dataDir);
    const s = await openTestStation(nodeBridge(dataDir));
    try {
      const pkg = smallDemoPackage(10);
      await openPollsOn(s, pkg, setup, by);
      const insert = vi.spyOn(s.db.checkins, 'insert').mockRejectedValueOnce(new Error('QuotaExceededError'));
      await expect(s.actions.checkIn(pkg.roll[0]!.id, by)).rejects.toThrow('QuotaExceededError');
      insert.mockRestore();
      expect(await s.db.checkins.count().exec()).toBe(0);
      expect(documentsFromJournal(readJournalFile(journalPath(dataDir)).lines).checkins).toEqual([]);
      // Issued again once the database takes it: one check-in, in both.
      expect((await s.actions.checkIn(pkg.roll[0]!.id, by)).ok).toBe(true);
      expect(documentsFromJournal(readJournalFile(journalPath(dataDir)).lines).checkins.map((c) => c.voterId)).toEqual([pkg.roll[0]!.id]);
    } finally {
      await s.close();
    }
  });
});
