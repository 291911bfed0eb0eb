/** The page code (PSP1): what each page of a result sheet carries, and its check against the signed result. */
import { describe, expect, it } from 'vitest';
import {
  allFigureIds,
  decodePageCode,
  describeFigure,
  encodePageCode,
  FIGURE_IDS,
  listPageFigures,
  pageCodeNames,
  pageCodeOf,
  pageFigureDifferences,
  signedResultHash,
  type PageCode,
} from '../../../shared/sheets/pageCode';
import { qrVersionFor } from '../../../shared/sheets/qrPayload';
import { signedScenarios } from './fixtures';

const scenarios = signedScenarios();

describe('the page code', () => {
  it('decodes to what was encoded, for every scenario, and stays a small alphanumeric code', () => {
    for (const scenario of scenarios) {
      const code = pageCodeOf(scenario.signed, 1, 2, allFigureIds(scenario.result));
      const text = encodePageCode(code);
      expect(text).toMatch(/^PSP1:[0-9A-Z $%*+\-./:]+$/);
      expect(qrVersionFor(text.length), scenario.name).toBeLessThanOrEqual(12);
      expect(decodePageCode(text)).toEqual(code);
      expect(code.resultHash).toBe(signedResultHash(scenario.signed));
      expect(pageCodeNames(code, scenario.signed)).toBe(true);
      expect(pageFigureDifferences(code, scenario.signed)).toEqual([]);
    }
  });

  it('carries only the figures of the ids on its page, rows in runs', () => {
    const scenario = scenarios.find((s) => s.result.positions.some((p) => p.tallies.length >= 3))!;
    const index = scenario.result.positions.findIndex((p) => p.tallies.length >= 3);
    const ids = new Set([FIGURE_IDS.row(index, 1), FIGURE_IDS.row(index, 2)]);
    const code = decodePageCode(encodePageCode(pageCodeOf(scenario.signed, 2, 2, ids)))!;
    expect(code.figures.stats).toBeNull();
    expect(code.figures.positions).toEqual([]);
    expect(code.figures.rows).toHaveLength(1);
    expect(code.figures.rows[0]).toMatchObject({ position: index, first: 1 });
    expect(code.figures.rows[0]!.rows.map((row) => row.for)).toEqual([1, 2].map((row) => scenario.result.positions[index]!.tallies[row]!.for));
  });

  it('names a number that is not the signed result\'s, and a code of another result', () => {
    const [a, b] = scenarios;
    const code = pageCodeOf(a!.signed, 1, 1, allFigureIds(a!.result));
    const [run] = code.figures.rows;
    const altered: PageCode = {
      ...code,
      figures: { ...code.figures, rows: [{ ...run!, rows: [{ ...run!.rows[0]!, for: run!.rows[0]!.for + 7 }, ...run!.rows.slice(1)] }, ...code.figures.rows.slice(1)] },
    };
    const decoded = decodePageCode(encodePageCode(altered))!;
    const differences = pageFigureDifferences(decoded, a!.signed);
    expect(differences).toHaveLength(1);
    const tally = a!.result.positions[0]!.tallies[0]!;
    expect(differences[0]!.signed).toBe(tally.for);
    expect(differences[0]!.figure.value).toBe(tally.for + 7);
    expect(describeFigure(differences[0]!.figure, a!.result, 'zh')).toContain(tally.name);
    expect(pageCodeNames(code, b!.signed)).toBe(false);
    expect(listPageFigures(code.figures).length).toBeGreaterThan(6);
  });

  it('refuses text that is not a page code, or a damaged one', () => {
    const text = encodePageCode(pageCodeOf(scenarios[0]!.signed, 1, 1, new Set()));
    expect(decodePageCode('PSR1:1/2:ABC')).toBeNull();
    expect(decodePageCode(text.slice(0, 30))).toBeNull();
    expect(decodePageCode('PSP1:@@@')).toBeNull();
  });
});
