import { describe, expect, it } from 'vitest';
import { countResultSchema } from '../../../shared/election/schemas';
import { tally } from '../../../shared/rules/count';
import { compareWithExpected, loadScenarios } from '../../helpers/scenarios';

describe('spec scenarios through the library', () => {
  for (const scenario of loadScenarios()) {
    it(scenario.name, () => {
      const counted = tally(scenario.input);
      if (!counted.ok) throw new Error(JSON.stringify(counted.issues));
      expect(compareWithExpected(scenario.expected, counted.value)).toEqual([]);
      // The result is itself a valid CountResult (it travels to the district and back).
      expect(countResultSchema.safeParse(counted.value).success).toBe(true);
    });
  }
});
