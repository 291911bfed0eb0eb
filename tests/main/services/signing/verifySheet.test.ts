/**
 * verify-sheet on a PDF checks every page code, the PDF's own digital signature and its text
 * layer — a sheet whose printed numbers were altered after signing never says 签名有效 — and a
 * file that is no sheet gets a sentence (issue 18). pdfsig (poppler) cross-checks the signature.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { P12Signer } from '@signpdf/signer-p12';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderWithPageCodes } from '../../../../main/services/pdf/pageCodes';
import { renderPdf } from '../../../../server/pdf/render';
import { renderSheet } from '../../../../main/services/pdf/sheets';
import { loadOrCreatePdfCert } from '../../../../main/services/signing/pdfCertificate';
import { signPdf } from '../../../../main/services/signing/pdfSignature';
import { stationSigner } from '../../../../main/services/signing/stationKeys';
import { verifySheetFile } from '../../../../main/services/signing/verifySheet';
import type { SignedResult } from '../../../../shared/election/schemas';
import { resultSheet } from '../../../../shared/sheets/resultSheet';
import { OTHER_SECRET, sheetInputOf, signedScenarios, STATION_PUBLIC } from '../../../shared/sheets/fixtures';
import { npmRun, pdfsig, scratch, writeKeyFile } from '../pdf/support';

const space = scratch('verify-sheet-');
const scenario = signedScenarios()[0]!;
const keyFile = writeKeyFile(join(space.dir, 'keys', 'station.json'));
const otherKeyFile = writeKeyFile(join(space.dir, 'other', 'station.json'), OTHER_SECRET);
const SIGN_OPTIONS = { reason: '选举结果报告单', name: '示例社区第一投票站（hq-yanfeng-01）', location: '示例区', signingTime: new Date(scenario.signed.signedAt) };
let genuine: Buffer;
let genuineFile: string;
/** The first candidate's votes, printed one higher than signed. */
let alteredUnsigned: Buffer;
const tally = scenario.result.positions[0]!.tallies[0]!;

function fileOf(name: string, bytes: Buffer | string): string {
  const file = join(space.dir, name);
  writeFileSync(file, bytes);
  return file;
}

beforeAll(async () => {
  genuine = (await renderSheet('result', scenario.sheetInput, { pdfSignature: { keyFile } }))!;
  genuineFile = fileOf('genuine.pdf', genuine);
  // A forger's sheet: the same codes (page codes and the signed result's), one number printed otherwise.
  const forged = structuredClone<SignedResult>(scenario.signed);
  forged.result.positions[0]!.tallies[0]!.for += 1;
  const build = () => {
    const definition = resultSheet(sheetInputOf(scenario.input, forged));
    const honest = resultSheet(scenario.sheetInput);
    const content = definition.content as unknown[];
    content[content.length - 1] = (honest.content as unknown[])[content.length - 1];
    return definition;
  };
  alteredUnsigned = await renderWithPageCodes(build, scenario.signed);
}, 180_000);
afterAll(() => space.cleanup());

