/**
 * The rendered sheets of every spec scenario: readable text, QR codes that read back to the
 * signed result, a valid PDF signature, and the same bytes every time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../../../server/pdf/render';
import { renderSheet } from '../../../../main/services/pdf/sheets';
import { loadOrCreatePdfCert } from '../../../../main/services/signing/pdfCertificate';
import { stationSigner } from '../../../../main/services/signing/stationKeys';
import { verifySheetFile } from '../../../../main/services/signing/verifySheet';
import { signedScenarios, STATION_PUBLIC } from '../../../shared/sheets/fixtures';
import { pdfsig, pdftotext, ROOT, run, scratch, writeKeyFile } from './support';

const scenarios = signedScenarios();
const space = scratch();
let keyFile = '';

beforeAll(() => {
  keyFile = writeKeyFile(join(space.dir, 'station-key.json'));
  loadOrCreatePdfCert(stationSigner({ keyFile }));
});
afterAll(() => space.cleanup());

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the signed sheet of every spec scenario', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: title, every candidate with their votes, QR codes that verify, PDF signature valid',
    async (name, scenario) => {
      const pdf = (await renderSheet('result', scenario.sheetInput, { pdfSignature: { keyFile } }))!;
      const file = join(space.dir, `${name}.pdf`);
      writeFileSync(file, pdf);
      expect(pdf.length).toBeLessThan(120_000);

      const text = await pdftotext(file);
      expect(text).toContain(scenario.input.election.title);
      expect(text).toMatch(scenario.result.valid ? /选举结果报告单/ : /选举无效/);
      const lines = text.split('\n');
      for (const position of scenario.result.positions) {
        for (const tally of position.tallies) {
          const row = new RegExp(`${escape(tally.name)}\\s.*\\s${tally.for}\\s`);
          expect(lines.some((line) => row.test(`${line} `)), `${position.id}: ${tally.name} ${tally.for}`).toBe(true);
        }
      }
      expect(text).toMatch(/第\s*1\s*页\s+共\s*\d\s*页/);

      const verified = await verifySheetFile(file, { stationKey: STATION_PUBLIC });
      expect(verified).toMatchObject({ ok: true });
      if (verified.ok) expect(verified.signed).toEqual(scenario.signed);

      const sig = await pdfsig(file);
      expect(sig).toContain('Signature is Valid');
      expect(sig).toContain('Total document signed');
    },
    60_000,
  );
});

describe('determinism', () => {
  it('the same input gives byte-identical PDFs, in this process and in two others (different time zones)', async () => {
    const scenario = scenarios[0]!;
    const here = (await renderSheet('result', scenario.sheetInput, { pdfSignature: { keyFile } }))!;
    const again = (await renderSheet('result', structuredClone(scenario.sheetInput), { pdfSignature: { keyFile } }))!;
    expect(again.equals(here)).toBe(true);
    const helper = join(import.meta.dirname, 'renderScenario.ts');
    const outs = ['UTC', 'Asia/Shanghai'].map((zone) => join(space.dir, `process-${zone.replace('/', '-')}.pdf`));
    await Promise.all(
      ['UTC', 'Asia/Shanghai'].map((zone, i) => run('npx', ['tsx', helper, scenario.name, keyFile, outs[i]!], { cwd: ROOT, env: { ...process.env, TZ: zone } })),
    );
    for (const out of outs) expect(readFileSync(out).equals(here)).toBe(true);
  }, 90_000);

  it('unsigned renders are identical too, and differ when the signing time differs', async () => {
    const scenario = scenarios[3]!;
    const a = (await renderSheet('result', scenario.sheetInput))!;
    const b = (await renderSheet('result', scenario.sheetInput))!;
    expect(a.equals(b)).toBe(true);
    const later = { ...scenario.sheetInput, signed: { ...scenario.sheetInput.signed, signedAt: '2026-12-06T18:00:00+08:00' } };
    expect((await renderSheet('result', later))!.equals(a)).toBe(false);
  }, 60_000);
});

describe('fonts and size', () => {
  it('embeds subsets of Noto Sans SC only and stays small', async () => {
    const scenario = scenarios[0]!;
    const file = join(space.dir, 'fonts.pdf');
    writeFileSync(file, (await renderSheet('result', scenario.sheetInput))!);
    const { stdout } = await run('pdffonts', [file]);
    const fonts = stdout.split('\n').slice(2).filter((line) => line.trim() !== '');
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+NotoSansSC-(Regular|Bold)\s.*\byes\s+yes\s+yes\b/);
    const { stdout: info } = await run('pdfinfo', [file]);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).toMatch(/Producer:\s+polling-station sheets@1/);
    expect(info).toMatch(/CreationDate:\s+Sun Dec\s+6 09:40:00 2026 UTC/);
  }, 60_000);

  it('refuses to read anything but the font folder (no URL, no other local file)', async () => {
    await expect(renderPdf({ content: [{ image: '/etc/hostname', width: 10 }], defaultStyle: { font: 'NotoSC' } })).rejects.toThrow();
    await expect(renderPdf({ content: [{ image: 'https://example.org/x.png', width: 10 }], defaultStyle: { font: 'NotoSC' } })).rejects.toThrow();
  });
});

describe('announcement and certificates', () => {
  it('render, carry the PDF signature, and contain the names', async () => {
    const scenario = scenarios.find((s) => s.name.startsWith('09'))!;
    for (const kind of ['announcement', 'certificates'] as const) {
      const file = join(space.dir, `${kind}.pdf`);
      writeFileSync(file, (await renderSheet(kind, scenario.sheetInput, { pdfSignature: { keyFile } }))!);
      const text = await pdftotext(file);
      expect(text).toContain('赵六');
      expect(await pdfsig(file)).toContain('Signature is Valid');
    }
    const { stdout } = await run('pdfinfo', [join(space.dir, 'certificates.pdf')]);
    expect(stdout).toMatch(/Pages:\s+5/);
    expect(await renderSheet('certificates', scenarios.find((s) => s.name.startsWith('02'))!.sheetInput)).toBeNull();
  }, 60_000);
});
