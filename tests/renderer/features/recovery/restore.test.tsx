// @vitest-environment happy-dom
/**
 * Restoring main's pending journal recovery into the station database
 * (renderer/features/recovery): the real station actions write a real journal (main's services
 * in process), the database is lost, main prepares the recovery (`--recover-from-journal`),
 * and the restore gives back the very check-in and ballot documents, moves the polling day on
 * to the setup, logs it, and consumes the recovery in main. Restoring twice changes nothing;
 * a database holding another election is refused, nothing stored. The screen asks first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { closeAllJournals, prepareRecovery } from '../../../../main/services/journal';
import { nodeBridge } from '../../../../main/services/nodeBridge';
import type { PendingRecovery } from '../../../../shared/bridge/StationBridge';
import { formatLocalDateTime } from '../../../../shared/election/localTime';
import type { StationDatabase } from '../../../../renderer/db/database';
import { storeImportedPackage } from '../../../../renderer/db/importPackage';
import { RecoveryGate } from '../../../../renderer/features/recovery/RecoveryGate';
import { planRestore, restorePendingRecovery, RestoreRefused } from '../../../../renderer/features/recovery/restore';
import { initI18n } from '../../../../renderer/i18n';
import { stepOf } from '../../../../renderer/machine/pollingDay';
import type { Operator } from '../../../../renderer/station/types';
import { smallDemoPackage } from '../../../e2e/smallPackage';
import { openTestStation, testDatabase } from '../../../helpers/station';
import { testSetup as setup } from '../../../helpers/setup';

const by: Operator = { clerk: '冯静', desk: '1号台' };
const counter: Operator = { clerk: '郑洁', desk: '计票台' };
// Eight voters: five of them voting make the round valid (more than half), so the count runs.
const pkg = smallDemoPackage(8);

const dirs: string[] = [];
afterEach(() => cleanup());
afterAll(async () => {
  await closeAllJournals();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function all(db: StationDatabase, name: 'checkins' | 'ballots'): Promise<unknown[]> {
  const docs = (await db[name].find().exec()).map((doc) => doc.toJSON() as { id: string });
  return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A polling day in the real station actions (journaled in `dataDir`), then the database is lost. */
async function pollingDayThenLoss(): Promise<{ dataDir: string; checkins: unknown[]; ballots: unknown[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'recovery-restore-'));
  dirs.push(dataDir);
  const s = await openTestStation(nodeBridge(dataDir));
  try {
    expect((await s.actions.importPackage(JSON.stringify(pkg), false, by)).ok).toBe(true);
    await s.actions.confirmSetup(setup, by);
    await s.actions.openPolls(by);
    const voters = pkg.roll.filter((voter) => voter.status === 'registered');
    for (const voter of voters.slice(0, 6)) expect((await s.actions.checkIn(voter.id, by)).ok).toBe(true);
    expect((await s.actions.undoCheckin(voters[1]!.id, '认错了人', by)).ok).toBe(true);
    await s.actions.closePolls(by);
    expect((await s.actions.reconcile({ unused: 95, explanation: '', signedOffBy: '' }, by)).ok).toBe(true);
    await s.countActions.startCount(counter);
    const opened = await s.countActions.openBoxes({ mainBox: 5, mobileBoxes: {}, doubleEntry: false }, counter);
    expect(opened, JSON.stringify(opened)).toMatchObject({ ok: true });
    const first = await s.countActions.enterBallot('A', { status: 'blank' }, counter);
    expect(first, JSON.stringify(first)).toMatchObject({ ok: true });
    expect((await s.countActions.enterBallot('A', { status: 'unreadable' }, counter)).ok).toBe(true);
    expect((await s.countActions.withdrawLast('A', '按错了', counter)).ok).toBe(true);
    expect((await s.countActions.enterBallot('A', { status: 'blank' }, counter)).ok).toBe(true);
    const before = { checkins: await all(s.db, 'checkins'), ballots: await all(s.db, 'ballots') };
    expect(before.checkins).toHaveLength(6);
    expect(before.ballots).toHaveLength(4);
    await closeAllJournals();
    return { dataDir, ...before };
  } finally {
    await s.close(); // the database is lost (the free RxDB opens one station at a time here)
  }
}

