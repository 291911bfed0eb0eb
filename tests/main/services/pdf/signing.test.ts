/** Main recounts before it signs; the PDF certificate; producing and reprinting the documents. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import { stationKeyInfo, stationKeyPath } from '../../../../main/services/keys';
import { renderSheet } from '../../../../main/services/pdf/sheets';
import {
  certificateBindsStationKey,
  loadOrCreatePdfCert,
  pdfCertPath,
  produceSheets,
  reprintSheets,
  signCountResult,
  stationSigner,
} from '../../../../main/services/signing';
import { keyFingerprint } from '../../../../shared/crypto/ed25519';
import { verifySignedResult } from '../../../../shared/crypto/signed';
import { describeIssue } from '../../../../shared/election/issues';
import type { CountResult } from '../../../../shared/election/schemas';
import { OTHER_SECRET, SIGNED_AT, signedScenarios, STATION, STATION_PUBLIC } from '../../../shared/sheets/fixtures';
import { pdfsig, scratch, writeKeyFile } from './support';

const scenarios = signedScenarios();
const space = scratch();
afterAll(() => space.cleanup());
let n = 0;
const fresh = (name = 'k') => join(space.dir, `${name}-${++n}`);

/** The same object with every key order reversed (equal as JSON, different as text). */
function reordered<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reordered) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reordered(v)])) as T;
}

describe('signCountResult: main recounts before it signs', () => {
  it('signs a result equal to its own recount, with the station key of the data folder', () => {
    const scenario = scenarios[0]!;
    const dataDir = fresh('data');
    const outcome = signCountResult({ dataDir, input: scenario.input, result: reordered(scenario.result), station: STATION, signedAt: SIGNED_AT });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { publicKey } = stationKeyInfo(dataDir);
    expect(outcome.value.stationKey).toBe(publicKey);
    expect(outcome.value.result).toEqual(scenario.result);
    expect(outcome.value.station).toBe(STATION.id);
    expect(verifySignedResult(outcome.value, { stationKey: publicKey, election: scenario.input.election, ballots: scenario.input.ballots })).toEqual([]);
  });

  it('refuses a result with one vote changed, and says where it differs', () => {
    const scenario = scenarios[0]!;
    const tampered = structuredClone<CountResult>(scenario.result);
    tampered.positions[2]!.tallies[0]!.for += 1;
    const keyFile = join(fresh(), 'station-key.json');
    const outcome = signCountResult({ keyFile, input: scenario.input, result: tampered, station: STATION.id, signedAt: SIGNED_AT });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.issues).toHaveLength(1);
    expect(outcome.issues[0]!.code).toBe('signature.recountDisagrees');
    expect(outcome.issues[0]!.params?.detail).toBe('positions[2].tallies[0].for: 75 ≠ 76');
    expect(describeIssue(outcome.issues[0]!, 'zh-CN')).toContain('拒绝签署');
    expect(describeIssue(outcome.issues[0]!, 'en')).toContain('Refused to sign');
    // Nothing was signed: not even a key was made.
    expect(() => statSync(keyFile)).toThrow();
  });

  it('refuses a result of other ballots, a missing result and one with an extra field', () => {
    const [a, b] = [scenarios[0]!, scenarios[3]!];
    const dataDir = fresh('data');
    for (const result of [b.result, undefined, { ...a.result, extra: 1 }]) {
      const outcome = signCountResult({ dataDir, input: a.input, result, station: STATION, signedAt: SIGNED_AT });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.issues[0]!.code).toBe('signature.recountDisagrees');
    }
  });

  it('reports invalid input and a malformed signing time', () => {
    const scenario = scenarios[0]!;
    const dataDir = fresh('data');
    const bad = signCountResult({ dataDir, input: { ...scenario.input, ballotsRecovered: 3 }, result: scenario.result, station: STATION, signedAt: SIGNED_AT });
    expect(bad.ok).toBe(false);
    const time = signCountResult({ dataDir, input: scenario.input, result: scenario.result, station: STATION, signedAt: '6 Dec 2026' });
    expect(time).toMatchObject({ ok: false, issues: [{ code: 'schema.format', path: ['signedAt'] }] });
  });
});

