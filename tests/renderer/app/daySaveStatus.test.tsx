// @vitest-environment happy-dom
/**
 * A failed save of the polling day is shown to the clerk (issue 12, item 2): the top bar says the
 * save is being tried again, then that it failed, and clears once a save succeeds.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TopBar } from '../../../renderer/app/TopBar';
import { initI18n } from '../../../renderer/i18n';
import type { PollingDayGate, SaveStatus } from '../../../renderer/machine/gate';
import type { OpenStation } from '../../../renderer/station/openStation';
import { StationContext } from '../../../renderer/station/StationContext';
import { directBridge, openTestStation, stationContextValue } from '../../helpers/station';

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

describe('the top bar and the day’s saves', () => {
  it('shows a save being tried again and a save that failed, in the clerk’s language, until one succeeds', async () => {
    initI18n('zh-CN');
    const bridge = directBridge();
    station = await openTestStation(bridge);
    // The gate's save status, driven by the test (the gate's own retries are tested in gate.test.ts).
    let status: SaveStatus = { state: 'saved' };
    const listeners = new Set<(next: SaveStatus) => void>();
    const gate: PollingDayGate = Object.assign(Object.create(station.actor) as PollingDayGate, {
      saveStatus: () => status,
      onSaveStatus: (listener: (next: SaveStatus) => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    });
    const set = (next: SaveStatus) =>
      act(() => {
        status = next;
        for (const listener of listeners) listener(next);
      });
    const value = { ...stationContextValue(station, bridge, 'PS-01', { clerk: '冯静', desk: '1号台' }), actor: gate };
    render(
      <StationContext.Provider value={value}>
        <TopBar showAudit={false} onToggleAudit={() => undefined} />
      </StationContext.Provider>,
    );
    expect(screen.queryByTestId('day-save-status')).toBeNull();
    set({ state: 'retrying', attempt: 2 });
    expect(screen.getByTestId('day-save-status').textContent).toBe('投票日的步骤未能保存，正在重试（第 2 次）……');
    set({ state: 'failed', message: 'QuotaExceededError' });
    expect(screen.getByRole('alert').textContent).toContain('QuotaExceededError');
    expect(screen.getByTestId('day-save-status').getAttribute('data-state')).toBe('failed');
    set({ state: 'saved' });
    expect(screen.queryByTestId('day-save-status')).toBeNull();
  });
});
