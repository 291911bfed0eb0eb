/**
 * Issue 18: every code is read back before a sheet is offered for printing — a code that does
 * not decode to its own text stops the sheet with `sheet.qrUnreadable`, and nothing is stored.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { assertSheetCodesReadable, matrixImage, readMatrix, unreadableCodes, UnreadableSheetCodes } from '../../../../main/services/pdf/qrCheck';
import { produceStationSheets } from '../../../../main/services/stationSheets';
import { describeIssue } from '../../../../shared/election/issues';
import { qrCodes } from '../../../../shared/sheets/layout';
import { PIXELS_PER_MODULE, qrMatrix } from '../../../../shared/sheets/qrImage';
import { journalRound, packageFor } from '../../../helpers/journaledCount';
import { signedScenarios } from '../../../shared/sheets/fixtures';
import { tempDir } from '../support';

/** When on, the encoder's matrix of every code after the first loses its top rows (a broken encoder). */
const broken = vi.hoisted(() => ({ on: false }));

vi.mock('../../../../shared/sheets/qrImage', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../shared/sheets/qrImage')>();
  return {
    ...original,
    qrMatrix: (text: string, version: number): boolean[][] => {
      const matrix = original.qrMatrix(text, version);
      return broken.on && !text.startsWith('PSR1:1/') ? damaged(matrix) : matrix;
    },
  };
});

/** The matrix with its top third white: the finder patterns there are gone. */
function damaged(matrix: readonly (readonly boolean[])[]): boolean[][] {
  return matrix.map((row, y) => row.map((dark) => (y < matrix.length / 3 ? false : dark)));
}

const scenario = signedScenarios().find((s) => s.name.startsWith('01'))!;

describe('reading the codes back before printing', () => {
  it('reads a code from the encoder’s matrix, drawn with its quiet zone', () => {
    const { specs } = qrCodes(scenario.signed);
    expect(specs.length).toBeGreaterThanOrEqual(2);
    const matrix = qrMatrix(specs[0]!.text, specs[0]!.version);
    const image = matrixImage(matrix);
    expect(image.width).toBe((matrix.length + 8) * PIXELS_PER_MODULE);
    expect(image.data[0]).toBe(255); // the quiet zone is white
    expect(readMatrix(matrix)).toBe(specs[0]!.text);
    expect(unreadableCodes(specs)).toEqual([]);
    expect(() => assertSheetCodesReadable(scenario.signed)).not.toThrow();
  });

  it('finds a code that does not read back and refuses its sheet with a specific issue', () => {
    const { specs } = qrCodes(scenario.signed);
    const matrixOf = (spec: (typeof specs)[number]) => {
      const matrix = qrMatrix(spec.text, spec.version);
      return spec.index === 2 ? damaged(matrix) : matrix;
    };
    expect(unreadableCodes(specs, matrixOf).map((spec) => spec.index)).toEqual([2]);
    let thrown: unknown;
    try {
      assertSheetCodesReadable(scenario.signed, matrixOf);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnreadableSheetCodes);
    const refusal = (thrown as UnreadableSheetCodes).issue();
    expect(refusal).toEqual({ code: 'sheet.qrUnreadable', path: [], params: { codes: '2', total: specs.length } });
    expect(describeIssue(refusal, 'zh-CN')).toContain(`第 2 个核验码（共 ${specs.length} 个）`);
    expect(describeIssue(refusal, 'en')).toContain(`QR code 2 of ${specs.length}`);
  });

  it('the station gets the refusal, and no sheet is stored or offered, when the encoder draws an unreadable code', async () => {
    const dataDir = tempDir();
    await journalRound(dataDir, packageFor(scenario.input, 'real'), scenario.input);
    broken.on = true;
    try {
      const outcome = await produceStationSheets(dataDir, { round: 1, setup: null }, { now: () => new Date('2026-12-06T10:00:00Z') });
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.issues).toHaveLength(1);
      expect(outcome.issues[0]).toMatchObject({ code: 'sheet.qrUnreadable' });
      const total = Number(outcome.issues[0]!.params?.['total']);
      expect(total).toBeGreaterThanOrEqual(2);
      expect(outcome.issues[0]!.params?.['codes']).toBe(Array.from({ length: total - 1 }, (_, i) => i + 2).join(', '));
      const dir = join(dataDir, 'sheets');
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    } finally {
      broken.on = false;
    }
  }, 60_000);
});
