// @vitest-environment happy-dom
/**
 * Esc closes the close-polls prompt as it closes every dialog, and the focus goes back to
 * 结束投票 where the clerk was (issue 15, item 4); the prompt's first button has the focus.
 * Also the reconciliation says 多 1 张 / 少 1 张, never 差 -1 张 (item 3).
 */
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoPackage } from '../../../../main/services/demo';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import { describeIssue } from '../../../../shared/election/issues';
import { checkReconciliation } from '../../../../shared/rules/polling';
import { PollsControls } from '../../../../renderer/features/polls/PollsControls';
import { ReconcileScreen } from '../../../../renderer/features/reconcile/ReconcileScreen';
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
  return station;
}

const esc = () => fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape', code: 'Escape' });

describe('the close-polls prompt by keyboard', () => {
  it('Esc closes it at either question and the focus returns to 结束投票', async () => {
    initI18n('zh-CN');
    const bridge = directBridge();
    const s = await openSmallDemo(bridge);
    render(
      <LiveStation s={s} bridge={bridge} by={by}>
        <PollsControls />
      </LiveStation>,
    );
    const closeButton = await screen.findByTestId('close-polls');
    closeButton.focus();
    fireEvent.click(closeButton);
    // Turnout 0: the warned prompt, its first button focused.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('close-anyway')));
    esc();
    await waitFor(() => expect(screen.queryByTestId('close-warnings')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('close-polls'));
    // The second question too.
    fireEvent.click(screen.getByTestId('close-polls'));
    fireEvent.click(await screen.findByTestId('close-anyway'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('confirm-close')));
    esc();
    await waitFor(() => expect(screen.queryByTestId('confirm-close')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('close-polls'));
    expect(stepOf(s.actor.getSnapshot().value)).toBe('open');
  });
});

describe('reconciliation wording', () => {
  it('says 多 N 张 / 少 N 张 on the screen and in the refusal, never 差 -N 张', async () => {
    initI18n('zh-CN');
    const bridge = directBridge();
    const s = await openSmallDemo(bridge);
    expect((await s.actions.closePolls(by)).ok).toBe(true);
    render(
      <LiveStation s={s} bridge={bridge} by={by}>
        <ReconcileScreen />
      </LiveStation>,
    );
    const unused = await screen.findByTestId('rec-unused');
    await act(async () => void fireEvent.change(unused, { target: { value: '39' } }));
    expect(screen.getByTestId('rec-balance').textContent).toContain('选票数目不平衡：少 1 张');
    await act(async () => void fireEvent.change(unused, { target: { value: '42' } }));
    expect(screen.getByTestId('rec-balance').textContent).toContain('选票数目不平衡：多 2 张');
    expect(screen.getByTestId('rec-balance').textContent).not.toContain('差');
    const [short] = checkReconciliation({ difference: -1, chiefScrutineer: '孙志强' });
    expect(describeIssue(short!)).toBe('选票数目不平衡（少 1 张）：须写明原因并由总监票人签字确认');
    expect(describeIssue(short!, 'en')).toContain('(1 short)');
  });
});
