/**
 * The sealed election archive (issue 18): a two-round election sealed from main's own journal,
 * verified line by line; and the tamper cases — one ballot changed, one audit entry removed,
 * one sheet swapped, a signature from another station — each named by what broke.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { produceArchive } from '../../../../main/services/archive/build';
import { verifyArchive } from '../../../../main/services/archive/verify';
import { produceStationSheets } from '../../../../main/services/stationSheets';
import { signWithStationKey, stationKeyInfo } from '../../../../main/services/keys';
import { canonicalJson, utf8 } from '../../../../shared/crypto/canonical';
import { generateKeyPair, signBytes } from '../../../../shared/crypto/ed25519';
import { signObject, signedText } from '../../../../shared/crypto/signed';
import { describeIssue } from '../../../../shared/election/issues';
import type { CountInput } from '../../../../shared/election/schemas';
import { ARCHIVE_FILES, MANIFEST_FILE, openArchive, sealArchive } from '../../../../shared/station/archive';
import { GENESIS_HASH, hashAuditEvent } from '../../../../shared/station/auditChain';
import { auditId } from '../../../../shared/station/recordIds';
import type { AuditEvent } from '../../../../shared/station/records';
import { journalCountedRound, journalRound, packageFor } from '../../../helpers/journaledCount';
import { loadScenarios } from '../../../helpers/scenarios';

const scenarios = loadScenarios();
const round1 = scenarios.find((s) => s.name.startsWith('05'))!.input as CountInput;
const round2 = scenarios.find((s) => s.name.startsWith('06'))!.input as CountInput;
const at = (iso: string) => () => new Date(iso);

/** A short audit log with an intact chain. */
export function auditLog(count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content = { id: auditId(seq), seq, at: `2026-12-06T0${seq % 10}:00:00.000Z`, type: seq === 1 ? 'package.imported' : 'checkin.issued', data: { n: seq }, prevHash, clerk: '王芳', desk: 'A' };
    const event = { ...content, hash: hashAuditEvent(content) };
    events.push(event);
    prevHash = event.hash;
  }
  return events;
}

const request = (audit = auditLog(5)) => ({
  staff: { chair: '周建国', chiefScrutineer: '钱敏', scrutineers: ['孙丽'] },
  proxies: [],
  trips: [],
  spoiled: [{ id: '1:spoiled:1', round: 1, voterId: 'V0001', at: '2026-12-06T02:00:00Z', reason: '写错', clerk: 'c', desk: 'd' }],
  reconciliation: [{ id: 'recon-1', round: 1, stock: 200, issued: round1.ballotsIssued, spoiled: 1, unused: 200 - round1.ballotsIssued - 1, difference: 0, at: '2026-12-06T08:00:00Z', clerk: 'c', desk: 'd' }],
  audit,
  signedResults: [],
});

/** A two-round station whose both sheets were printed; its archive's bytes. */
async function sealedStation(): Promise<{ dataDir: string; bytes: Uint8Array; stationKey: string }> {
  // Shared by every test of the file (printing two rounds takes a while): removed after them all.
  const dataDir = mkdtempSync(join(tmpdir(), 'station-archive-'));
  const pkg = packageFor(round1, 'real');
  await journalRound(dataDir, pkg, round1);
  const first = await produceStationSheets(dataDir, { round: 1, setup: { chair: '周建国' } }, { now: at('2026-12-06T10:00:00Z') });
  if (!first.ok) throw new Error(JSON.stringify(first.issues));
  await journalCountedRound(dataDir, pkg, round2);
  const final = await produceStationSheets(dataDir, { round: 2, setup: { chair: '周建国' } }, { now: at('2026-12-06T14:00:00Z') });
  if (!final.ok) throw new Error(JSON.stringify(final.issues));
  const archive = await produceArchive(dataDir, request(), { now: at('2026-12-07T02:00:00Z') });
  if (!archive.ok) throw new Error(JSON.stringify(archive.issues));
  return { dataDir, bytes: new Uint8Array(Buffer.from(archive.value.base64, 'base64')), stationKey: stationKeyInfo(dataDir).publicKey };
}

/** The archive with `change` applied to its files (the manifest left as sealed). */
function tampered(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  change(files);
  return zipSync(files);
}

const failures = (bytes: Uint8Array, stationKey?: string): string[] =>
  verifyArchive(bytes, stationKey ? { stationKey } : {})
    .checks.filter((check) => !check.ok)
    .map((check) => `${check.issue.code} ${describeIssue(check.issue, 'en')}`);