describe('verify-sheet on a sheet PDF', () => {
  it('checks the signed result, every page code, the PDF signature and the text layer of a genuine sheet', async () => {
    const verified = await verifySheetFile(genuineFile, { stationKey: STATION_PUBLIC });
    expect(verified.ok, verified.ok ? '' : verified.zh).toBe(true);
    if (!verified.ok) return;
    expect(verified.pages.length).toBeGreaterThanOrEqual(2);
    expect(verified.pages.map((code) => code.page)).toEqual(Array.from({ length: verified.pages[0]!.pages }, (_, i) => i + 1));
    const lines = verified.checks.map((line) => line.zh).join('\n');
    expect(lines).toContain('PDF 数字签名有效');
    expect(lines).toContain('各页文字层中的数字与签名结果一致');
    expect(lines).toMatch(/第 1 页（共 \d 页）：投票站 hq-yanfeng-01 第 1 轮的报告单，本页 \d+ 个数字与签名结果一致/);
    expect(await pdfsig(genuineFile)).toContain('Signature is Valid');
  }, 120_000);

  it('an altered number under the original signature: the digest does not match and the number is named', async () => {
    // The forger keeps the station's CMS: the altered file is "signed" with the genuine sheet's blob.
    const forgedFile = fileOf('altered.pdf', await signPdf(alteredUnsigned, { ...SIGN_OPTIONS, cert: loadOrCreatePdfCert(stationSigner({ keyFile })) }, reusedSignature(genuine)));
    const verified = await verifySheetFile(forgedFile, { stationKey: STATION_PUBLIC });
    expect(verified.ok).toBe(false);
    if (verified.ok) return;
    expect(verified.zh).toContain('PDF 数字签名与文件内容不符');
    expect(verified.zh).toContain(`印出的 ${scenario.result.positions[0]!.title ?? scenario.result.positions[0]!.id} ${tally.name} 赞成 为 ${tally.for + 1}，签名结果为 ${tally.for}`);
    expect(verified.zh).not.toContain('签名有效');
    expect(verified.en).toContain(`the printed ${scenario.result.positions[0]!.title ?? scenario.result.positions[0]!.id} ${tally.name} for is ${tally.for + 1}, the signed result says ${tally.for}`);
    expect(await pdfsig(forgedFile)).not.toContain('Signature is Valid');
    const cli = await npmRun('verify-sheet', [forgedFile]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).not.toContain('签名有效');
    expect(cli.stderr).toContain(`${tally.name} 赞成 为 ${tally.for + 1}`);
  }, 120_000);

  it('the altered sheet re-signed with another key: the signer is not the station key in the QR codes', async () => {
    const other = stationSigner({ keyFile: otherKeyFile });
    const resigned = await signPdf(alteredUnsigned, { ...SIGN_OPTIONS, cert: loadOrCreatePdfCert(other) });
    const file = fileOf('resigned.pdf', resigned);
    // poppler alone calls it valid: the CMS itself is sound.
    expect(await pdfsig(file)).toContain('Signature is Valid');
    const verified = await verifySheetFile(file);
    expect(verified.ok).toBe(false);
    if (verified.ok) return;
    expect(verified.zh).toContain(`PDF 签名者不是二维码中的投票站密钥（指纹 ${other.fingerprint}）`);
    expect(verified.zh).toContain(`${tally.name} 赞成 为 ${tally.for + 1}`);
  }, 120_000);

  it('a genuine sheet with bytes appended after signing is refused', async () => {
    const file = fileOf('appended.pdf', Buffer.concat([genuine, Buffer.from('\n1 0 obj\n<<>>\nendobj\n%%EOF\n')]));
    const verified = await verifySheetFile(file);
    expect(verified.ok).toBe(false);
    if (!verified.ok) expect(verified.zh).toMatch(/PDF 文件在签名后被修改：签名只覆盖前 \d+ 字节，文件共 \d+ 字节/);
  }, 120_000);

  it('a sheet printed before page codes: its whole text is compared with the signed result', async () => {
    const legacy = fileOf('legacy.pdf', await renderPdf(resultSheet(scenario.sheetInput)));
    const verified = await verifySheetFile(legacy, { stationKey: STATION_PUBLIC });
    expect(verified.ok, verified.ok ? '' : verified.zh).toBe(true);
    if (verified.ok) expect(verified.notes.map((note) => note.zh).join('\n')).toContain('本报告单没有页码核验码');
    // The same without page codes, one number printed otherwise, unsigned: named all the same.
    const forged = structuredClone<SignedResult>(scenario.signed);
    forged.result.positions[0]!.tallies[0]!.for += 1;
    const definition = resultSheet(sheetInputOf(scenario.input, forged));
    const content = definition.content as unknown[];
    content[content.length - 1] = (resultSheet(scenario.sheetInput).content as unknown[])[content.length - 1];
    const altered = await verifySheetFile(fileOf('legacy-altered.pdf', await renderPdf(definition)));
    expect(altered.ok).toBe(false);
    if (!altered.ok) expect(altered.zh).toMatch(new RegExp(`第 1–\\d 页：印出的 \\S+ ${tally.name} 赞成 为 ${tally.for + 1}，签名结果为 ${tally.for}`));
  }, 120_000);

  it('a truncated PDF and a file that is no sheet get a sentence, in the command too', async () => {
    const truncated = fileOf('truncated.pdf', genuine.subarray(0, 40_000));
    const notPdf = fileOf('notes.txt', '投票站工作笔记\n');
    const [cut, text] = await Promise.all([npmRun('verify-sheet', [truncated]), npmRun('verify-sheet', [notPdf])]);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain('不是有效的 PDF 文件：文件在第 40000 字节处截断');
    expect(cut.stderr).toContain('Not a valid PDF file: the file is cut off at byte 40000');
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(`${notPdf} 不是 PDF、PNG 或 JPEG 文件`);
    expect(`${cut.stderr}${text.stderr}`).not.toMatch(/\(1\)|（1）/);
    // A photo cut off in transfer: the image is damaged, said so.
    const png = fileOf('cut.png', PNG.sync.write(new PNG({ width: 64, height: 64 })).subarray(0, 60));
    const damaged = await verifySheetFile(png);
    expect(damaged).toMatchObject({ ok: false, reason: 'file' });
    if (!damaged.ok) expect(damaged.zh).toMatch(/^图片文件已损坏，无法读取（.+）$/);
  }, 120_000);
});

/** A signer that hands back the CMS blob of an already signed PDF (what a forger can copy). */
function reusedSignature(signed: Buffer): P12Signer {
  const text = signed.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const range = ranges[ranges.length - 1]!;
  const hex = text.slice(Number(range[1]) + Number(range[2]) + 1, Number(range[3]) - 1).replace(/(?:00)+$/, '');
  const blob = Buffer.from(hex, 'hex');
  // @signpdf accepts only its own Signer subclasses.
  return Object.create(P12Signer.prototype, { sign: { value: () => Promise.resolve(blob) } }) as P12Signer;
}
