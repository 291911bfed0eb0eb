// @vitest-environment happy-dom
/**
 * The setup's ballot stock against the package's allocation and the electorate (issue 15, item 3),
 * by keyboard: a difference is shown with the numbers as the clerk types, the setup is refused
 * until a reason is given, and the reason is stored in the setup record and the audit log.
 */
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoPackage } from '../../../../main/services/demo';
import { SetupScreen } from '../../../../renderer/features/setup/SetupScreen';
import { initI18n } from '../../../../renderer/i18n';
import { stepOf } from '../../../../renderer/machine/pollingDay';
import type { OpenStation } from '../../../../renderer/station/openStation';
import type { Operator } from '../../../../renderer/station/types';
import { directBridge, openTestStation } from '../../../helpers/station';
import { LiveStation } from '../../../helpers/liveStation';

configure({ asyncUtilTimeout: 5000 });

const by: Operator = { clerk: '冯静', desk: '1号台' };
const staff = { chair: '周建国', chiefScrutineer: '孙志强', scrutineers: '钱敏、何丽', callers: '吴磊', recorders: '郑洁', checkinClerks: '冯静', emptyBoxCheckedBy: '孙志强' };

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

/** The small demo imported (40 ballots allocated), its setup screen shown. */
async function setupScreen() {
  initI18n('zh-CN');
  const bridge = directBridge();
  const pkg = buildDemoPackage('small');
  station = await openTestStation(bridge);
  const s = station;
  expect((await s.actions.importPackage(JSON.stringify(pkg), false, by)).ok).toBe(true);
  render(
    <LiveStation s={s} bridge={bridge} by={by}>
      <SetupScreen />
    </LiveStation>,
  );
  await screen.findByTestId('setup-screen');
  const registered = pkg.roll.filter((voter) => voter.status === 'registered').length;
  return { s, pkg, registered };
}

/** Types into a field the way a keyboard does: focus, then the new value. */
function type(testId: string, value: string) {
  const input = screen.getByTestId<HTMLInputElement>(testId);
  input.focus();
  fireEvent.change(input, { target: { value } });
  return input;
}

/** Enter in a field submits the setup form (the browser's implicit submission). */
async function pressEnterIn(input: HTMLElement) {
  await act(async () => {
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
    if (input instanceof HTMLInputElement) input.form?.requestSubmit();
  });
}

describe('the setup ballot stock', () => {
  it('shows a difference with the numbers, refuses the setup without a reason, and keeps the reason in the setup and the audit log', async () => {
    const { s, pkg } = await setupScreen();
    expect(pkg.ballotStock).toBe(40);
    for (const [field, value] of Object.entries(staff)) type(`setup-${field}`, value);
    const stock = type('setup-ballotStock', '38');

    const differences = await screen.findByTestId('setup-stock-differences');
    expect(differences.textContent).toContain('包内分配 40 张，录入 38 张，少 2 张');
    expect(screen.getByTestId('setup-ballotStockReason')).toBeTruthy();

    // Enter without a reason: refused, with the reason asked for; nothing stored, the day stays at setup.
    await pressEnterIn(stock);
    const refusal = await screen.findByTestId('issues-error');
    expect(refusal.textContent).toContain('空白选票数与包内分配或选民人数不符：请写明原因后再确认设置');
    expect(await s.db.setup.findOne('setup').exec()).toBeNull();
    expect(stepOf(s.actor.getSnapshot().value)).toBe('setup');
    // The refusal takes the clerk to the reason (below the fold on a 768 px screen).
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('setup-ballotStockReason')));

    // A blank reason is no reason.
    await pressEnterIn(type('setup-ballotStockReason', '   '));
    expect(stepOf(s.actor.getSnapshot().value)).toBe('setup');

    // With the reason, Enter in the reason field confirms the setup.
    await pressEnterIn(type('setup-ballotStockReason', '区里少发了两张'));
    await waitFor(() => expect(stepOf(s.actor.getSnapshot().value)).toBe('ready'));
    const stored = (await s.db.setup.findOne('setup').exec())!.toJSON();
    expect(stored).toMatchObject({ ballotStock: 38, ballotStockReason: '区里少发了两张' });
    const audit = (await s.loadAudit()).find((event) => event.type === 'setup.confirmed')!;
    expect(audit.data).toMatchObject({
      ballotStock: 38,
      ballotStockReason: '区里少发了两张',
      ballotStockDifferences: [{ code: 'setup.stockVsAllocation', allocated: '40', entered: '38', gapSide: 'short', gap: '2' }],
    });
  });

  it('says fewer ballots than registered voters, and more than the allocation, as the clerk types', async () => {
    const { registered } = await setupScreen();
    type('setup-ballotStock', String(registered - 1));
    const differences = await screen.findByTestId('setup-stock-differences');
    await waitFor(() => expect(differences.textContent).toContain(`登记选民 ${registered} 人，录入 ${registered - 1} 张，少 1 张，不够每人一张`));
    expect(differences.textContent).toContain(`包内分配 40 张，录入 ${registered - 1} 张，少 ${41 - registered} 张`);
    type('setup-ballotStock', '41');
    await waitFor(() => expect(screen.getByTestId('setup-stock-differences').textContent).toContain('包内分配 40 张，录入 41 张，多 1 张'));
    expect(screen.getByTestId('setup-stock-differences').textContent).not.toContain('登记选民');
  });

  it('asks for no reason when the stock is the allocation; the stored reason is null', async () => {
    const { s } = await setupScreen();
    for (const [field, value] of Object.entries(staff)) type(`setup-${field}`, value);
    const stock = type('setup-ballotStock', '40');
    expect(screen.queryByTestId('setup-stock-differences')).toBeNull();
    expect(screen.queryByTestId('setup-ballotStockReason')).toBeNull();
    await pressEnterIn(stock);
    await waitFor(() => expect(stepOf(s.actor.getSnapshot().value)).toBe('ready'));
    expect((await s.db.setup.findOne('setup').exec())!.toJSON()).toMatchObject({ ballotStock: 40, ballotStockReason: null });
    const audit = (await s.loadAudit()).find((event) => event.type === 'setup.confirmed')!;
    expect(audit.data).not.toHaveProperty('ballotStockDifferences');
  });
});