let shared: Promise<Awaited<ReturnType<typeof sealedStation>>> | undefined;
const station = () => (shared ??= sealedStation());
afterAll(async () => {
  if (shared) rmSync((await shared).dataDir, { recursive: true, force: true });
});

describe('the sealed election archive', () => {
  it('round trip: every check passes — the seal, each file, both rounds signed and recounted, the audit chain', async () => {
    const { bytes, stationKey, dataDir } = await station();
    const verification = verifyArchive(bytes, { stationKey });
    expect(verification.checks.filter((check) => !check.ok)).toEqual([]);
    const codes = verification.checks.map((check) => check.issue.code);
    expect(codes).toContain('archive.sealValid');
    expect(verification.checks.filter((check) => check.issue.code === 'archive.recountAgrees').map((check) => check.issue.params?.round)).toEqual([1, 2]);
    expect(verification.checks.filter((check) => check.issue.code === 'archive.resultValid')).toHaveLength(2);
    expect(codes).toContain('archive.auditIntact');
    expect(verification.checks.filter((check) => check.issue.code === 'archive.sheetMatches').length).toBeGreaterThanOrEqual(2);
    const opened = openArchive(bytes);
    if (!opened.ok) throw new Error('not opened');
    expect(opened.value.manifest.rounds).toBe(2);
    for (const path of Object.values(ARCHIVE_FILES)) expect(opened.value.files.has(path)).toBe(true);
    // Stored by main under its id, the same bytes.
    expect(new Uint8Array(readFileSync(join(dataDir, 'archives', `${opened.value.archiveId}.zip`)))).toEqual(bytes);
  }, 180_000);

  it('one ballot changed: the journal file and round 1\'s recount are named', async () => {
    const { bytes } = await station();
    const changed = tampered(bytes, (files) => {
      const lines = new TextDecoder().decode(files[ARCHIVE_FILES.journal]).split('\n');
      const at = lines.findIndex((line) => line.includes('"kind":"ballot"') && line.includes('"round":1') && line.includes('"status":"valid"'));
      const line = JSON.parse(lines[at]!) as { record: Record<string, unknown> };
      line.record = { ...line.record, status: 'blank', marks: null };
      lines[at] = JSON.stringify(line);
      files[ARCHIVE_FILES.journal] = utf8(lines.join('\n'));
    });
    const found = failures(changed);
    expect(found).toEqual(expect.arrayContaining([expect.stringContaining('archive.fileAltered File journal.jsonl'), expect.stringMatching(/^archive\.recountDiffers Round 1 /)]));
  }, 180_000);

  it('one audit entry removed: the audit file and the break in the chain are named', async () => {
    const { bytes } = await station();
    const changed = tampered(bytes, (files) => {
      const events = JSON.parse(new TextDecoder().decode(files[ARCHIVE_FILES.audit])) as AuditEvent[];
      events.splice(2, 1);
      files[ARCHIVE_FILES.audit] = utf8(JSON.stringify(events));
    });
    expect(failures(changed)).toEqual([
      expect.stringContaining('archive.fileAltered File station/audit.json'),
      expect.stringContaining('archive.auditBroken The audit log\'s hash chain breaks at event 3'),
    ]);
  }, 180_000);

  it('one sheet swapped: the sheet file is named', async () => {
    const { bytes } = await station();
    const opened = openArchive(bytes);
    if (!opened.ok) throw new Error('not opened');
    const [first, second] = opened.value.manifest.sheets.filter((sheet) => !sheet.path.includes('-'));
    const changed = tampered(bytes, (files) => {
      files[first!.path] = files[second!.path]!;
    });
    expect(failures(changed)).toEqual([`archive.fileAltered File ${first!.path} was changed or swapped after sealing (its SHA-256 differs from the seal)`]);
  }, 180_000);

  it('a sheet changed and the archive re-sealed with the station key itself: the PDF signature of the sheet names it', async () => {
    const { bytes, dataDir } = await station();
    const opened = openArchive(bytes);
    if (!opened.ok) throw new Error('not opened');
    const sheet = opened.value.manifest.sheets.find((entry) => entry.path.endsWith('.pdf'))!;
    const files = new Map(opened.value.files);
    const pdf = Buffer.from(files.get(sheet.path)!);
    const at = pdf.indexOf('/Producer');
    expect(at).toBeGreaterThan(0);
    pdf[at + 1] = 'p'.charCodeAt(0);
    files.set(sheet.path, new Uint8Array(pdf));
    const { files: _files, signature: _signature, ...header } = opened.value.manifest;
    const resealed = sealArchive(files, header, (text) => signWithStationKey(dataDir, utf8(text)));
    const named = failures(resealed.bytes);
    expect(named).toHaveLength(1);
    expect(named[0]).toMatch(new RegExp(`^archive\\.sheetSignatureInvalid Round ${sheet.round}'s document ${sheet.path} `));
    expect(verifyArchive(bytes).checks.filter((check) => check.issue.code === 'archive.sheetMatches').length).toBe(opened.value.manifest.sheets.length);
  }, 180_000);

  it('a signature from another station: a result re-signed, or the whole archive re-sealed, by another key is named', async () => {
    const { bytes, stationKey } = await station();
    const other = generateKeyPair();
    const resigned = tampered(bytes, (files) => {
      const signed = JSON.parse(new TextDecoder().decode(files['results/round-1.json'])) as Record<string, unknown>;
      files['results/round-1.json'] = utf8(JSON.stringify(signObject({ ...signed, stationKey: other.publicKey }, other.secretKey)));
    });
    expect(failures(resigned)).toEqual(
      expect.arrayContaining([expect.stringContaining('archive.fileAltered File results/round-1.json'), expect.stringContaining('archive.otherStationKey results/round-1.json is signed by another key')]),
    );

    // Everything re-sealed with another station's key: self-consistent, but not this station's.
    const opened = openArchive(bytes);
    if (!opened.ok) throw new Error('not opened');
    const { files: _files, signature: _signature, ...header } = opened.value.manifest;
    const resealed = sealArchive(opened.value.files, { ...header, stationKey: other.publicKey }, (text) => signBytes(utf8(text), other.secretKey));
    const named = failures(resealed.bytes, stationKey);
    expect(named[0]).toContain(`archive.otherStationKey ${MANIFEST_FILE} is signed by another key`);
    expect(named.filter((line) => line.startsWith('archive.otherStationKey results/round-')).length).toBe(0);
    // Without the enrolled key the seal's own key disagrees with the results' key.
    expect(failures(resealed.bytes)).toEqual(expect.arrayContaining([expect.stringContaining('archive.otherStationKey results/round-1.json')]));
    expect(signedText(opened.value.manifest)).toBe(canonicalJson({ ...header, files: opened.value.manifest.files }));
  }, 180_000);

  it('npm run verify-archive prints one line per check and exits 0 only when all pass; a tampered archive names what broke', async () => {
    const { bytes, dataDir, stationKey } = await station();
    const good = join(dataDir, 'good.zip');
    const bad = join(dataDir, 'bad.zip');
    writeFileSync(good, bytes);
    writeFileSync(bad, tampered(bytes, (files) => {
      const events = JSON.parse(new TextDecoder().decode(files[ARCHIVE_FILES.audit])) as AuditEvent[];
      files[ARCHIVE_FILES.audit] = utf8(JSON.stringify(events.slice(1)));
    }));
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/verifyArchive.ts', ...args], { cwd: process.cwd(), encoding: 'utf8' });
    const ok = run(good, '--station-key', stationKey);
    expect(ok.status).toBe(0);
    const lines = ok.stdout.trim().split('\n');
    expect(lines.every((line) => line.startsWith('✓') || line.startsWith('档案完好'))).toBe(true);
    expect(lines.filter((line) => line.startsWith('✓ 第 ') && line.includes('重新计票'))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^档案完好：\d+ 项检查全部通过 \/ The archive holds/);
    const broken = run(bad);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('✗ 文件 station/audit.json 封存后被改动或调换');
    expect(broken.stdout).toContain('✗ 操作日志哈希链在第 1 条处断开');
    expect(broken.stdout).toContain('档案未通过核验：2 项检查失败');
    expect(run().status).toBe(2);
  }, 180_000);

  it('refuses to seal an audit log whose chain is broken, and a file that is no archive', async () => {
    const { dataDir } = await station();
    const audit = auditLog(4);
    audit.splice(1, 1);
    const refused = await produceArchive(dataDir, request(audit));
    expect(refused.ok ? null : refused.issues[0]).toMatchObject({ code: 'archive.auditRefused', params: { seq: 3 } });
    const notZip = verifyArchive(utf8('{"not":"a zip"}'));
    expect(notZip.ok).toBe(false);
    expect(describeIssue(notZip.checks[0]!.issue, 'zh-CN')).toContain('不是有效的选举档案文件');
  }, 180_000);
});
