// @vitest-environment happy-dom
/**
 * The audit log in people's words (issue 15, item 3): each event a sentence with its actor and
 * the election's local time (Asia/Shanghai), the recorded JSON only behind 详情.
 */
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoPackage } from '../../../main/services/demo';
import { formatLocalDateTime } from '../../../shared/election/localTime';
import { AuditScreen } from '../../../renderer/features/audit/AuditScreen';
import { initI18n } from '../../../renderer/i18n';
import type { OpenStation } from '../../../renderer/station/openStation';
import type { Operator } from '../../../renderer/station/types';
import { directBridge, openPollsOn, openTestStation } from '../../helpers/station';
import { LiveStation } from '../../helpers/liveStation';
import { smallDemoSetup as setup } from '../../helpers/setup';

configure({ asyncUtilTimeout: 5000 });

const by: Operator = { clerk: '冯静', desk: '2号台' };

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

describe('the audit log', () => {
  it('shows each event as a sentence with its actor and local time, JSON only behind 详情', async () => {
    initI18n('zh-CN');
    const bridge = directBridge();
    const pkg = buildDemoPackage('small');
    station = await openTestStation(bridge);
    const s = station;
    await openPollsOn(s, pkg, setup, by);
    const voter = pkg.roll.find((v) => v.status === 'registered')!;
    expect((await s.actions.checkIn(voter.id, by)).ok).toBe(true);
    render(
      <LiveStation s={s} bridge={bridge} by={by}>
        <AuditScreen />
      </LiveStation>,
    );
    await screen.findByTestId('audit-screen');
    const rows = await waitFor(() => {
      const found = screen.getAllByTestId('audit-row');
      expect(found.length).toBeGreaterThanOrEqual(4);
      return found;
    });
    const sentences = screen.getAllByTestId('audit-sentence').map((cell) => cell.textContent);
    expect(sentences).toContain(`为 ${voter.name} 发出选票`);
    expect(sentences).toContain('开始投票');
    expect(sentences.some((text) => text?.startsWith('确认投票站设置：收到空白选票 40 张'))).toBe(true);
    // No event code is shown as its sentence.
    for (const text of sentences) expect(text).not.toMatch(/^[a-z]+\.[a-zA-Z]+/);
    const events = await s.loadAudit();
    const newest = events.at(-1)!;
    const at = rows[0]!.querySelector('[data-testid="audit-at"]')!.textContent;
    expect(at).toBe(formatLocalDateTime(newest.at, { seconds: true }));
    expect(at).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}$/);
    expect(rows[0]!.textContent).toContain('冯静');
    expect(rows[0]!.textContent).toContain('2号台');
    expect(screen.getByTestId('audit-zone').textContent).toContain('Asia/Shanghai');
    // The recorded data is behind 详情, closed.
    const details = rows[0]!.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('详情');
  });
});
