// @vitest-environment happy-dom
/**
 * A check-in's claim at the hub as the clerk sees it (issue 16), on the real main services: the
 * lead's desk refused for a voter another desk issued — the message names that desk, its clerk,
 * and nothing is stored; a desk whose hub is gone issues anyway and its top bar shows 离线.
 */
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeHubService } from '../../../main/services/hub/service';
import { CheckinDesk } from '../../../renderer/features/checkin/CheckinDesk';
import { HubIndicator } from '../../../renderer/features/hub/HubIndicator';
import { stopHubSync } from '../../../renderer/features/hub/hubSyncSession';
import { initI18n } from '../../../renderer/i18n';
import type { Voter } from '../../../shared/election/schemas';
import { LiveStation } from '../../helpers/liveStation';
import { atDesk, atLead, pairedStation, removeMachines, session, stepAt, until } from './machines';

configure({ asyncUtilTimeout: 10_000 });

afterEach(async () => {
  cleanup();
  await stopHubSync();
});
afterAll(removeMachines);

async function confirmVoter(voter: Voter): Promise<void> {
  const search = (await screen.findByTestId('checkin-search')).querySelector('input')!;
  fireEvent.change(search, { target: { value: voter.idTail } });
  const option = await waitFor(() => {
    const found = document.querySelector(`[data-testid="checkin-search"] [data-voter-id="${voter.id}"]`);
    if (!found) throw new Error(`${voter.name} is not offered`);
    return found;
  });
  fireEvent.click(option);
  await screen.findByTestId('confirm-card');
  await act(async () => void fireEvent.keyDown(screen.getByTestId('confirm-issue'), { key: 'Enter' }));
}

describe('a check-in claimed at the hub, on screen', () => {
  it('is refused at the lead naming the desk that issued it, and nothing is stored', async () => {
    initI18n('zh-CN');
    const { lead, desk, pkg, stationId } = await pairedStation(10);
    const voter = pkg.roll[1]!;
    await session(desk, stationId, async (station) => {
      await until('the desk to follow the lead to open', () => stepAt(station) === 'open');
      expect((await station.actions.checkIn(voter.id, atDesk)).ok).toBe(true);
    });
    // The lead's window before its replication brought the desk's record (none runs here): the hub refuses.
    await session(
      lead,
      stationId,
      async (station) => {
        expect(await station.db.checkins.findOne(`1:${voter.id}`).exec()).toBeNull();
        render(
          <LiveStation s={station} bridge={lead.bridge} by={atLead}>
            <CheckinDesk />
          </LiveStation>,
        );
        await confirmVoter(voter);
        const refusal = await screen.findByTestId('issues-error');
        expect(refusal.querySelector('[data-code]')?.getAttribute('data-code')).toBe('hub.alreadyIssued');
        expect(refusal.textContent).toContain(atDesk.desk);
        expect(refusal.textContent).toContain(atDesk.clerk);
        expect(screen.queryByTestId('checkin-ok')).toBeNull();
        expect(await station.db.checkins.findOne(`1:${voter.id}`).exec()).toBeNull();
        cleanup();
      },
      { sync: false },
    );
  }, 180_000);

  it('a desk whose hub is gone issues and shows 离线 in its top bar', async () => {
    initI18n('zh-CN');
    const { desk, pkg, stationId, leadDir } = await pairedStation(10, 1000);
    const voter = pkg.roll[3]!;
    await session(desk, stationId, async (station) => {
      await until('the desk to follow the lead to open', () => stepAt(station) === 'open');
      render(
        <LiveStation s={station} bridge={desk.bridge} by={atDesk}>
          <HubIndicator />
          <CheckinDesk />
        </LiveStation>,
      );
      expect((await screen.findByTestId('hub-desk')).textContent).toContain(atDesk.desk);
      expect(screen.queryByTestId('hub-offline')).toBeNull();
      await closeHubService(leadDir);
      await confirmVoter(voter);
      await waitFor(() => expect(screen.getByTestId('checkin-ok').textContent).toContain(voter.name));
      const offline = await screen.findByTestId('hub-offline');
      expect(offline.textContent).toBe('离线');
      expect(offline.getAttribute('role')).toBe('alert');
      // The replication fails too while the hub is gone: that is the same 离线, not a second alarm.
      await waitFor(() => expect(screen.getByTestId('hub-indicator').dataset.online).toBe('false'));
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(screen.queryByTestId('hub-sync-error')).toBeNull();
      cleanup();
    });
  }, 180_000);
});
