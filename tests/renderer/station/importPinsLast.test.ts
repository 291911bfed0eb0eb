/**
 * Pinning only after everything is stored (issue 12): main's `importPackage` only checks; the
 * renderer stores the package; only then `completeImport` pins the district key, configures the
 * station and marks the journal. A package the station database refuses leaves no pin and no
 * marker; a completion main refuses leaves nothing stored.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeAllJournals, journalPath, readJournalFile } from '../../../main/services/journal';
import { nodeBridge } from '../../../main/services/nodeBridge';
import { pinnedKeyPath, readPinnedDistrictKey } from '../../../main/services/pinning';
import { issue } from '../../../shared/election/issues';
import { openElection } from '../../../renderer/db/importPackage';
import type { Operator } from '../../../renderer/station/types';
import { smallDemoPackage } from '../../e2e/smallPackage';
import { openTestStation } from '../../helpers/station';

const by: Operator = { clerk: '冯静', desk: '1号台' };
const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-pins-last-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await closeAllJournals();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const text = JSON.stringify(smallDemoPackage(20));
const markers = (dataDir: string) => readJournalFile(journalPath(dataDir)).lines.filter((line) => line.kind === 'election').length;

describe('an import pins the district key only after the station stored the package', () => {
  it('main\'s first step writes nothing; the second pins, configures and marks', async () => {
    const dataDir = scratch();
    const bridge = nodeBridge(dataDir);
    const checked = await bridge.importPackage(text);
    expect(checked.ok && checked.value.keyStatus).toBe('pinned');
    expect(existsSync(pinnedKeyPath(dataDir))).toBe(false);
    expect(markers(dataDir)).toBe(0);
    expect((await bridge.completeImport(text)).ok).toBe(true);
    expect(readPinnedDistrictKey(dataDir)).not.toBeNull();
    expect(markers(dataDir)).toBe(1);
  });

  it('a package the station database refuses is neither pinned nor marked, and nothing of it stays', async () => {
    const dataDir = scratch();
    const s = await openTestStation(nodeBridge(dataDir));
    try {
      const insert = vi.spyOn(s.db.election, 'insert').mockRejectedValueOnce(new Error('QuotaExceededError'));
      await expect(s.actions.importPackage(text, false, by)).rejects.toThrow('QuotaExceededError');
      insert.mockRestore();
      expect(readPinnedDistrictKey(dataDir)).toBeNull();
      expect(markers(dataDir)).toBe(0);
      expect(await s.db.voters.count().exec()).toBe(0);
      // Once it can be stored, the same file imports, and is pinned then.
      expect((await s.actions.importPackage(text, false, by)).ok).toBe(true);
      expect(readPinnedDistrictKey(dataDir)).not.toBeNull();
      expect(markers(dataDir)).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('when main refuses the completion (the pin changed meanwhile), what was stored goes again', async () => {
    const dataDir = scratch();
    const real = nodeBridge(dataDir);
    const refusal = issue('package.reprovisionRequired', ['districtKey'], { fingerprint: 'a', pinnedFingerprint: 'b' });
    const s = await openTestStation({ ...real, completeImport: async () => ({ ok: false, issues: [refusal] }) });
    try {
      const outcome = await s.actions.importPackage(text, false, by);
      expect(outcome.ok ? [] : outcome.issues).toEqual([refusal]);
      expect(await openElection(s.db)).toBeNull();
      expect(await s.db.voters.count().exec()).toBe(0);
      expect(readPinnedDistrictKey(dataDir)).toBeNull();
    } finally {
      await s.close();
    }
  });
});
