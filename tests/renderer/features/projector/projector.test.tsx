// @vitest-environment happy-dom
/**
 * The projector (issue 15, item 4): it follows the current round — during a runoff it shows the
 * runoff, never round 1's tally; it says each position's threshold (过半数 = N 票), marks 当选 as
 * soon as shared/rules says it is certain, and shows 反对 where the ballot has 赞成/反对/弃权 marks.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectorScreen } from '../../../../renderer/features/projector/ProjectorScreen';
import { initI18n } from '../../../../renderer/i18n';
import { StationContext, type StationContextValue } from '../../../../renderer/station/StationContext';
import { IncrementalTally } from '../../../../shared/rules/incremental';
import { demoElection } from '../../../helpers/build';

afterEach(cleanup);

const election = demoElection({ womenRule: 'none' });
const position = election.positions[0]!;
const [first, second] = position.candidates;
const total = 10;
const counts = { registeredVoters: total, participants: total, ballotsIssued: total, ballotsRecovered: total };

function projector(count: Record<string, unknown>, round: number) {
  const value = { view: { info: { election }, round }, count } as unknown as StationContextValue;
  return render(
    <StationContext.Provider value={value}>
      <ProjectorScreen />
    </StationContext.Provider>,
  );
}

describe('the projector', () => {
  it('says the threshold, shows 反对 and marks 当选 once it is certain', () => {
    initI18n('zh-CN');
    const live = new IncrementalTally(election);
    const entries: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      live.add({ id: `B-${i}`, status: 'valid', marks: { [position.id]: { for: [first!.id], against: [second!.id] } } });
      entries.push({});
    }
    const count = { round: 1, context: live.context, live: live.result(counts), results: [], pile: 'loaded', entered: { A: entries.length, B: 0 }, entries: { A: entries, B: [] }, boxes: { recovered: total } };
    projector(count, 1);
    expect(screen.getByTestId('projector-round').textContent).toBe('第 1 轮投票');
    const threshold = screen.getAllByTestId('tally-threshold')[0]!;
    expect(threshold.textContent).toBe(`过半数 = ${Math.floor(total / 2) + 1} 票`);
    const row = document.querySelector(`[data-position="${position.id}"] [data-person="${first!.id}"]`)!;
    expect(row.getAttribute('data-elected')).toBe('true');
    expect(row.textContent).toContain('当选');
    const againstRow = document.querySelector(`[data-position="${position.id}"] [data-person="${second!.id}"]`)!;
    expect(againstRow.textContent).toContain('反对 7');
    expect(againstRow.getAttribute('data-elected')).toBeNull();
  });

  it('claims no 当选 on a cold start\'s snapshot not yet checked against the stored ballots', () => {
    initI18n('zh-CN');
    const live = new IncrementalTally(election);
    for (let i = 0; i < 7; i++) live.add({ id: `B-${i}`, status: 'valid', marks: { [position.id]: { for: [first!.id] } } });
    const count = { round: 1, context: live.context, live: live.result(counts), results: [], pile: 'snapshot', entered: { A: 7, B: 0 }, entries: { A: [], B: [] }, boxes: { recovered: total } };
    projector(count, 1);
    expect(screen.getByTestId('projector-counted').textContent).toContain('7');
    const row = document.querySelector(`[data-position="${position.id}"] [data-person="${first!.id}"]`)!;
    expect(row.getAttribute('data-elected')).toBeNull();
    expect(row.textContent).not.toContain('当选');
  });

  it('during a runoff shows the runoff, not round 1', () => {
    initI18n('zh-CN');
    const roundOne = new IncrementalTally(election);
    roundOne.add({ id: 'B-1', status: 'valid', marks: { [position.id]: { for: [first!.id] } } });
    const count = { round: 2, context: null, live: null, results: [roundOne.result(counts)], pile: 'loaded', entered: { A: 0, B: 0 }, entries: { A: [], B: [] }, boxes: null };
    projector(count, 2);
    expect(screen.getByTestId('projector-round').textContent).toBe('第 2 轮 · 另行选举');
    expect(screen.queryByTestId('running-tally')).toBeNull();
    expect(screen.getByTestId('projector-counted').textContent).toBe('等待开箱计票');
  });
});
