/**
 * The pending journal recovery (main/services/journal/pending.ts): prepared from a journal
 * (the package and the records after the last election marker), offered until consumed,
 * consumed only by its own id, refused when its file was changed; the switch as both the
 * Electron app and the host parse it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeAllJournals,
  consumeRecovery,
  importPackageJournaled,
  journalPath,
  pendingRecovery,
  prepareRecovery,
  recoverFromJournalArg,
  recoveryDir,
  RecoveryRefused,
  stationJournal,
} from '../../../../main/services/journal';
import { demoPackageText } from '../../../../main/services/demo';
import { tempDir } from '../support';

afterAll(() => closeAllJournals());

const checkin = (voterId: string, status: 'issued' | 'undone' = 'issued') => ({ id: `1:${voterId}`, round: 1, voterId, kind: 'inPerson', status, issuedAt: '2026-12-06T09:00:00+08:00', clerk: 'c', desk: 'd' });
const ballot = (seq: number) => ({ id: `1:A:${seq}`, round: 1, entry: 'A', seq, kind: 'ballot', status: 'blank', at: '2026-12-06T18:00:00+08:00', clerk: 'c', desk: 'd' });

async function stationWithJournal(): Promise<{ dataDir: string; electionId: string }> {
  const dataDir = tempDir('pending-recovery-');
  const outcome = await importPackageJournaled(demoPackageText(), { dataDir, reprovision: false });
  if (!outcome.ok) throw new Error('demo package refused');
  const journal = stationJournal(dataDir);
  await journal.append({ kind: 'checkin', record: checkin('v-000001') });
  await journal.append({ kind: 'checkin', record: checkin('v-000002') });
  await journal.append({ kind: 'checkin', record: checkin('v-000002', 'undone') });
  await journal.append({ kind: 'ballot', record: ballot(1) });
  await journal.append({ kind: 'ballot', record: ballot(2) });
  await journal.append({ kind: 'withdrawal', record: { id: '1:A:w2', round: 1, entry: 'A', seq: 2, kind: 'withdrawal', withdraws: '1:A:2', at: 't', clerk: 'c', desk: 'd' } });
  await journal.close();
  return { dataDir, electionId: outcome.value.package.election.id };
}

describe('prepareRecovery / pendingRecovery / consumeRecovery', () => {
  it('offers the records of the journal with its election, until consumed by its id', async () => {
    const { dataDir, electionId } = await stationWithJournal();
    expect(pendingRecovery(dataDir)).toBeNull();
    const prepared = prepareRecovery(dataDir, journalPath(dataDir), new Date('2026-12-07T08:00:00Z'));
    expect(prepared).toMatchObject({ checkins: 2, ballots: 3, election: electionId, torn: false, corrupt: 0 });
    expect(prepared.id).toMatch(/^[0-9a-f]{64}$/);

    const pending = pendingRecovery(dataDir)!;
    expect(pending).toMatchObject({ id: prepared.id, preparedAt: '2026-12-07T08:00:00.000Z', checkins: 2, ballots: 2, withdrawals: 1, torn: false, corrupt: 0 });
    expect(pending.election).toMatchObject({ id: electionId });
    expect(pending.election!.title.length).toBeGreaterThan(0);
    expect(pending.election!.electionHash).toMatch(/^[0-9a-f]{64}$/);
    expect((pending.recovered.checkins as { status: string }[]).map((doc) => doc.status)).toEqual(['issued', 'undone']);
    expect(pending.recovered.election?.package).toBeTruthy();

    expect(() => consumeRecovery(dataDir, 'e'.repeat(64))).toThrow(RecoveryRefused);
    expect(() => consumeRecovery(dataDir, 'not an id')).toThrow(TypeError);
    expect(pendingRecovery(dataDir)?.id).toBe(prepared.id);
    expect(consumeRecovery(dataDir, prepared.id)).toBe(true);
    expect(pendingRecovery(dataDir)).toBeNull();
    expect(consumeRecovery(dataDir, prepared.id)).toBe(false);
  });

  it('a new --recover-from-journal replaces a recovery not yet restored; the journal is only read', async () => {
    const { dataDir } = await stationWithJournal();
    const before = readFileSync(journalPath(dataDir));
    const first = prepareRecovery(dataDir, journalPath(dataDir), new Date('2026-12-07T08:00:00Z'));
    const second = prepareRecovery(dataDir, journalPath(dataDir), new Date('2026-12-07T09:00:00Z'));
    expect(second.id).toBe(first.id); // the same journal, the same records
    expect(pendingRecovery(dataDir)?.preparedAt).toBe('2026-12-07T09:00:00.000Z');
    expect(readdirSync(recoveryDir(dataDir)).filter((name) => name.startsWith('recovered-'))).toHaveLength(2);
    expect(readFileSync(journalPath(dataDir))).toEqual(before);
  });

  it('refuses a recovery file changed after it was written, and a damaged pending file', async () => {
    const { dataDir } = await stationWithJournal();
    const prepared = prepareRecovery(dataDir);
    const text = readFileSync(prepared.out, 'utf8');
    writeFileSync(prepared.out, text.replace('"v-000001"', '"v-000009"'));
    expect(() => pendingRecovery(dataDir)).toThrow(/was changed after it was written/);
    writeFileSync(join(recoveryDir(dataDir), 'pending.json'), '{');
    expect(() => pendingRecovery(dataDir)).toThrow(/damaged/);
    writeFileSync(join(recoveryDir(dataDir), 'pending.json'), JSON.stringify({ format: 'polling-station/pending-recovery@1', id: prepared.id, file: '../../etc/passwd' }));
    expect(() => pendingRecovery(dataDir)).toThrow(/damaged/);
  });

  it('a missing journal is a clear error and leaves nothing pending', () => {
    const dataDir = tempDir('pending-recovery-');
    expect(() => prepareRecovery(dataDir)).toThrow(/no journal at/);
    expect(pendingRecovery(dataDir)).toBeNull();
  });
});

describe('--recover-from-journal', () => {
  it('absent → null, bare → the data folder\'s journal (\'\'), =FILE → FILE', () => {
    expect(recoverFromJournalArg(['--kiosk'])).toBeNull();
    expect(recoverFromJournalArg(['--recover-from-journal'])).toBe('');
    expect(recoverFromJournalArg(['--recover-from-journal=/x/j.jsonl'])).toBe('/x/j.jsonl');
    expect(recoverFromJournalArg(['--recover-from-journal=a=b'])).toBe('a=b');
  });
});
