// @vitest-environment happy-dom
/**
 * The lead's 设备 panel (issue 16) on the real main services: from the top bar, enable the lead,
 * show a pairing code large with its QR, see the desk that paired with it and revoke it, and
 * settle a duplicate check-in the hub found — the reason is required, the resolution is shown,
 * kept at the hub and written to the lead's audit log.
 */
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeAllJournals } from '../../../main/services/journal';
import { closeHubService, hubService } from '../../../main/services/hub/service';
import { nodeBridge } from '../../../main/services/nodeBridge';
import { HubIndicator } from '../../../renderer/features/hub/HubIndicator';
import { stopHubSync } from '../../../renderer/features/hub/hubSyncSession';
import { initI18n } from '../../../renderer/i18n';
import type { OpenStation } from '../../../renderer/station/openStation';
import type { Operator } from '../../../renderer/station/types';
import { isPairingCode } from '../../../shared/hub/protocol';
import { checkinId } from '../../../shared/station/recordIds';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { smallDemoPackage } from '../../e2e/smallPackage';
import { LiveStation } from '../../helpers/liveStation';
import { testSetup as setup } from '../../helpers/setup';
import { openTestStation } from '../../helpers/station';
import { pgliteTemplate } from '../../server/helpers/backends';

configure({ asyncUtilTimeout: 10_000 });

const by: Operator = { clerk: '孙志强', desk: '1号台' };
const dirs: string[] = [];
let station: OpenStation | null = null;

