// @vitest-environment happy-dom
/**
 * A ballot collision (two count desks' papers under one id, issue 16) is shown to the lead with
 * each paper's desk, time and recorder — 计票人, not the check-in's 发票员 — and no voter.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { AnomalyList } from '../../../renderer/features/hub/AnomalyList';
import { initI18n } from '../../../renderer/i18n';
import type { OpenStation } from '../../../renderer/station/openStation';
import { StationContext } from '../../../renderer/station/StationContext';
import type { Anomaly } from '../../../shared/hub/protocol';
import { directBridge, openTestStation, stationContextValue } from '../../helpers/station';

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

const paper = (desk: string, clerk: string, at: string) => ({ id: 'R1-A-100001-1', round: 1, entry: 'A', seq: 100001, kind: 'ballot', status: 'blank', marks: null, at, clerk, desk });

it('names each paper\'s recorder (计票人) and desk, not a voter', async () => {
  initI18n('zh-CN');
  const collision: Anomaly = {
    id: 'c1',
    kind: 'ballotCollision',
    round: 1,
    voterId: 'R1-A-100001-1',
    records: [paper('录入台 1', '郑洁', '2026-12-07T11:02:00Z'), paper('录入台 2', '吴磊', '2026-12-07T11:03:00Z')],
    detectedAt: '2026-12-07T11:04:00Z',
    resolution: null,
  };
  const bridge = { ...directBridge(), hubAnomalies: async () => [collision] };
  station = await openTestStation(bridge);
  render(
    <StationContext.Provider value={stationContextValue(station, bridge, 'S1', { clerk: '孙志强', desk: '主机' })}>
      <AnomalyList />
    </StationContext.Provider>,
  );
  const item = await screen.findByTestId('hub-anomaly');
  expect(item.dataset.kind).toBe('ballotCollision');
  expect(item.textContent).toContain('录入台 1');
  expect(item.textContent).toContain('计票人 郑洁');
  expect(item.textContent).toContain('计票人 吴磊');
  expect(item.textContent).not.toContain('发票员');
});
