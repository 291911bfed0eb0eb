/** The `sheet` and `verify-sheet` commands, run as the district office and reviewers run them. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../../server/pdf/render';
import { renderSheet } from '../../../main/services/pdf/sheets';
import type { SignedResult } from '../../../shared/election/schemas';
import { tally } from '../../../shared/rules/count';
import { qrPngDataUrl } from '../../../shared/sheets/qrImage';
import { encodeSignedResultQr } from '../../../shared/sheets/qrPayload';
import { loadScenarios } from '../../helpers/scenarios';
import { OTHER_SECRET, sheetInputOf, signedScenarios, signScenario, STATION_PUBLIC } from '../../shared/sheets/fixtures';
import { npmRun, type Outcome, pdfsig, pdftotext, ROOT, run, scratch } from '../services/pdf/support';

const space = scratch('sheet-cli-');
const scenario = signedScenarios()[0]!;
const keyFile = join(space.dir, 'keys', 'station.json');
const sheetFile = join(space.dir, 'out.pdf');
const setupFile = join(space.dir, 'setup.json');
let made: Outcome;

beforeAll(async () => {
  writeFileSync(
    setupFile,
    JSON.stringify({
      chair: '周建国',
      chiefScrutineer: '孙丽',
      scrutineers: ['钱进', '吴敏'],
      recorders: ['郑和'],
      callers: ['冯涛'],
      station: { id: 'hq-yanfeng-01', name: '延风社区第一投票站' },
      participation: { registeredWomen: 61, inPerson: 74, mobile: 4, proxy: 2 },
    }),
  );
  made = await npmRun('sheet', [scenario.inputPath, sheetFile, '--key', keyFile, '--signed-at', '2026-12-06T17:40:00+08:00', '--setup', setupFile]);
}, 120_000);
afterAll(() => space.cleanup());

function fileOf(name: string, bytes: Buffer): string {
  const file = join(space.dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe('npm run --silent sheet', () => {
  it('creates the key, prints the public key first, writes a signed sheet', async () => {
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const lines = made.stdout.trim().split('\n');
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { publicKey: string };
    expect(lines[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(lines[0]).toBe(stored.publicKey);
    expect(lines[1]).toBe(sheetFile);
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const text = await pdftotext(sheetFile);
    for (const name of ['周建国', '孙丽', '钱进', '吴敏', '郑和', '冯涛', '延风社区第一投票站']) expect(text).toContain(name);
    expect(text).toMatch(/投票站投票\s*74/);
    const sig = await pdfsig(sheetFile);
    expect(sig).toContain('Signature is Valid');
    expect(sig).toContain('Total document signed');
  });

  it('reuses the key and reproduces the same bytes for the same signing time', async () => {
    const second = join(space.dir, 'again.pdf');
    const again = await npmRun('sheet', [scenario.inputPath, second, '--key', keyFile, '--signed-at', '2026-12-06T17:40:00+08:00', '--setup', setupFile]);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe(made.stdout.split('\n')[0]);
    expect(readFileSync(second).equals(readFileSync(sheetFile))).toBe(true);
  }, 120_000);

  it('exits 2 with one line for invalid input or a bad signing time, printing nothing', async () => {
    const outcomes = await Promise.all([
      npmRun('sheet', [join(ROOT, 'tests', 'fixtures', 'bad-input', 'wrong-counts.json'), join(space.dir, 'x.pdf'), '--key', keyFile]),
      npmRun('sheet', [scenario.inputPath, join(space.dir, 'y.pdf'), '--key', keyFile, '--signed-at', 'yesterday']),
    ]);
    for (const outcome of outcomes) {
      expect(outcome.code).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 120_000);
});

describe('npm run --silent verify-sheet', () => {
  it('verifies the sheet and prints the decoded signed result', async () => {
    const [human, json] = await Promise.all([
      npmRun('verify-sheet', [sheetFile, '--station-key', keyFile]),
      npmRun('verify-sheet', [sheetFile, '--json']),
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('签名有效 / signature valid');
    expect(json.code).toBe(0);
    const signed = JSON.parse(json.stdout) as SignedResult;
    const counted = tally(loadScenarios()[0]!.input);
    expect(counted.ok && signed.result).toEqual(counted.ok ? counted.value : null);
    expect(signed.station).toBe('hq-yanfeng-01');
    expect(signed.signedAt).toBe('2026-12-06T17:40:00+08:00');
  }, 120_000);

  it('reads a scan (PNG) and a photo (JPEG) of the page with the codes', async () => {
    const { stdout: info } = await run('pdfinfo', [sheetFile]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const prefix = join(space.dir, 'scan');
    await run('pdftoppm', ['-r', '200', '-png', '-f', String(pages), '-l', String(pages), '-singlefile', sheetFile, prefix]);
    const png = PNG.sync.read(readFileSync(`${prefix}.png`));
    const jpegFile = fileOf('photo.jpg', jpeg.encode({ data: png.data, width: png.width, height: png.height }, 80).data);
    const [fromPng, fromJpeg] = await Promise.all([
      npmRun('verify-sheet', [`${prefix}.png`, '--station-key', keyFile]),
      npmRun('verify-sheet', [jpegFile, '--station-key', keyFile]),
    ]);
    expect(fromPng.code, fromPng.stderr).toBe(0);
    expect(fromJpeg.code, fromJpeg.stderr).toBe(0);
  }, 120_000);

  it('refuses a tampered result, another station’s key, a truncated set of codes and a file without codes', async () => {
    // One vote changed, the codes made again with the old signature.
    const tampered = structuredClone<SignedResult>(scenario.signed);
    tampered.result.positions[0]!.tallies[0]!.for += 1;
    const tamperedFile = fileOf('tampered.pdf', (await renderSheet('result', sheetInputOf(scenario.input, tampered)))!);
    // Signed by another key: valid in itself, refused against the enrolled key.
    const foreign = signScenario(scenario.input, scenario.result, OTHER_SECRET);
    const foreignFile = fileOf('foreign.pdf', (await renderSheet('result', sheetInputOf(scenario.input, foreign)))!);
    // Only the first of the codes.
    const codes = encodeSignedResultQr(scenario.signed);
    expect(codes.length).toBeGreaterThan(1);
    const truncatedFile = fileOf(
      'truncated.pdf',
      await renderPdf({ content: [{ image: qrPngDataUrl(codes[0]!.text, codes[0]!.version), width: 170 }], defaultStyle: { font: 'NotoSC' } }),
    );
    const noCodes = fileOf('announcement.pdf', (await renderSheet('announcement', scenario.sheetInput))!);

    const [bad, wrongKey, foreignAlone, truncated, none, missing] = await Promise.all([
      npmRun('verify-sheet', [tamperedFile]),
      npmRun('verify-sheet', [foreignFile, '--station-key', STATION_PUBLIC]),
      npmRun('verify-sheet', [foreignFile]),
      npmRun('verify-sheet', [truncatedFile]),
      npmRun('verify-sheet', [noCodes]),
      npmRun('verify-sheet', [join(space.dir, 'no-such.pdf')]),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/签名验证失败.*Signature verification failed/);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/不是用该投票站登记的密钥签署的.*not signed with the key enrolled/);
    expect(foreignAlone.code).toBe(0);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/核验码不完整：缺少第 2 个（共 2 个）.*incomplete/);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/没有找到二维码 \/ No QR code was found/);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/ENOENT/);
  }, 180_000);
});