afterEach(async () => {
  cleanup();
  await stopHubSync();
  await station?.close();
  station = null;
});
afterAll(async () => {
  for (const dir of dirs) await closeHubService(dir);
  await closeAllJournals();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

describe('the desks panel', () => {
  it('enables the lead, shows the code and QR, lists and revokes a desk, resolves an anomaly with a reason', async () => {
    initI18n('zh-CN');
    const leadDir = dataDir('panel-lead-');
    const deskDir = dataDir('panel-desk-');
    hubService(leadDir, { dbTemplate: await pgliteTemplate() });
    const bridge: StationBridge = nodeBridge(leadDir);
    const deskBridge: StationBridge = nodeBridge(deskDir);
    const pkg = smallDemoPackage(10);
    station = await openTestStation(bridge);
    expect((await station.actions.importPackage(JSON.stringify(pkg), false, by)).ok).toBe(true);

    render(
      <LiveStation s={station} bridge={bridge} by={by}>
        <HubIndicator />
      </LiveStation>,
    );
    fireEvent.click(await screen.findByTestId('hub-devices'));
    const panel = await screen.findByTestId('hub-panel');
    expect(within(panel).getByTestId('hub-role').dataset.role).toBe('standalone');
    expect(within(panel).queryByTestId('hub-pairing')).toBeNull();

    // Enable the lead (LAN off: loopback only).
    await act(async () => void fireEvent.click(within(panel).getByTestId('hub-enable')));
    await waitFor(() => expect(screen.getByTestId('hub-role').dataset.role).toBe('lead'), { timeout: 30_000 });
    expect(screen.getByTestId('hub-role').textContent).toContain('https://127.0.0.1:');
    expect(screen.getByTestId('hub-devices').textContent).toContain('主机');

    // A pairing code, large, with its QR and the text a desk pastes.
    await act(async () => void fireEvent.click(screen.getByTestId('hub-show-code')));
    const code = (await screen.findByTestId('hub-code')).textContent ?? '';
    expect(isPairingCode(code)).toBe(true);
    expect(screen.getByTestId('hub-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const offerText = screen.getByTestId<HTMLTextAreaElement>('hub-offer-text').value;
    expect(offerText.startsWith('PSHUB1:')).toBe(true);

    // A desk pairs with that offer: the panel lists it; 撤销 revokes it.
    const paired = await deskBridge.hubPair!({ offerText, deskName: '发票台 2', role: 'checkin' });
    if (!paired.ok) throw new Error(JSON.stringify(paired.issues));
    const row = await screen.findByTestId('hub-desk-row', {}, { timeout: 10_000 });
    expect(row.dataset.desk).toBe('发票台 2');
    expect(row.textContent).toContain('发票台');
    fireEvent.click(within(row).getByTestId('hub-revoke'));
    expect(row.textContent).toContain('确定撤销“发票台 2”');
    await act(async () => void fireEvent.click(within(row).getByTestId('hub-revoke-confirm')));
    await waitFor(() => expect(screen.getByTestId('hub-desk-row').dataset.revoked).toBe('true'));
    expect(screen.getByTestId('hub-desk-row').textContent).toContain('已撤销');

    // A duplicate check-in at the hub: the lead claimed voter 1; another desk's offline check-in of
    // the same voter then merged (pushed here as the lead's own push of a second record would be).
    expect((await station.actions.confirmSetup(setup, by)).ok).toBe(true);
    expect((await station.actions.openPolls(by)).ok).toBe(true);
    const voter = pkg.roll[0]!;
    // At once after opening: the lead's day reaches its hub a moment later (HubIndicator runs the
    // replication), and the claim waits for it rather than refusing the lead's own open polls.
    expect((await station.actions.checkIn(voter.id, by)).ok).toBe(true);
    await waitFor(async () => {
      const answer = await bridge.hubRequest!('GET', `/hub/v1/checkins/pull?checkpoint=&limit=100`);
      expect(answer.kind === 'answer' && answer.body.includes(voter.id)).toBe(true);
    });
    const offline = { id: checkinId(1, voter.id), round: 1, voterId: voter.id, kind: 'inPerson', status: 'issued', issuedAt: new Date(Date.now() - 60_000).toISOString(), clerk: '李娜', desk: '发票台 3', _deleted: false };
    const pushed = await bridge.hubRequest!('POST', '/hub/v1/checkins/push', JSON.stringify([{ assumedMasterState: null, newDocumentState: offline }]));
    expect(pushed.kind).toBe('answer');

    const anomaly = await screen.findByTestId('hub-anomaly', {}, { timeout: 10_000 });
    expect(anomaly.dataset.kind).toBe('duplicateCheckin');
    expect(anomaly.textContent).toContain('同一选民被发了两次选票');
    expect(anomaly.textContent).toContain(voter.name);
    expect(anomaly.textContent).toContain('发票台 3');
    const choices = within(anomaly).getAllByTestId('hub-standing');
    expect(choices).toHaveLength(2);
    // The desk's record stands (the voter received that one); no reason → refused, said.
    const standing = choices.find((choice) => choice.closest('label')?.textContent?.includes('发票台 3'))!;
    fireEvent.click(standing);
    await act(async () => void fireEvent.click(within(anomaly).getByTestId('hub-resolve')));
    await waitFor(() => expect(within(screen.getByTestId('hub-anomaly')).getByTestId('issues-error').textContent).toContain('请填写处理异常的理由'));
    fireEvent.change(within(screen.getByTestId('hub-anomaly')).getByTestId('hub-reason'), { target: { value: '选民确认在发票台 3 领票' } });
    await act(async () => void fireEvent.click(within(screen.getByTestId('hub-anomaly')).getByTestId('hub-resolve')));
    await waitFor(() => expect(screen.getByTestId('hub-resolution').textContent).toContain('选民确认在发票台 3 领票'));
    expect(screen.getByTestId('hub-anomaly').dataset.resolved).toBe('true');

    // Kept at the hub, and in the lead's audit log.
    const [resolved] = await bridge.hubAnomalies!();
    expect(resolved?.resolution).toMatchObject({ reason: '选民确认在发票台 3 领票', by: { clerk: by.clerk, desk: by.desk } });
    const logged = await station.db.audit.findOne({ selector: { type: 'hub.anomalyResolved' } }).exec();
    expect(logged?.toJSON().data).toMatchObject({ anomalyId: resolved?.id, kind: 'duplicateCheckin', voterId: voter.id, reason: '选民确认在发票台 3 领票' });
  }, 180_000);
});