describe('restoring the pending journal recovery', () => {
  it('gives back the same documents, moves the day on to the setup, logs it, consumes it; twice changes nothing', async () => {
    const lost = await pollingDayThenLoss();
    prepareRecovery(lost.dataDir);
    const bridge = nodeBridge(lost.dataDir);
    const pending = (await bridge.pendingRecovery())!;
    expect(pending).toMatchObject({ checkins: 6, ballots: 3, withdrawals: 1, election: { id: pkg.election.id } });

    const name = `recovery-${process.pid}-${Date.now()}`;
    let s = await openTestStation(bridge, await testDatabase(name));
    expect(stepOf(s.actor.getSnapshot().value)).toBe('unconfigured');
    expect(await planRestore(s.db, pending)).toEqual({ ok: true, storePackage: true });
    const station = s;
    const afterRestore = vi.fn(async () => station.actions.packageRestored(by));
    const outcome = await restorePendingRecovery(s.db, bridge, pending, { now: '2026-12-06T20:00:00.000+08:00', by, afterRestore });
    expect(outcome).toEqual({ packageStored: true, checkins: 6, ballots: 4, consumed: true });
    expect(afterRestore).toHaveBeenCalledOnce();
    expect(await all(s.db, 'checkins')).toEqual(lost.checkins);
    expect(await all(s.db, 'ballots')).toEqual(lost.ballots);
    expect(await s.db.voters.count().exec()).toBe(pkg.roll.length);
    const audit = await s.loadAudit();
    expect(audit.find((event) => event.type === 'journal.restored')?.data).toMatchObject({ recovery: pending.id, checkins: 6, ballotDocuments: 4, packageStored: true });
    expect(await bridge.pendingRecovery()).toBeNull();

    expect(stepOf(s.actor.getSnapshot().value)).toBe('setup');
    // A restart: the polling day starts from its stored snapshot, at the setup.
    await s.close();
    s = await openTestStation(bridge, await testDatabase(name));
    expect(stepOf(s.actor.getSnapshot().value)).toBe('setup');

    // `--recover-from-journal` again: the same election is there; the records are upserted, nothing else changes.
    prepareRecovery(lost.dataDir);
    const again = (await bridge.pendingRecovery())!;
    expect(await planRestore(s.db, again)).toEqual({ ok: true, storePackage: false });
    const second = await restorePendingRecovery(s.db, bridge, again, { now: '2026-12-06T21:00:00.000+08:00', by, afterRestore: async () => undefined });
    expect(second).toMatchObject({ packageStored: false, checkins: 6, ballots: 4 });
    expect(await all(s.db, 'checkins')).toEqual(lost.checkins);
    expect(await all(s.db, 'ballots')).toEqual(lost.ballots);
    expect(await s.db.voters.count().exec()).toBe(pkg.roll.length);
    await s.close();
  }, 120_000);

  it('refuses a database that holds another election: nothing stored, nothing consumed', async () => {
    const lost = await pollingDayThenLoss();
    prepareRecovery(lost.dataDir);
    const bridge = nodeBridge(lost.dataDir);
    const pending = (await bridge.pendingRecovery())!;
    const s = await openTestStation(bridge);
    const other = { ...pkg, election: { ...pkg.election, id: 'OTHER-ELECTION', title: '另一场选举' } };
    await storeImportedPackage(s.db, { package: other, electionHash: 'f'.repeat(64), districtKeyFingerprint: 'x' }, '2026-12-06T20:00:00.000+08:00');
    expect(await planRestore(s.db, pending)).toEqual({ ok: false, refusal: { code: 'differentElection', stored: { id: 'OTHER-ELECTION', title: '另一场选举' } } });
    await expect(restorePendingRecovery(s.db, bridge, pending, { now: 'x', by, afterRestore: async () => undefined })).rejects.toThrow(RestoreRefused);
    expect(await s.db.checkins.count().exec()).toBe(0);
    expect(await s.db.ballots.count().exec()).toBe(0);
    expect((await s.db.election.findOne().exec())?.toJSON().election.id).toBe('OTHER-ELECTION');
    expect(await bridge.pendingRecovery()).not.toBeNull();

    // The screen: the question, the refusal in both languages, no restore button to press.
    initI18n('zh-CN');
    render(
      <RecoveryGate bridge={bridge} step="setup" operator={by} target={() => ({ db: s.db, afterRestore: async () => false })}>
        <p>station</p>
      </RecoveryGate>,
    );
    const refused = await screen.findByTestId('recovery-refused');
    expect(refused.textContent).toContain('本站数据库中已有另一场选举（另一场选举 (OTHER-ELECTION)）');
    expect(refused.textContent).toContain('The station database already holds another election');
    expect(refused.textContent).toContain('Nothing was stored');
    expect(screen.getByTestId<HTMLButtonElement>('recovery-confirm').disabled).toBe(true);
    fireEvent.click(screen.getByTestId('recovery-later'));
    expect(await screen.findByText('station')).toBeTruthy();
    await s.close();
  }, 120_000);

  it('the screen asks "restore N check-ins and M ballots of election X?", restores on confirmation, then reloads', async () => {
    const lost = await pollingDayThenLoss();
    prepareRecovery(lost.dataDir);
    const bridge = nodeBridge(lost.dataDir);
    const s = await openTestStation(bridge);
    const reload = vi.fn();
    initI18n('zh-CN');
    render(
      <RecoveryGate bridge={bridge} step="unconfigured" operator={by} reload={reload} target={() => ({ db: s.db, afterRestore: async () => true })}>
        <p>station</p>
      </RecoveryGate>,
    );
    const question = await screen.findByTestId('recovery-question');
    expect(question.textContent).toBe(`从选举“${pkg.election.title}”（${pkg.election.id}，${pkg.station.name}）的日志中恢复 6 条领票记录和 3 张选票？`);
    // When the journal was gathered: local time (2026年12月7日 15:09), never ISO or UTC.
    const { preparedAt } = (await bridge.pendingRecovery())!;
    const explain = screen.getByText(/整理于/).textContent ?? '';
    expect(explain).toContain(`整理于 ${formatLocalDateTime(preparedAt)}`);
    expect(explain).not.toMatch(/\d{4}-\d{2}-\d{2}T|UTC/);
    expect(screen.queryByText('station')).toBeNull();
    fireEvent.click(screen.getByTestId('recovery-confirm'));
    expect((await screen.findByTestId('recovery-done', {}, { timeout: 20_000 })).textContent).toContain('已恢复 6 条领票记录和 3 张选票');
    expect(await all(s.db, 'checkins')).toEqual(lost.checkins);
    expect(await bridge.pendingRecovery()).toBeNull();
    fireEvent.click(screen.getByTestId('recovery-continue'));
    expect(reload).toHaveBeenCalledOnce();
    await s.close();
  }, 120_000);

  it('without a pending recovery (or a bridge without main) the station shows at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'recovery-none-'));
    dirs.push(dataDir);
    initI18n('zh-CN');
    render(
      <RecoveryGate bridge={nodeBridge(dataDir)} step="unconfigured" operator={by} target={() => null}>
        <p>station</p>
      </RecoveryGate>,
    );
    await waitFor(() => expect(screen.getByText('station')).toBeTruthy());
    cleanup();
    const { pendingRecovery: _p, consumeRecovery: _c, ...withoutMain } = nodeBridge(dataDir);
    render(
      <RecoveryGate bridge={withoutMain} step="unconfigured" operator={by} target={() => null}>
        <p>station</p>
      </RecoveryGate>,
    );
    expect(screen.getByText('station')).toBeTruthy();
  });
});

export type { PendingRecovery };
