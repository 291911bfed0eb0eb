/** The `tally` command, run exactly as the README and the district's checker run it. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CountResult } from '../../../shared/election/schemas';
import { compareWithExpected, loadScenarios } from '../../helpers/scenarios';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const BAD = join(ROOT, 'tests', 'fixtures', 'bad-input');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function tallyCommand(file: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'tally', '--', file], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run --silent tally', () => {
  it('prints the expected CountResult for every spec scenario', async () => {
    const scenarios = loadScenarios();
    const outcomes = await Promise.all(scenarios.map((scenario) => tallyCommand(scenario.inputPath)));
    scenarios.forEach((scenario, index) => {
      const outcome = outcomes[index] as Outcome;
      expect(outcome.code, `${scenario.name}: ${outcome.stderr}`).toBe(0);
      expect(outcome.stderr).toBe('');
      expect(compareWithExpected(scenario.expected, JSON.parse(outcome.stdout) as CountResult), scenario.name).toEqual([]);
    });
  }, 120_000);

  it('exits 2 with one line on stderr and nothing on stdout for every bad input', async () => {
    const files = readdirSync(BAD).sort();
    const outcomes = await Promise.all(files.map((file) => tallyCommand(join(BAD, file))));
    files.forEach((file, index) => {
      const outcome = outcomes[index] as Outcome;
      expect(outcome.code, file).toBe(2);
      expect(outcome.stdout, file).toBe('');
      expect(outcome.stderr.trim().split('\n'), file).toHaveLength(1);
    });
  }, 120_000);

  it('reads a file that starts with a byte order mark (as Windows editors write it)', async () => {
    const [scenario] = loadScenarios();
    const file = join(mkdtempSync(join(tmpdir(), 'tally-bom-')), 'with-bom.json');
    writeFileSync(file, `\uFEFF${readFileSync(scenario!.inputPath, 'utf8')}`);
    const outcome = await tallyCommand(file);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(compareWithExpected(scenario!.expected, JSON.parse(outcome.stdout) as CountResult)).toEqual([]);
  }, 60_000);

  it('exits 2 for a file that does not exist', async () => {
    const outcome = await tallyCommand(join(BAD, 'no-such-file.json'));
    expect(outcome).toMatchObject({ code: 2, stdout: '' });
    expect(outcome.stderr).toMatch(/ENOENT/);
  }, 60_000);
});
