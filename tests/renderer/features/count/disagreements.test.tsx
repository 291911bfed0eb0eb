// @vitest-environment happy-dom
/**
 * The 监票人's panel: papers one desk has not entered are one gap — one row, settled at once —
 * not a row for every paper after them (issue 12, item 1).
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { compareEntries, type EnteredBallot } from '../../../../shared/rules/doubleEntry';
import { DisagreementsPanel } from '../../../../renderer/features/count/DisagreementsPanel';
import { initI18n } from '../../../../renderer/i18n';
import type { CountView } from '../../../../renderer/station/countView';
import { StationContext, type StationContextValue } from '../../../../renderer/station/StationContext';

afterEach(cleanup);

const paper = (seq: number): EnteredBallot => ({ seq, status: 'valid', marks: { chair: { for: [`p${seq % 3}`], against: [], writeIns: [] } } });

describe('the disagreements panel', () => {
  it('shows a gap of desk A as one row; taking B settles every place of it', async () => {
    initI18n('en');
    const a = [...Array.from({ length: 24 }, (_, i) => paper(i + 1)), ...Array.from({ length: 10 }, (_, i) => paper(i + 31))];
    const b = [...Array.from({ length: 40 }, (_, i) => paper(i + 1))].map((ballot) => (ballot.seq === 35 ? { ...ballot, status: 'blank' as const, marks: null } : ballot));
    const resolved: [number, string][] = [];
    const count = { disagreements: compareEntries(a, b), resolutions: new Map() } as unknown as CountView;
    const value = {
      count,
      operator: { clerk: '孙志强', desk: '监票' },
      countActions: { resolveDisagreement: async (seq: number, entry: string) => void resolved.push([seq, entry]) },
    } as unknown as StationContextValue;
    render(
      <StationContext.Provider value={value}>
        <DisagreementsPanel />
      </StationContext.Provider>,
    );
    const rows = screen.getByTestId('disagreements').querySelectorAll('tr');
    expect([...rows].map((row) => [row.getAttribute('data-seq'), row.getAttribute('data-to')])).toEqual([
      ['25', '30'],
      ['35', '35'],
    ]);
    expect(screen.getByTestId('disagreements').querySelector('h2')?.textContent).toContain('2');
    expect(rows[0]?.textContent).toContain('Desk A has no ballots 25–30');
    fireEvent.click(rows[0]?.querySelectorAll('button')[1] as HTMLButtonElement);
    await waitFor(() => expect(resolved).toHaveLength(6));
    expect(resolved).toEqual([25, 26, 27, 28, 29, 30].map((seq) => [seq, 'B']));
  });

  it('says each disagreement as a sentence with the names and marks, not codes (issue 15, item 3)', () => {
    initI18n('zh-CN');
    const names: Record<string, string> = { p1: '张三', p2: '李四' };
    const a: EnteredBallot[] = [{ seq: 12, status: 'valid', marks: { chair: { for: ['p1'], against: ['p2'], writeIns: [] } } }];
    const b: EnteredBallot[] = [{ seq: 12, status: 'valid', marks: { chair: { for: ['p1', 'p2'], against: [], writeIns: [] } } }];
    const context = { nameOf: (person: string) => names[person] ?? person, positionById: new Map([['chair', { title: '主任' }]]) };
    const count = { disagreements: compareEntries(a, b), resolutions: new Map(), context } as unknown as CountView;
    const value = { count, operator: { clerk: '孙志强', desk: '监票' }, countActions: { resolveDisagreement: async () => undefined } } as unknown as StationContextValue;
    render(
      <StationContext.Provider value={value}>
        <DisagreementsPanel />
      </StationContext.Provider>,
    );
    expect(screen.getByTestId('disagreement-sentence').textContent).toBe('第 12 张：甲 录入 张三○ 李四×，乙 录入 张三○ 李四○');
    expect(screen.getByTestId('disagreements').textContent).not.toMatch(/valid;|chair:/);
  });
});
