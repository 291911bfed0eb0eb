/**
 * Demo is demo at the station (issue 12, item 6): a station whose pinned district key is the
 * demo key signs its results with `demo: true` and prints them watermarked; a real station's
 * results are exactly as before.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDemoPackage } from '../../../main/services/demo';
import { importPackageText } from '../../../main/services/packageImport';
import { produceStationSheets, sheetsDir } from '../../../main/services/stationSheets';
import { verifySignedResult } from '../../../shared/crypto/signed';
import { isDemoResult } from '../../../shared/election/demo';
import { signedScenarios, SIGNED_AT } from '../../shared/sheets/fixtures';
import { journalRound, packageFor } from '../../helpers/journaledCount';
import { npmRun, run } from './pdf/support';
import { tempDir } from './support';

const scenario = signedScenarios().find((s) => s.name.startsWith('01'))!;

// Main signs only what its journal holds: the scenario's round, journaled as the station would.
function request() {
  return { round: 1, setup: null };
}

async function rawText(file: string): Promise<string> {
  return (await run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { maxBuffer: 8 * 1024 * 1024 })).stdout;
}

describe('the sheets main signs and prints', () => {
  it('a station running the demo package signs demo: true and prints every document watermarked', async () => {
    const dataDir = tempDir();
    await journalRound(dataDir, packageFor(scenario.input, 'demo'), scenario.input);
    const produced = await produceStationSheets(dataDir, request());
    expect(produced.ok).toBe(true);
    if (!produced.ok) return;
    const [signed] = produced.value.signedResults;
    expect(signed!.demo).toBe(true);
    expect(isDemoResult(signed)).toBe(true);
    expect(verifySignedResult(signed!)).toEqual([]);
    const { sheet, announcement, certificates } = produced.value.files;
    for (const name of [sheet, announcement!, certificates!]) {
      const pages = (await rawText(join(sheetsDir(dataDir), name))).split('\f').filter((page) => page.trim() !== '');
      for (const page of pages) expect(page).toMatch(/演\s*示\s*D\s*E\s*M\s*O/);
    }
  }, 60_000);

  it('a station with a real district key pinned (or none yet) signs no demo field', async () => {
    const real = tempDir();
    await journalRound(real, packageFor(scenario.input, 'real'), scenario.input);
    // None yet: nothing journaled, nothing to sign.
    const none = await produceStationSheets(tempDir(), request());
    expect(none.ok ? null : none.issues[0]?.code).toBe('signature.recordsIncomplete');
    for (const dataDir of [real]) {
      const produced = await produceStationSheets(dataDir, { ...request() });
      expect(produced.ok).toBe(true);
      if (!produced.ok) return;
      const [signed] = produced.value.signedResults;
      expect(Object.keys(signed!).sort()).toEqual(['ballotsHash', 'electionHash', 'format', 'result', 'signature', 'signedAt', 'station', 'stationKey']);
      const text = await rawText(join(sheetsDir(dataDir), produced.value.files.sheet));
      expect(text).not.toMatch(/演示|DEMO/);
    }
  }, 60_000);

  it('the sheet command signs with a demo station\'s data folder as the app does: demo: true, watermarked', async () => {
    const dataDir = tempDir();
    expect(importPackageText(JSON.stringify(buildDemoPackage()), { dataDir }).ok).toBe(true);
    const out = join(dataDir, 'cli-sheet.pdf');
    const made = await npmRun('sheet', [scenario.inputPath, out, '--signed-at', SIGNED_AT, '--no-pdf-signature'], { STATION_DATA_DIR: dataDir });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(await rawText(out)).toMatch(/演\s*示\s*D\s*E\s*M\s*O/);
  }, 90_000);
});
