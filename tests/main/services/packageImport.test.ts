import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, keyFingerprint } from '../../../shared/crypto/ed25519';
import { electionHash } from '../../../shared/crypto/hash';
import { signElectionPackage, type UnsignedElectionPackage } from '../../../shared/crypto/signed';
import { describeIssue, issue } from '../../../shared/election/issues';
import type { ElectionPackage } from '../../../shared/election/schemas';
import demoKey from '../../../build/demo/demo-district-key.json' with { type: 'json' };
import { buildDemoPackage, buildUnsignedDemoPackage, DEMO_DISTRICT_FINGERPRINT } from '../../../main/services/demo';
import { importPackageText } from '../../../main/services/packageImport';
import { demoAvailable, pinnedKeyPath, readPinnedDistrictKey, runsDemo } from '../../../main/services/pinning';
import { tempDir } from './support';

let demo: ElectionPackage;
let demoText: string;
let unsigned: UnsignedElectionPackage;

beforeAll(() => {
  demo = buildDemoPackage();
  demoText = JSON.stringify(demo);
  unsigned = buildUnsignedDemoPackage();
});

/** A copy of the demo package, changed by `edit`, signed again with `secretKey` (the demo key by default). */
function resigned(edit: (pkg: UnsignedElectionPackage) => void, secretKey = demoKey.secretKey): string {
  const copy = structuredClone(unsigned);
  edit(copy);
  return JSON.stringify(signElectionPackage(copy, secretKey));
}

function codes(outcome: ReturnType<typeof importPackageText>): string[] {
  return outcome.ok ? [] : outcome.issues.map((found) => found.code);
}

