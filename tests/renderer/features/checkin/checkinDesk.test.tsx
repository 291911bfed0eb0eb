// @vitest-environment happy-dom
/**
 * The check-in desk when main's journal (the host) cannot be reached (issue 12): Enter used to
 * do nothing at all. Now the desk says why, nothing is stored, the voter stays on the card, and
 * Enter issues the ballot once the host is back.
 */
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import { formatLocalTime } from '../../../../shared/election/localTime';
import { CheckinDesk } from '../../../../renderer/features/checkin/CheckinDesk';
import { initI18n } from '../../../../renderer/i18n';
import type { OpenStation } from '../../../../renderer/station/openStation';
import type { Operator } from '../../../../renderer/station/types';
import { smallDemoPackage } from '../../../e2e/smallPackage';
import { directBridge, openPollsOn, openTestStation } from '../../../helpers/station';
import { LiveStation } from '../../../helpers/liveStation';
import { testSetup as setup } from '../../../helpers/setup';

configure({ asyncUtilTimeout: 5000 });

const by: Operator = { clerk: '冯静', desk: '1号台' };

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

describe('the check-in desk', () => {
  it('shows why when the host is down, stores nothing, keeps the voter on the card; Enter issues once it is back', async () => {
    initI18n('en');
    const real = directBridge();
    let hostDown = false;
    const bridge: StationBridge = { ...real, journal: (entry) => (hostDown ? Promise.reject(new TypeError('Failed to fetch')) : real.journal(entry)) };
    const pkg = smallDemoPackage(10);
    station = await openTestStation(bridge);
    await openPollsOn(station, pkg, setup, by);
    const voter = pkg.roll[0]!;
    render(
      <LiveStation s={station} bridge={bridge} by={by}>
        <CheckinDesk />
      </LiveStation>,
    );
    const search = (await screen.findByTestId('checkin-search')).querySelector('input')!;
    fireEvent.change(search, { target: { value: voter.idTail } });
    fireEvent.keyDown(search, { key: 'Enter' });
    await screen.findByTestId('confirm-card');
    const confirm = screen.getByTestId('confirm-issue');
    await waitFor(() => expect(document.activeElement).toBe(confirm));

    hostDown = true;
    await act(async () => void fireEvent.keyDown(confirm, { key: 'Enter' }));
    await waitFor(() => expect(screen.getByTestId('checkin-failure').textContent).toContain(`No ballot was issued to ${voter.name}`));
    expect(screen.getByTestId('checkin-failure').textContent).toContain('Failed to fetch');
    expect(await station.db.checkins.count().exec()).toBe(0);
    expect(screen.getByTestId('confirm-card').textContent).toContain(voter.name);

    hostDown = false;
    await act(async () => void fireEvent.keyDown(screen.getByTestId('confirm-issue'), { key: 'Enter' }));
    await waitFor(() => expect(screen.getByTestId('checkin-ok').textContent).toContain(voter.name));
    expect(screen.queryByTestId('checkin-failure')).toBeNull();
    expect(await station.db.checkins.count().exec()).toBe(1);
  });

  it('the Enter that chooses a voter opens the ID-check card and issues nothing; Esc goes back with the text kept; Enter on 确认发票 issues', async () => {
    initI18n('zh-CN');
    const bridge = directBridge();
    const pkg = smallDemoPackage(10);
    station = await openTestStation(bridge);
    await openPollsOn(station, pkg, setup, by);
    const voter = pkg.roll[3]!;
    render(
      <LiveStation s={station} bridge={bridge} by={by}>
        <CheckinDesk />
      </LiveStation>,
    );
    const search = (await screen.findByTestId('checkin-search')).querySelector('input')!;
    fireEvent.change(search, { target: { value: voter.name } });
    await act(async () => void fireEvent.keyDown(search, { key: 'Enter' }));
    const card = await screen.findByTestId('confirm-card');
    expect(card.textContent).toContain('核对身份');
    expect(card.textContent).toContain(voter.name);
    expect(card.textContent).toContain(voter.idTail);
    expect(card.textContent).toContain(voter.address);
    expect(card.textContent).toContain(voter.group);
    expect(screen.getByTestId('confirm-status').textContent).toContain('本轮尚未领票');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('confirm-issue')));
    await station.actor.settled();
    expect(await station.db.checkins.count().exec()).toBe(0);

    // Esc: back to the search, the text that found the voter still there.
    await act(async () => void fireEvent.keyDown(screen.getByTestId('confirm-issue'), { key: 'Escape' }));
    expect(screen.queryByTestId('confirm-card')).toBeNull();
    const again = screen.getByTestId<HTMLInputElement>('checkin-search-input');
    expect(again.value).toBe(voter.name);
    expect(document.activeElement).toBe(again);
    expect(await station.db.checkins.count().exec()).toBe(0);

    await act(async () => void fireEvent.keyDown(again, { key: 'Enter' }));
    const confirm = await screen.findByTestId('confirm-issue');
    // A held-down Enter repeats: the repeat issues nothing.
    await act(async () => void fireEvent.keyDown(confirm, { key: 'Enter', repeat: true }));
    expect(await station.db.checkins.count().exec()).toBe(0);
    await act(async () => void fireEvent.keyDown(confirm, { key: 'Enter' }));
    await waitFor(() => expect(screen.getByTestId('checkin-ok').textContent).toContain(voter.name));
    expect(await station.db.checkins.count().exec()).toBe(1);
    expect(screen.getByTestId<HTMLInputElement>('checkin-search-input').value).toBe('');

    // The recent check-ins say the time in the election's local time (15:09), never the machine's zone or ISO.
    const { issuedAt } = (await station.db.checkins.findOne().exec())!;
    const cells = await waitFor(() => {
      const found = [...document.querySelectorAll('table.data td')].map((cell) => cell.textContent ?? '');
      expect(found).toContain(voter.name);
      return found;
    });
    expect(cells).toContain(formatLocalTime(issuedAt, { timeZone: 'Asia/Shanghai' }));
    for (const text of cells) expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T|UTC|[AP]M/);
  });
});
