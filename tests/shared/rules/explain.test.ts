/** Who the rules kept out of a seat they had reached (issue 18, the sheet review): the women rule's displaced, a tie at the last seat. */
import { describe, expect, it } from 'vitest';
import type { CountInput, CountResult } from '../../../shared/election/schemas';
import { countRound } from '../../../shared/rules/count';
import { explainPosition } from '../../../shared/rules/explain';
import { loadScenarios } from '../../helpers/scenarios';

const resultOf = (prefix: string): CountResult => countRound(loadScenarios().find((s) => s.name.startsWith(prefix))!.input as CountInput);
const explain = (result: CountResult, id: string) => {
  const found = explainPosition(result, result.positions.find((p) => p.id === id)!);
  return { displaced: found.displaced.map((row) => row.person), tied: found.tied.map((row) => row.person) };
};

describe('explainPosition', () => {
  it('names the man the women rule displaced: 于海 had 60 votes, 马丽 (50) took the seat', () => {
    const result = resultOf('07');
    expect(result.positions.find((p) => p.id === 'member')?.womenRuleOutcome).toBe('womanTookSeat');
    expect(explain(result, 'member')).toEqual({ displaced: ['p-yuhai'], tied: [] });
    for (const id of ['chair', 'vice']) expect(explain(result, id)).toEqual({ displaced: [], tied: [] });
  });

  it('names the tied across the last seat, who are both left out', () => {
    const result = resultOf('08');
    const found = explain(result, 'member');
    expect(found.displaced).toEqual([]);
    expect([...found.tied].sort()).toEqual(['p-mali', 'p-yuhai']);
  });

  it('says nothing where every seat was filled by votes, or where nobody else reached the threshold', () => {
    for (const prefix of ['01', '05', '06', '09', '10']) {
      const result = resultOf(prefix);
      for (const position of result.positions) {
        const found = explain(result, position.id);
        expect(found.displaced, `${prefix} ${position.id}`).toEqual([]);
        if (position.unfilled === 0) expect(found.tied).toEqual([]);
        // Anyone named reached the threshold and is not elected.
        for (const person of found.tied) {
          expect(position.elected).not.toContain(person);
          expect(position.tallies.find((t) => t.person === person)!.for).toBeGreaterThanOrEqual(position.threshold);
        }
      }
    }
    const invalid = resultOf('02');
    expect(invalid.valid).toBe(false);
    for (const position of invalid.positions) expect(explain(invalid, position.id)).toEqual({ displaced: [], tied: [] });
  });
});