describe('importPackageText', () => {
  it('accepts the demo package and pins its district key', () => {
    const dataDir = tempDir();
    const outcome = importPackageText(demoText, { dataDir });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.keyStatus).toBe('pinned');
    expect(outcome.value.electionHash).toBe(electionHash(demo.election));
    expect(outcome.value.districtKeyFingerprint).toBe(DEMO_DISTRICT_FINGERPRINT);
    expect(outcome.value.package).toEqual(demo);
    expect(readPinnedDistrictKey(dataDir)?.publicKey).toBe(demo.districtKey);

    const again = importPackageText(demoText, { dataDir });
    expect(again.ok && again.value.keyStatus).toBe('trusted');
  });

  it('refuses a tampered package (one voter renamed) and writes nothing', () => {
    const dataDir = tempDir();
    const tampered = structuredClone(demo);
    tampered.roll[10]!.name = '假名字';
    expect(codes(importPackageText(JSON.stringify(tampered), { dataDir }))).toEqual(['signature.invalid']);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('refuses a package signed by another district key unless re-provisioned', () => {
    const dataDir = tempDir();
    expect(importPackageText(demoText, { dataDir }).ok).toBe(true);
    const pinFile = readFileSync(pinnedKeyPath(dataDir), 'utf8');

    const other = generateKeyPair();
    const otherText = resigned(() => {}, other.secretKey);
    const refused = importPackageText(otherText, { dataDir });
    expect(codes(refused)).toEqual(['package.reprovisionRequired']);
    if (!refused.ok) {
      expect(refused.issues[0]!.params?.fingerprint).toBe(keyFingerprint(other.publicKey));
      expect(describeIssue(refused.issues[0]!, 'en')).toContain(keyFingerprint(other.publicKey));
    }
    // Nothing changed.
    expect(readFileSync(pinnedKeyPath(dataDir), 'utf8')).toBe(pinFile);
    expect(importPackageText(otherText, { dataDir, reprovision: false }).ok).toBe(false);

    const accepted = importPackageText(otherText, { dataDir, reprovision: true });
    expect(accepted.ok && accepted.value.keyStatus).toBe('pinned');
    expect(readPinnedDistrictKey(dataDir)?.publicKey).toBe(other.publicKey);
    // The old key is now the stranger — and being the demo key, it is refused outright (demo is demo).
    expect(codes(importPackageText(demoText, { dataDir }))).toEqual(['package.demoRefused']);
    // The replaced key is kept on record.
    const history = (JSON.parse(readFileSync(pinnedKeyPath(dataDir), 'utf8')) as { history: { publicKey: string }[] }).history;
    expect(history.map((entry) => entry.publicKey)).toEqual([demo.districtKey]);
  });

  it('demo is demo: once a real district key is pinned the demo package is refused, even re-provisioning; the demo is offered only until then', () => {
    const dataDir = tempDir();
    expect(demoAvailable(dataDir)).toBe(true);
    expect(runsDemo(dataDir)).toBe(false);
    expect(importPackageText(demoText, { dataDir }).ok).toBe(true);
    expect(demoAvailable(dataDir)).toBe(true);
    expect(runsDemo(dataDir)).toBe(true);

    const real = generateKeyPair();
    expect(importPackageText(resigned(() => {}, real.secretKey), { dataDir, reprovision: true }).ok).toBe(true);
    expect(demoAvailable(dataDir)).toBe(false);
    expect(runsDemo(dataDir)).toBe(false);
    const pinFile = readFileSync(pinnedKeyPath(dataDir), 'utf8');
    for (const reprovision of [false, true]) {
      const refused = importPackageText(demoText, { dataDir, reprovision });
      expect(codes(refused)).toEqual(['package.demoRefused']);
      if (!refused.ok) {
        expect(describeIssue(refused.issues[0]!, 'zh-CN')).toMatch(/不能再导入演示选举包/);
        expect(describeIssue(refused.issues[0]!, 'en')).toContain(keyFingerprint(real.publicKey));
      }
    }
    expect(readFileSync(pinnedKeyPath(dataDir), 'utf8')).toBe(pinFile);

    // A real station pinned from the start never offers the demo.
    const fresh = tempDir();
    expect(importPackageText(resigned(() => {}, real.secretKey), { dataDir: fresh }).ok).toBe(true);
    expect(demoAvailable(fresh)).toBe(false);
    expect(codes(importPackageText(demoText, { dataDir: fresh, reprovision: true }))).toEqual(['package.demoRefused']);
    // A damaged pin: the demo is not offered (the station may be a real one).
    writeFileSync(pinnedKeyPath(fresh), 'not json');
    expect(demoAvailable(fresh)).toBe(false);
  });

  it('re-provisioning with the pinned key changes nothing', () => {
    const dataDir = tempDir();
    importPackageText(demoText, { dataDir });
    const pinFile = readFileSync(pinnedKeyPath(dataDir), 'utf8');
    const outcome = importPackageText(demoText, { dataDir, reprovision: true });
    expect(outcome.ok && outcome.value.keyStatus).toBe('trusted');
    expect(readFileSync(pinnedKeyPath(dataDir), 'utf8')).toBe(pinFile);
  });

  it('refuses malformed JSON', () => {
    const dataDir = tempDir();
    expect(codes(importPackageText('{"format": ', { dataDir }))).toEqual(['json.malformed']);
    expect(codes(importPackageText('', { dataDir }))).toEqual(['json.malformed']);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('refuses a file with the wrong format tag', () => {
    const dataDir = tempDir();
    const outcome = importPackageText(JSON.stringify({ ...demo, format: 'polling-station/count-input@1' }), { dataDir });
    expect(codes(outcome)).toEqual(['format.wrongTag']);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('refuses schema errors, naming the field', () => {
    const dataDir = tempDir();
    const broken = structuredClone(demo) as unknown as { roll: Record<string, unknown>[] };
    delete broken.roll[3]!.birthDate;
    const outcome = importPackageText(JSON.stringify(broken), { dataDir });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.issues[0]).toMatchObject({ code: 'schema.required', path: ['roll', 3, 'birthDate'] });
  });

  it('refuses a package that is not a 差额 election, even when correctly signed', () => {
    const dataDir = tempDir();
    const text = resigned((pkg) => {
      pkg.election.positions[0]!.candidates.pop();
    });
    const outcome = importPackageText(text, { dataDir });
    expect(codes(outcome)).toEqual(['election.notEnoughCandidates']);
    if (!outcome.ok) expect(outcome.issues[0]!.path).toEqual(['election', 'positions', 0, 'candidates']);
    expect(existsSync(pinnedKeyPath(dataDir))).toBe(false);
  });

  it('refuses duplicate voter ids and an empty ballot stock', () => {
    const dataDir = tempDir();
    const text = resigned((pkg) => {
      pkg.roll[5]!.id = pkg.roll[2]!.id;
      pkg.ballotStock = 0;
    });
    const outcome = importPackageText(text, { dataDir });
    expect(codes(outcome)).toEqual(['package.duplicateVoterId', 'schema.tooSmall']);
    if (!outcome.ok) {
      expect(outcome.issues[0]).toMatchObject({ path: ['roll', 5, 'id'], params: { id: 'v-000003' } });
      expect(outcome.issues[1]!.path).toEqual(['ballotStock']);
      expect(describeIssue(outcome.issues[0]!, 'zh-CN')).toContain('v-000003');
    }
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('reports a damaged pin file, and re-provisioning repairs it', () => {
    const dataDir = tempDir();
    writeFileSync(pinnedKeyPath(dataDir), 'not json');
    expect(codes(importPackageText(demoText, { dataDir }))).toEqual(['package.pinnedKeyUnreadable']);
    expect(readFileSync(pinnedKeyPath(dataDir), 'utf8')).toBe('not json');
    const outcome = importPackageText(demoText, { dataDir, reprovision: true });
    expect(outcome.ok && outcome.value.keyStatus).toBe('pinned');
    expect(readPinnedDistrictKey(dataDir)?.publicKey).toBe(demo.districtKey);
  });

  it('the first import configures the station; a package for another station is refused, naming both, unless re-provisioned', () => {
    const dataDir = tempDir();
    expect(importPackageText(demoText, { dataDir }).ok).toBe(true);
    const pinFile = readFileSync(pinnedKeyPath(dataDir), 'utf8');
    const otherStation = resigned((pkg) => {
      pkg.station = { id: 'S-OTHER-9', name: '第九投票站' };
    });
    const refused = importPackageText(otherStation, { dataDir });
    expect(codes(refused)).toEqual(['package.otherStation']);
    if (!refused.ok) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const text = describeIssue(refused.issues[0]!, locale);
        for (const named of ['S-OTHER-9', '第九投票站', demo.station.id, demo.station.name]) expect(text).toContain(named);
      }
    }
    expect(readFileSync(pinnedKeyPath(dataDir), 'utf8')).toBe(pinFile);
    expect(importPackageText(otherStation, { dataDir, reprovision: true }).ok).toBe(true);
    expect(codes(importPackageText(demoText, { dataDir }))).toEqual(['package.otherStation']);
  });

  it('a pin file from before stations were configured: the next import configures the station', () => {
    const dataDir = tempDir();
    importPackageText(demoText, { dataDir });
    const { station: _dropped, ...older } = JSON.parse(readFileSync(pinnedKeyPath(dataDir), 'utf8')) as Record<string, unknown>;
    writeFileSync(pinnedKeyPath(dataDir), JSON.stringify(older));
    const otherStation = resigned((pkg) => {
      pkg.station = { id: 'S-OTHER-9', name: '第九投票站' };
    });
    expect(importPackageText(otherStation, { dataDir }).ok).toBe(true);
    expect(codes(importPackageText(demoText, { dataDir }))).toEqual(['package.otherStation']);
  });

  it('a bad 20 MB file is refused for its nesting, and a 52 MB one for its size — before any parse or signature check', () => {
    const dataDir = tempDir();
    const deep = `{"format":"polling-station/election-package@1","roll":${'['.repeat(10_000_000 - 100)}${']'.repeat(10_000_000 - 100)}}`;
    expect(deep.length).toBeGreaterThan(19_000_000);
    expect(codes(importPackageText(deep, { dataDir }))).toEqual(['input.tooDeep']);
    const huge = JSON.stringify({ ...demo, padding: 'x'.repeat(52 * 1024 * 1024) });
    const refused = importPackageText(huge, { dataDir });
    expect(codes(refused)).toEqual(['input.tooLarge']);
    if (!refused.ok) expect(describeIssue(refused.issues[0]!, 'en')).toBe('The file is too large: 52 MB, at most 30 MB');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('refuses what the station database could not store: a ballot stock of 20,000,000, an over-long issuedAt', () => {
    const dataDir = tempDir();
    const stock = importPackageText(resigned((pkg) => {
      pkg.ballotStock = 20_000_000;
    }), { dataDir });
    expect(stock.ok || stock.issues).toEqual([issue('schema.tooBig', ['ballotStock'], { maximum: '10000000' })]);
    if (!stock.ok) expect(describeIssue(stock.issues[0]!, 'zh-CN')).toBe('空白选票数 太大或太长（最大 10000000）');
    const issuedAt = importPackageText(resigned((pkg) => {
      pkg.issuedAt = `2026-11-20T09:00:00.${'1'.repeat(40)}+08:00`;
    }), { dataDir });
    expect(codes(issuedAt)).toEqual(['schema.tooBig']);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('refuses names with invisible characters in the roll and the station, naming the row in words', () => {
    const dataDir = tempDir();
    const outcome = importPackageText(resigned((pkg) => {
      pkg.roll[0]!.name = `${pkg.roll[0]!.name}\u200B`;
      pkg.station = { ...pkg.station, name: `\u202E${pkg.station.name}` };
    }), { dataDir });
    expect(codes(outcome)).toEqual(['name.invisibleCharacter', 'name.invisibleCharacter']);
    if (!outcome.ok) {
      expect(describeIssue(outcome.issues[1]!, 'zh-CN')).toContain('选民名册第 1 行的姓名');
      expect(describeIssue(outcome.issues[1]!, 'en')).toContain('Roll row 1, name');
      expect(describeIssue(outcome.issues[1]!, 'en')).toContain('U+200B');
    }
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('creates the data folder on the first pin', () => {
    const dataDir = join(tempDir(), 'not', 'yet');
    expect(importPackageText(demoText, { dataDir }).ok).toBe(true);
    expect(readPinnedDistrictKey(dataDir)?.fingerprint).toBe(DEMO_DISTRICT_FINGERPRINT);
  });
});
