// @vitest-environment happy-dom
/**
 * After certification (issue 18): the results screen's handover panel says how long is left to
 * hand over (3 days after the vote, in the election's zone) and warns as the deadline nears;
 * the archive request it sends main holds the station's audit log with its chain intact.
 */
import { cleanup, configure, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildUnsignedDemoPackage } from '../../../../main/services/demo';
import { HandoverPanel } from '../../../../renderer/features/results/HandoverPanel';
import { archiveRequestOf } from '../../../../renderer/features/results/handoverRecords';
import { initI18n } from '../../../../renderer/i18n';
import type { OpenStation } from '../../../../renderer/station/openStation';
import { archiveRequestSchema } from '../../../../shared/bridge/archiveRequest';
import { generateKeyPair } from '../../../../shared/crypto/ed25519';
import { signElectionPackage } from '../../../../shared/crypto/signed';
import { verifyAuditChain } from '../../../../shared/station/auditChain';
import type { AuditEvent } from '../../../../shared/station/records';
import { directBridge, openTestStation, stationContextValue } from '../../../helpers/station';
import { LiveStation } from '../../../helpers/liveStation';
import { by as countBy, readyToCount } from '../../../helpers/count';
import { smallDemoPackage } from '../../../e2e/smallPackage';
import { VoidScreen } from '../../../../renderer/features/results/VoidScreen';
import { firstValueFrom, of } from 'rxjs';
import { filter } from 'rxjs/operators';
import { countView$, type CountView } from '../../../../renderer/station/countView';
import { stationView$ } from '../../../../renderer/station/stationView';
import { StationContext } from '../../../../renderer/station/StationContext';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';

configure({ asyncUtilTimeout: 5000 });

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await station?.close();
  station = null;
});

const by = { clerk: '冯静', desk: '1号台' };

async function importedStation() {
  const bridge = directBridge();
  station = await openTestStation(bridge);
  const unsigned = buildUnsignedDemoPackage();
  const pkg = signElectionPackage({ ...unsigned, roll: unsigned.roll.slice(0, 40) }, generateKeyPair().secretKey);
  const imported = await station.actions.importPackage(JSON.stringify(pkg), false, by);
  if (!imported.ok) throw new Error(JSON.stringify(imported.issues));
  return { s: station, bridge, voteDate: pkg.election.date };
}

describe('the handover panel', { timeout: 30_000 }, () => {
  it('counts the days left in the election\'s zone and warns on the day before, the last day and once passed', async () => {
    initI18n('zh-CN');
    const { s, bridge, voteDate } = await importedStation();
    expect(voteDate).toBe('2026-12-06');
    const shown = async (iso: string) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(iso));
      render(
        <LiveStation s={s} bridge={bridge} by={by}>
          <HandoverPanel />
        </LiveStation>,
      );
      const line = await screen.findByTestId('handover-deadline');
      const out = { text: line.textContent, urgency: line.getAttribute('data-urgency'), role: line.getAttribute('role') };
      cleanup();
      vi.useRealTimers();
      return out;
    };
    expect(await shown('2026-12-07T02:00:00Z')).toEqual({ text: '移交应在选举后 3 日内完成：最迟 2026年12月9日，还剩 2 天。', urgency: 'ok', role: 'status' });
    // 16:30 UTC on 12-07 is already 12-08 in Beijing: one day left.
    expect(await shown('2026-12-07T16:30:00Z')).toEqual({ text: '移交期限将至：最迟 2026年12月9日，只剩 1 天。', urgency: 'soon', role: 'alert' });
    expect(await shown('2026-12-09T01:00:00Z')).toMatchObject({ text: '今天是移交的最后一天（2026年12月9日）。', urgency: 'lastDay' });
    expect(await shown('2026-12-11T01:00:00Z')).toMatchObject({ text: '移交期限已过：应于 2026年12月9日 前完成，已逾期 2 天。仍须移交：清单会注明逾期，并留有填写原因的位置。', urgency: 'overdue' });
    initI18n('en');
    expect((await shown('2026-12-07T16:30:00Z')).text).toBe('The handover deadline is near: by 2026-12-09, 1 day left.');
  });

  it('sends main the station\'s records with the audit chain as stored — intact', async () => {
    initI18n('zh-CN');
    const { s } = await importedStation();
    const request = await archiveRequestOf(s.db);
    expect(archiveRequestSchema.safeParse(request).success).toBe(true);
    expect(request.audit.length).toBeGreaterThan(0);
    expect(verifyAuditChain(request.audit as unknown as AuditEvent[])).toBe(-1);
    expect(request.staff).toBeNull(); // no setup stored yet
  });

  it('a void vote: no handover, its records archived all the same; a failing door is said, not swallowed', async () => {
    initI18n('zh-CN');
    const bridge = directBridge();
    const ready = await readyToCount(52, { pkg: smallDemoPackage(100), bridge });
    station = ready.s;
    await ready.s.countActions.openBoxes({ mainBox: 53, mobileBoxes: {}, doubleEntry: false }, countBy);
    const produced = await ready.s.countActions.produceSheets(countBy);
    if (!produced.ok) throw new Error(JSON.stringify(produced.issues));
    const view = await firstValueFrom(stationView$(ready.s.db, ready.s.actor).pipe(filter((v) => v.info !== null)));
    const count: CountView = await firstValueFrom(countView$(ready.s.db, ready.s.actor, of(view.info!.election)).pipe(filter((c) => c.sheet !== null)));
    const voidScreen = (door: StationBridge) => (
      <StationContext.Provider value={{ ...stationContextValue(ready.s, door, 'x', countBy), view, count }}>
        <VoidScreen />
      </StationContext.Provider>
    );
    const saved: string[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push((blob as Blob).type);
      return 'blob:archive';
    });
    render(voidScreen(bridge));
    const seal = await screen.findByTestId('produce-archive');
    expect(screen.queryByTestId('handover-deadline')).toBeNull();
    expect(screen.queryByTestId('produce-handover')).toBeNull();
    expect(screen.getByTestId('handover-panel').textContent).toContain('选举档案');
    fireEvent.click(seal);
    expect((await screen.findByTestId('handover-done', {}, { timeout: 20_000 })).textContent).toMatch(/^选举档案已封存：election-archive-.+\.zip（编号 [0-9a-f]{16}）$/);
    expect(saved).toEqual(['application/zip']);
    createObjectURL.mockRestore();
    cleanup();

    const broken = { ...bridge, produceArchive: () => Promise.reject(new Error('Election archive failed: 502 host gone')) };
    render(voidScreen(broken));
    fireEvent.click(await screen.findByTestId('produce-archive'));
    expect((await screen.findByText(/未能完成：/)).textContent).toContain('502 host gone');
  }, 60_000);
});
