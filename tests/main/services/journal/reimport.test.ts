/**
 * Issue 12 item 4: recovery survives a re-import. A second import of the same package writes
 * nothing in the journal and hides no record; a package of another election is refused while the
 * current one has records (naming both), allowed when it has none, and with re-provisioning the
 * journal is set aside (kept) before the new election's marker.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAllJournals, documentsFromJournal, journalPath, readJournalFile } from '../../../../main/services/journal';
import { buildUnsignedDemoPackage } from '../../../../main/services/demo';
import { nodeBridge } from '../../../../main/services/nodeBridge';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import { signElectionPackage } from '../../../../shared/crypto/signed';
import { describeIssue } from '../../../../shared/election/issues';
import demoKey from '../../../../build/demo/demo-district-key.json' with { type: 'json' };
import { smallDemoPackage } from '../../../e2e/smallPackage';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-reimport-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await closeAllJournals();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** An import as the station makes it: main checks (step 1), then — the renderer having stored it — completes (step 2). */
async function importBoth(bridge: Required<StationBridge>, text: string, options?: { reprovision?: boolean }) {
  const checked = await bridge.importPackage(text, options);
  return checked.ok ? bridge.completeImport(text, options) : checked;
}

const checkin = (voterId: string) => ({ kind: 'checkin' as const, record: { id: `1:${voterId}`, round: 1, voterId, kind: 'inPerson', status: 'issued', issuedAt: 't', clerk: 'c', desk: 'd' } });

/** Another election (another id and title) of the same district, same station. */
function otherElection(): string {
  const unsigned = buildUnsignedDemoPackage();
  return JSON.stringify(signElectionPackage({ ...unsigned, election: { ...unsigned.election, id: 'E-2029', title: '2029年换届选举' }, roll: unsigned.roll.slice(0, 50) }, demoKey.secretKey));
}

const markers = (dataDir: string) => readJournalFile(journalPath(dataDir)).lines.filter((line) => line.kind === 'election');

describe('package import and the journal', () => {
  it('a second import of the same package is a no-op in the journal: every check-in stays recoverable', async () => {
    const dataDir = scratch();
    const bridge = nodeBridge(dataDir);
    const text = JSON.stringify(smallDemoPackage(100));
    expect((await importBoth(bridge, text)).ok).toBe(true);
    for (const voter of ['v-000001', 'v-000002', 'v-000003']) await bridge.journal(checkin(voter));
    // Another browser profile imports the same file again.
    expect((await importBoth(bridge, text)).ok).toBe(true);
    expect(markers(dataDir)).toHaveLength(1);
    expect(documentsFromJournal(readJournalFile(journalPath(dataDir)).lines).checkins).toHaveLength(3);
  });

  it('refuses another election while the current one has records, naming both, and writes nothing', async () => {
    const dataDir = scratch();
    const bridge = nodeBridge(dataDir);
    const pkg = smallDemoPackage(100);
    expect((await importBoth(bridge, JSON.stringify(pkg))).ok).toBe(true);
    await bridge.journal(checkin('v-000001'));
    const before = readJournalFile(journalPath(dataDir)).lines.length;
    const refused = await importBoth(bridge, otherElection());
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.issues.map((found) => found.code)).toEqual(['package.otherElectionInJournal']);
    for (const locale of ['zh-CN', 'en'] as const) {
      const text = describeIssue(refused.issues[0]!, locale);
      expect(text).toContain(pkg.election.title);
      expect(text).toContain('2029年换届选举');
    }
    expect(readJournalFile(journalPath(dataDir)).lines).toHaveLength(before);
    expect(documentsFromJournal(readJournalFile(journalPath(dataDir)).lines).checkins).toHaveLength(1);
  });

  it('allows another election when the current one has no records yet', async () => {
    const dataDir = scratch();
    const bridge = nodeBridge(dataDir);
    expect((await importBoth(bridge, JSON.stringify(smallDemoPackage(100)))).ok).toBe(true);
    expect((await importBoth(bridge, otherElection())).ok).toBe(true);
    expect(documentsFromJournal(readJournalFile(journalPath(dataDir)).lines).election?.electionId).toBe('E-2029');
  });

  it('re-provisioning for another election sets the old journal aside, whole, and starts a new one', async () => {
    const dataDir = scratch();
    const bridge = nodeBridge(dataDir);
    const pkg = smallDemoPackage(100);
    expect((await importBoth(bridge, JSON.stringify(pkg))).ok).toBe(true);
    await bridge.journal(checkin('v-000001'));
    expect((await importBoth(bridge, otherElection(), { reprovision: true })).ok).toBe(true);
    await bridge.journal(checkin('v-000002'));
    const folder = dirname(journalPath(dataDir));
    const archived = readdirSync(folder).filter((name) => name !== 'station-journal.jsonl' && name.endsWith('.jsonl'));
    expect(archived).toHaveLength(1);
    const old = documentsFromJournal(readJournalFile(join(folder, archived[0]!)).lines);
    expect([old.election?.electionId, old.checkins.map((c) => c.voterId)]).toEqual([pkg.election.id, ['v-000001']]);
    const now = documentsFromJournal(readJournalFile(journalPath(dataDir)).lines);
    expect([now.election?.electionId, now.checkins.map((c) => c.voterId)]).toEqual(['E-2029', ['v-000002']]);
  });
});
