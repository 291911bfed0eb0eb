// @vitest-environment happy-dom
/**
 * A warning before an invalid close (issue 15, item 2): closing the polls with turnout at or
 * below half of the registered voters says, with the numbers, that the round will be invalid
 * (选举无效), and asks a second time; the same for mobile boxes still out. A close the round
 * stands on asks once, as before.
 */
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoPackage } from '../../../../main/services/demo';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import { turnoutNeeded } from '../../../../shared/rules';
import { electionRules } from '../../../../shared/election/profile';
import { PollsControls } from '../../../../renderer/features/polls/PollsControls';
import { initI18n } from '../../../../renderer/i18n';
import { stepOf } from '../../../../renderer/machine/pollingDay';
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

async function openSmallDemo(bridge: StationBridge) {
  const pkg = buildDemoPackage('small');
  station = await openTestStation(bridge);
  await openPollsOn(station, pkg, setup, by);
  const registered = pkg.roll.filter((voter) => voter.status === 'registered');
  return { pkg, registered, s: station };
}

const step = (s: OpenStation) => stepOf(s.actor.getSnapshot().value);

describe('closing the polls', () => {
  it('at or below half of the electorate, with a mobile box out: says the round will be invalid, with the numbers, and asks twice', async () => {
    initI18n('zh-CN');
    const bridge = directBridge();
    const { pkg, registered, s } = await openSmallDemo(bridge);
    const needed = turnoutNeeded({ election: pkg.election, rules: electionRules(pkg.election), isRunoff: false }, registered.length);
    // Exactly half is not enough: one fewer than needed.
    const voters = registered.slice(0, needed - 1);
    for (const voter of voters) expect((await s.actions.checkIn(voter.id, by)).ok).toBe(true);
    expect((await s.actions.departTrip({ ballotsOut: 3, staff: ['钱敏', '吴磊', '郑洁'] }, by)).ok).toBe(true);
    render(
      <LiveStation s={s} bridge={bridge} by={by}>
        <PollsControls />
      </LiveStation>,
    );
    fireEvent.click(await screen.findByTestId('close-polls'));
    const turnout = await screen.findByTestId('close-warning-turnout');
    expect(turnout.textContent).toBe(`参加投票 ${needed - 1} 人，登记选民 ${registered.length} 人：未超过半数（至少要 ${needed} 人），现在结束投票，本轮选举无效。`);
    expect(screen.getByTestId('close-warning-tripsOut').textContent).toBe('还有 1 个流动票箱没有返回（带出选票 3 张）。');
    // The first confirmation does not close.
    expect(screen.queryByTestId('confirm-close')).toBeNull();
    await act(async () => void fireEvent.click(screen.getByTestId('close-anyway')));
    expect(step(s)).toBe('open');
    expect(screen.getByTestId('close-warnings')).not.toBeNull();
    await act(async () => void fireEvent.click(screen.getByTestId('confirm-close')));
    await waitFor(() => expect(step(s)).toBe('closed'));
  });

  it('cancelled after the warning: nothing closes; with more than half and no box out, one confirmation and no warning', async () => {
    initI18n('zh-CN');
    const bridge = directBridge();
    const { pkg, registered, s } = await openSmallDemo(bridge);
    const needed = turnoutNeeded({ election: pkg.election, rules: electionRules(pkg.election), isRunoff: false }, registered.length);
    expect(needed).toBe(Math.floor(registered.length / 2) + 1);
    render(
      <LiveStation s={s} bridge={bridge} by={by}>
        <PollsControls />
      </LiveStation>,
    );
    fireEvent.click(await screen.findByTestId('close-polls'));
    expect((await screen.findByTestId('close-warning-turnout')).textContent).toContain(`参加投票 0 人，登记选民 ${registered.length} 人`);
    fireEvent.click(screen.getByTestId('cancel-close'));
    expect(screen.queryByTestId('close-warnings')).toBeNull();
    expect(step(s)).toBe('open');

    for (const voter of registered.slice(0, needed)) expect((await s.actions.checkIn(voter.id, by)).ok).toBe(true);
    fireEvent.click(await screen.findByTestId('close-polls'));
    await screen.findByTestId('confirm-close');
    expect(screen.queryByTestId('close-warnings')).toBeNull();
    expect(screen.queryByTestId('close-anyway')).toBeNull();
    await act(async () => void fireEvent.click(screen.getByTestId('confirm-close')));
    await waitFor(() => expect(step(s)).toBe('closed'));
  });
});
