/**
 * Every page verifiable from a phone photo (issue 18): the first and the last page of a real
 * rendered sheet, photographed as generated here (photos.ts) — turned 0°, 5°, 10°, −10°, at 100
 * and 150 dpi, as PNG and as JPEG quality 60, plus mild perspective and mild blur — each read by
 * verify-sheet. The first page carries only its page code: its numbers are checked against the
 * signed result given as the district's copy; the last page carries the signed result itself.
 * The test counts how many photos of each kind verify; the goal is all of them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSheet } from '../../../../main/services/pdf/sheets';
import { verifySheetFile } from '../../../../main/services/signing/verifySheet';
import { signedScenarios } from '../../../shared/sheets/fixtures';
import { kindLabel, photoOf, rasterPage, type Gray, type PhotoKind } from './photos';
import { npmRun, run, scratch } from './support';

const space = scratch('page-photos-');
const [scenario, other] = signedScenarios();
const sheetFile = join(space.dir, 'sheet.pdf');
const otherSheetFile = join(space.dir, 'other.pdf');
const resultFile = join(space.dir, 'signed-result.json');
let pages = 0;

const KINDS: PhotoKind[] = [
  ...[100, 150].flatMap((dpi) => [0, 5, 10, -10].flatMap((rotation) => (['png', 'jpeg'] as const).map((format): PhotoKind => ({ dpi, rotation, format })))),
  { dpi: 100, rotation: 7, perspective: 0.04, format: 'jpeg' },
  { dpi: 150, rotation: -6, perspective: 0.05, format: 'jpeg' },
  { dpi: 100, rotation: 3, blurMm: 0.15, format: 'jpeg' },
  { dpi: 150, rotation: -8, blurMm: 0.15, perspective: 0.03, format: 'jpeg' },
];

const photoDir = join(space.dir, 'photos');
const photos: { kind: PhotoKind; page: number; file: string }[] = [];

beforeAll(async () => {
  writeFileSync(sheetFile, (await renderSheet('result', scenario!.sheetInput))!);
  writeFileSync(otherSheetFile, (await renderSheet('result', other!.sheetInput))!);
  writeFileSync(resultFile, JSON.stringify(scenario!.signed));
  const { stdout } = await run('pdfinfo', [sheetFile]);
  pages = Number(/Pages:\s+(\d+)/.exec(stdout)![1]);
  mkdirSync(photoDir, { recursive: true });
  const rasters = new Map<string, Gray>();
  for (const page of [1, pages]) {
    for (const kind of KINDS) {
      const key = `${page}@${kind.dpi}`;
      if (!rasters.has(key)) rasters.set(key, await rasterPage(sheetFile, page, kind.dpi, space.dir));
      const file = join(photoDir, `page${page} ${kindLabel(kind)}.${kind.format === 'jpeg' ? 'jpg' : 'png'}`);
      writeFileSync(file, photoOf(rasters.get(key)!, kind));
      photos.push({ kind, page, file });
    }
  }
}, 180_000);
afterAll(() => space.cleanup());

describe('verify-sheet on phone photos of single pages', () => {
  it('the sheet has more than one page (else page 1 would carry the signed result too)', () => {
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it('every photo of every kind verifies: which sheet, which page, its numbers those of the signed result', async () => {
    const verified = new Map<string, number>();
    const failures: string[] = [];
    for (const photo of photos) {
      const outcome = await verifySheetFile(photo.file, photo.page === 1 ? { result: resultFile } : {});
      const label = `page ${photo.page === 1 ? 'first' : 'last'} ${kindLabel(photo.kind)}`;
      const good = outcome.ok && outcome.pages.length === 1 && outcome.pages[0]!.page === photo.page && outcome.pages[0]!.pages === pages && outcome.signed.station === scenario!.signed.station;
      if (good) verified.set(kindLabel(photo.kind), (verified.get(kindLabel(photo.kind)) ?? 0) + 1);
      else failures.push(`${label}: ${outcome.ok ? 'pages read ' + JSON.stringify(outcome.pages.map((code) => code.page)) : outcome.zh}`);
    }
    // Two pages of each kind.
    const expected = new Map(KINDS.map((kind) => [kindLabel(kind), 2]));
    expect(failures).toEqual([]);
    expect(verified).toEqual(expected);
  }, 600_000);

  it('a photo of page 1 without the signed result says which sheet and page it is, and what it needs', async () => {
    const photo = photos.find((entry) => entry.page === 1 && entry.kind.dpi === 150 && entry.kind.rotation === 5 && entry.kind.format === 'jpeg')!;
    const [alone, withResult] = await Promise.all([npmRun('verify-sheet', [photo.file]), npmRun('verify-sheet', [photo.file, '--result', resultFile])]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain(`第 1 页（共 ${pages} 页），投票站 ${scenario!.signed.station} 第 1 轮`);
    expect(alone.stderr).toContain('请用 --result 提供末页照片、报告单 PDF 或区级保存的签名结果');
    expect(withResult.code, withResult.stderr).toBe(0);
    expect(withResult.stdout).toMatch(new RegExp(`第 1 页（共 ${pages} 页）：投票站 ${scenario!.signed.station} 第 1 轮的报告单，本页 \\d+ 个数字与签名结果一致`));
    expect(withResult.stdout).toContain('签名有效 / signature valid');
  }, 120_000);

  it('page 1 of another result\'s sheet does not belong to this signed result', async () => {
    const file = join(space.dir, 'other-page1.png');
    writeFileSync(file, photoOf(await rasterPage(otherSheetFile, 1, 150, space.dir), { dpi: 150, rotation: 4, format: 'png' }));
    const outcome = await verifySheetFile(file, { result: resultFile });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.zh).toMatch(/第 1 页的页码核验码属于另一份签名结果/);
  }, 120_000);
});
