// @vitest-environment happy-dom
/**
 * 加入主机 on a fresh machine's import screen (issue 16), on its real main services: what the
 * clerk pasted or typed is checked by main before anything is stored — a text that is not a
 * lead's QR, and nothing at all, are each said on screen; the machine stays unpaired and empty.
 */
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { JoinLeadPanel } from '../../../renderer/features/hub/JoinLeadPanel';
import { initI18n } from '../../../renderer/i18n';
import type { OpenStation } from '../../../renderer/station/openStation';
import { hubLinkFor } from '../../../renderer/station/hubLink';
import { LiveStation } from '../../helpers/liveStation';
import { directBridge, openTestStation } from '../../helpers/station';
import { atDesk, removeMachines } from './machines';

configure({ asyncUtilTimeout: 10_000 });

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});
afterAll(removeMachines);

describe('joining a lead machine', () => {
  it('says why a pasted text or nothing cannot pair, and stores nothing', async () => {
    initI18n('zh-CN');
    const bridge = directBridge();
    station = await openTestStation(bridge);
    render(
      <LiveStation s={station} bridge={bridge} by={atDesk}>
        <JoinLeadPanel />
      </LiveStation>,
    );
    fireEvent.change(await screen.findByTestId('hub-join-name'), { target: { value: '发票台 2' } });
    // Nothing pasted, nothing typed.
    await act(async () => void fireEvent.click(screen.getByTestId('hub-join-submit')));
    await waitFor(() => expect(screen.getByTestId('issues-error').querySelector('[data-code]')?.getAttribute('data-code')).toMatch(/^hub\./));
    // A text that is not a lead's QR: the address and code fields step aside while it is there.
    fireEvent.change(screen.getByTestId('hub-join-offer'), { target: { value: 'PSHUB1:not-an-offer' } });
    expect(screen.getByTestId<HTMLInputElement>('hub-join-code').disabled).toBe(true);
    await act(async () => void fireEvent.click(screen.getByTestId('hub-join-submit')));
    await waitFor(() => expect(screen.getByTestId('issues-error').querySelector('[data-code]')?.getAttribute('data-code')).toBe('hub.offerInvalid'));
    expect(screen.getByTestId('issues-error').textContent).toContain('这不是主机的配对二维码内容');
    expect((await hubLinkFor(bridge).refresh()).role).toBe('standalone');
    expect(await station.db.election.count().exec()).toBe(0);
  }, 60_000);
});
