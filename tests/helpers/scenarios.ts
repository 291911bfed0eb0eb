/** The spec's worked scenarios and the comparison rules of spec/check_scenarios.py. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CountResult } from '../../shared/election/schemas';

export const SCENARIO_DIR = join(import.meta.dirname, '..', 'fixtures', 'scenarios');

export interface Scenario {
  readonly name: string;
  readonly inputPath: string;
  readonly input: unknown;
  readonly expected: ExpectedResult;
}

export interface ExpectedResult {
  valid?: boolean;
  voidReason?: string | null;
  electsNobody?: boolean;
  stats?: Record<string, number>;
  positions?: Record<string, { threshold?: number; invalidSections?: number; unfilled?: number; elected?: string[]; for?: Record<string, number>; against?: Record<string, number> }>;
  runoff?: Record<string, { seats: number; candidates: string[]; womenOnly: boolean }> | null;
}

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIO_DIR)
    .filter((file) => file.endsWith('.input.json'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.input.json'.length);
      const inputPath = join(SCENARIO_DIR, file);
      return {
        name,
        inputPath,
        input: JSON.parse(readFileSync(inputPath, 'utf8')) as unknown,
        expected: JSON.parse(readFileSync(join(SCENARIO_DIR, `${name}.expected.json`), 'utf8')) as ExpectedResult,
      };
    });
}

const sorted = (list: readonly string[]): string[] => [...list].sort();

/** Every difference between an expected subset and a result, as readable lines. */
export function compareWithExpected(expected: ExpectedResult, got: CountResult): string[] {
  const errors: string[] = [];
  if (expected.valid !== undefined && got.valid !== expected.valid) errors.push(`valid: want ${expected.valid} got ${got.valid}`);
  if (expected.voidReason !== undefined && got.voidReason !== expected.voidReason) errors.push(`voidReason: want ${expected.voidReason} got ${got.voidReason}`);
  for (const [key, value] of Object.entries(expected.stats ?? {})) {
    const actual = (got.stats as Record<string, number>)[key];
    if (actual !== value) errors.push(`stats.${key}: want ${value} got ${actual}`);
  }
  const positions = new Map(got.positions.map((position) => [position.id, position]));
  if (expected.electsNobody) {
    for (const position of got.positions) if (position.elected.length > 0) errors.push(`${position.id}: void round elected ${position.elected.join(',')}`);
  }
  for (const [id, want] of Object.entries(expected.positions ?? {})) {
    const position = positions.get(id);
    if (!position) {
      errors.push(`position ${id} missing`);
      continue;
    }
    for (const key of ['threshold', 'invalidSections', 'unfilled'] as const) {
      if (want[key] !== undefined && position[key] !== want[key]) errors.push(`${id}.${key}: want ${want[key]} got ${position[key]}`);
    }
    if (want.elected && JSON.stringify(sorted(position.elected)) !== JSON.stringify(sorted(want.elected))) {
      errors.push(`${id}.elected: want ${sorted(want.elected).join(',')} got ${position.elected.join(',')}`);
    }
    const tallies = new Map(position.tallies.map((tally) => [tally.person, tally]));
    for (const field of ['for', 'against'] as const) {
      for (const [person, n] of Object.entries(want[field] ?? {})) {
        const tally = tallies.get(person);
        const actual = tally ? (tally[field] ?? 0) : 0;
        if (actual !== n) errors.push(`${id}.${person}.${field}: want ${n} got ${actual}`);
      }
    }
  }
  if (expected.runoff !== undefined) {
    if (expected.runoff === null) {
      if (got.runoff && got.runoff.positions.length > 0) errors.push('runoff: want none');
    } else {
      const runoffs = new Map((got.runoff?.positions ?? []).map((position) => [position.id, position]));
      for (const [id, want] of Object.entries(expected.runoff)) {
        const runoff = runoffs.get(id);
        if (!runoff) {
          errors.push(`runoff.${id} missing`);
          continue;
        }
        if (runoff.seats !== want.seats) errors.push(`runoff.${id}.seats: want ${want.seats} got ${runoff.seats}`);
        if (JSON.stringify(sorted(runoff.candidates)) !== JSON.stringify(sorted(want.candidates))) {
          errors.push(`runoff.${id}.candidates: want ${sorted(want.candidates).join(',')} got ${runoff.candidates.join(',')}`);
        }
        if (runoff.womenOnly !== want.womenOnly) errors.push(`runoff.${id}.womenOnly: want ${want.womenOnly} got ${runoff.womenOnly}`);
      }
    }
  }
  return errors;
}
