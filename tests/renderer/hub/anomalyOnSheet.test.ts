/**
 * A duplicate check-in across a partition, resolved at the lead, reaches the round's account and
 * the sheet (issue 16): the lead issued a voter, a desk cut off from the hub issued the same
 * voter offline; the hub kept the losing record in a duplicate anomaly, the lead's 总监票人 chose
 * the standing one with a reason. The account counts the second ballot as issued (it left the
 * stock), so it balances without an explanation, and main's signed sheet prints the anomaly and
 * its resolution under 异常及处理 (read back with pdftotext). Real parts: the lead's hub on PGlite
 * over HTTPS on loopback, the paired desk, main's journal and signing.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHubSync } from '../../../renderer/db/replication/hubSync';
import { CHECKIN_CLAIM_PATH } from '../../../renderer/station/actions/hubClaim';
import { anomalyRecordKey } from '../../../shared/hub/anomalies';
import { testSetup } from '../../helpers/setup';
import { pdftotext } from '../../main/services/pdf/support';
import { atDesk, atLead, pairedStation, removeMachines, session, stepAt, until } from './machines';

afterAll(removeMachines);

describe('a duplicate check-in resolved at the lead', () => {
  it('balances the round’s account and is printed on the sheet with its resolution', async () => {
    const { lead, desk, pkg, stationId, leadDir } = await pairedStation(10);
    // Six of ten voters: more than half took part, the round is counted.
    const issuedAtLead = pkg.roll.slice(0, 6);
    const twice = issuedAtLead[0];
    await session(desk, stationId, async (station) => {
      await until('the desk to follow the lead to open', () => stepAt(station) === 'open');
    });
    await session(lead, stationId, async (station) => {
      for (const voter of issuedAtLead) expect((await station.actions.checkIn(voter.id, atLead)).ok).toBe(true);
    });

    // The desk, cut off when it claims, issues the same voter offline; its records merge later.
    const cutOff: typeof desk.bridge = {
      ...desk.bridge,
      hubRequest: async (method, path, body) => (path === CHECKIN_CLAIM_PATH ? { kind: 'offline', reason: 'partition (test)' } : desk.bridge.hubRequest!(method, path, body)),
    };
    await session(
      desk,
      stationId,
      async (station) => {
        expect((await station.actions.checkIn(twice!.id, atDesk)).ok).toBe(true);
        const sync = startHubSync({ db: station.db, stationId, bridge: cutOff, role: 'checkin', options: { lock: null, storage: null } });
        try {
          await until('the duplicate anomaly at the hub', async () => (await lead.bridge.hubAnomalies!()).find((a) => a.kind === 'duplicateCheckin'));
          await sync.awaitInSync();
        } finally {
          await sync.stop();
        }
      },
      { sync: false, bridge: () => cutOff },
    );

    const reason = '经核实以1号台为准';
    const text = await session(lead, stationId, async (station) => {
      const anomaly = (await lead.bridge.hubAnomalies!()).find((a) => a.kind === 'duplicateCheckin')!;
      const standing = anomaly.records.find((record) => record['desk'] === atLead.desk)!;
      expect((await station.actions.resolveAnomaly(anomaly, anomalyRecordKey(standing), reason, atLead)).ok).toBe(true);
      expect((await station.actions.closePolls(atLead)).ok).toBe(true);
      // Six check-ins stand, seven ballots left the stock: the account balances with the seventh.
      const reconciled = await station.actions.reconcile({ unused: testSetup.ballotStock - 7, explanation: '', signedOffBy: '' }, atLead);
      if (!reconciled.ok) throw new Error(JSON.stringify(reconciled.issues));
      expect(reconciled.value).toMatchObject({ issued: 7, spoiled: 0, unused: testSetup.ballotStock - 7, difference: 0 });

      expect((await station.countActions.startCount(atLead)).ok).toBe(true);
      expect((await station.countActions.openBoxes({ mainBox: 6, mobileBoxes: {}, doubleEntry: false }, atLead)).ok).toBe(true);
      for (let i = 0; i < 6; i += 1) {
        const entered = await station.countActions.enterBallot('A', { status: 'blank' }, atLead);
        if (!entered.ok) throw new Error(JSON.stringify(entered.issues));
      }
      const decided = await station.countActions.finishCount(atLead);
      if (!decided.ok) throw new Error(JSON.stringify(decided.issues));
      const produced = await station.countActions.produceSheets(atLead);
      if (!produced.ok) throw new Error(JSON.stringify(produced.issues));
      return pdftotext(join(leadDir, 'sheets', produced.value.files.sheet));
    });
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('异常及处理');
    expect(flat).toContain(`选民${twice!.id}领了2张选票`);
    expect(flat).toContain(reason);
    expect(flat).toContain(atDesk.desk.replace(/\s+/g, ''));
  }, 300_000);
});
