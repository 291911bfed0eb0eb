// @vitest-environment happy-dom
/**
 * The reconcile screen counts what the action counts (issue 16): a duplicate check-in the lead's
 * 总监票人 resolved sent a second ballot out of the stock, so the screen's issued figure and its
 * balance include it (`ballotsBeyondCheckins` of the resolved anomalies the lead's hub lists).
 * The hub's list comes from the bridge here; the real hub path is tests/renderer/hub/anomalyOnSheet.
 */
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoPackage } from '../../../../main/services/demo';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import type { Anomaly } from '../../../../shared/hub/protocol';
import { ReconcileScreen } from '../../../../renderer/features/reconcile/ReconcileScreen';
import { initI18n } from '../../../../renderer/i18n';
import type { OpenStation } from '../../../../renderer/station/openStation';
import type { Operator } from '../../../../renderer/station/types';
import { directBridge, openPollsOn, openTestStation } from '../../../helpers/station';
import { LiveStation } from '../../../helpers/liveStation';
import { smallDemoSetup as setup } from '../../../helpers/setup';

configure({ asyncUtilTimeout: 5000 });

const by: Operator = { clerk: '冯静', desk: '1号台' };

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

describe('the reconcile screen with a resolved duplicate check-in', () => {
  it('shows the second ballot as issued and balances with it', async () => {
    initI18n('zh-CN');
    const pkg = buildDemoPackage('small');
    const voter = pkg.roll[0]!;
    const record = (desk: string, issuedAt: string) => ({ id: `1:${voter.id}`, round: 1, voterId: voter.id, status: 'issued', desk, clerk: by.clerk, issuedAt });
    const duplicate: Anomaly = {
      id: `duplicateCheckin-1-${voter.id}-1`,
      kind: 'duplicateCheckin',
      round: 1,
      voterId: voter.id,
      records: [record(by.desk, '2026-12-06T01:00:00.000Z'), record('发票台 2', '2026-12-06T01:05:00.000Z')],
      detectedAt: '2026-12-06T01:06:00.000Z',
      resolution: { standing: `1:${voter.id}@${by.desk}@2026-12-06T01:00:00.000Z`, reason: '核实', by: { clerk: '孙志强', desk: by.desk }, at: '2026-12-06T01:10:00.000Z' },
    };
    const open: Anomaly = { ...duplicate, id: 'open', voterId: pkg.roll[1]!.id, resolution: null };
    const bridge: StationBridge = { ...directBridge(), hubAnomalies: async () => [duplicate, open] };
    station = await openTestStation(bridge);
    await openPollsOn(station, pkg, setup, by);
    expect((await station.actions.checkIn(voter.id, by)).ok).toBe(true);
    expect((await station.actions.closePolls(by)).ok).toBe(true);
    render(
      <LiveStation s={station} bridge={bridge} by={by}>
        <ReconcileScreen />
      </LiveStation>,
    );
    // One check-in stands, two ballots left the stock (the open anomaly is not counted).
    await waitFor(() => expect(screen.getByTestId('rec-issued').textContent).toBe('2'));
    const unused = await screen.findByTestId('rec-unused');
    await act(async () => void fireEvent.change(unused, { target: { value: String(setup.ballotStock - 2) } }));
    expect(screen.getByTestId('rec-balance').textContent).toContain('选票数目平衡');
    expect(screen.getByTestId('rec-balance').textContent).not.toContain('不平衡');
    expect(screen.queryByTestId('rec-explanation')).toBeNull();
  });
});