describe('the PDF signing certificate', () => {
  it('is made once next to the station key, private, and vouched for by the Ed25519 key', () => {
    const dataDir = fresh('data');
    const signer = stationSigner({ dataDir });
    const cert = loadOrCreatePdfCert(signer);
    expect(cert.file).toBe(pdfCertPath(stationKeyPath(dataDir)));
    expect(cert.file.endsWith('station-key.pdf-cert.json')).toBe(true);
    if (process.platform !== 'win32') expect(statSync(cert.file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(cert.file, 'utf8');
    expect(loadOrCreatePdfCert(stationSigner({ dataDir })).certificatePem).toBe(cert.certificatePem);
    expect(readFileSync(cert.file, 'utf8')).toBe(stored);

    const x509 = forge.pki.certificateFromPem(cert.certificatePem);
    expect(x509.subject.getField('CN').value).toBe(`Polling station ${keyFingerprint(signer.publicKey)}`);
    expect((x509.publicKey as forge.pki.rsa.PublicKey).n.bitLength()).toBe(2048);
    expect(certificateBindsStationKey(cert.certificatePem, signer.publicKey)).toBe(true);
    expect(certificateBindsStationKey(cert.certificatePem, STATION_PUBLIC)).toBe(false);
  });

  it('is replaced when the station key it names is no longer the key next to it', () => {
    const keyFile = writeKeyFile(join(fresh(), 'station-key.json'));
    const first = loadOrCreatePdfCert(stationSigner({ keyFile }));
    writeKeyFile(keyFile, OTHER_SECRET);
    const second = loadOrCreatePdfCert(stationSigner({ keyFile }));
    expect(second.certificatePem).not.toBe(first.certificatePem);
    expect(certificateBindsStationKey(second.certificatePem, stationSigner({ keyFile }).publicKey)).toBe(true);
  });

  it('refuses to sign the PDF of a result signed with another key', async () => {
    const keyFile = writeKeyFile(join(fresh(), 'other.json'), OTHER_SECRET);
    await expect(renderSheet('result', scenarios[0]!.sheetInput, { pdfSignature: { keyFile } })).rejects.toThrow(/not the key that signed the result/);
  });
});

describe('produceSheets and reprintSheets', () => {
  it('recount, sign, print three documents; a reprint is byte-identical', async () => {
    const scenario = scenarios.find((s) => s.name.startsWith('06'))!;
    const dataDir = fresh('data');
    const produced = await produceSheets({
      dataDir,
      input: scenario.input,
      result: scenario.result,
      station: STATION,
      signedAt: SIGNED_AT,
      setup: { chair: '周建国' },
    });
    expect(produced.ok).toBe(true);
    if (!produced.ok) return;
    const { signed, sheetInput, sheet, announcement, certificates } = produced.value;
    expect(signed.result).toEqual(scenario.result);
    expect(sheetInput.previousRounds).toEqual([scenario.input.runoffOf]);
    expect(announcement).not.toBeNull();
    expect(certificates).not.toBeNull();
    const file = join(space.dir, 'produced.pdf');
    writeFileSync(file, sheet);
    expect(await pdfsig(file)).toContain('Signature is Valid');

    const again = await reprintSheets(structuredClone(sheetInput), { dataDir });
    expect(again.sheet.equals(sheet)).toBe(true);
    expect(again.announcement!.equals(announcement!)).toBe(true);
    expect(again.certificates!.equals(certificates!)).toBe(true);
  }, 60_000);

  it('refuses (and prints nothing) when the result disagrees with the recount', async () => {
    const scenario = scenarios[0]!;
    const tampered = structuredClone<CountResult>(scenario.result);
    tampered.stats.validBallots -= 1;
    const produced = await produceSheets({ dataDir: fresh('data'), input: scenario.input, result: tampered, station: STATION, signedAt: SIGNED_AT });
    expect(produced).toMatchObject({ ok: false, issues: [{ code: 'signature.recountDisagrees' }] });
  });
});
