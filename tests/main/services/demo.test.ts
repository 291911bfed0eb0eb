import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../../shared/crypto/ed25519';
import { verifyElectionPackage } from '../../../shared/crypto/signed';
import { electionPackageSchema, type ElectionPackage } from '../../../shared/election/schemas';
import { isCandidateVoter } from '../../../shared/rules/polling';
import demoKey from '../../../build/demo/demo-district-key.json' with { type: 'json' };
import {
  buildDemoPackage,
  DEMO_DISTRICT_PUBLIC_KEY,
  demoPackageText,
  generateRoll,
  GROUP_NAMES,
} from '../../../main/services/demo';
import { checkPackageContents, verifyPackageText } from '../../../main/services/packageImport';
import { nodeBridge } from '../../../main/services/nodeBridge';
import { isDemoPackage } from '../../../shared/election/demo';
import { tempDir } from './support';

const REPO = join(import.meta.dirname, '..', '..', '..');

let pkg: ElectionPackage;
let text: string;

beforeAll(() => {
  text = demoPackageText();
  pkg = JSON.parse(text) as ElectionPackage;
});

describe('demo election package', () => {
  it('is byte-identical across builds and across processes (npm run demo-package)', () => {
    expect(demoPackageText()).toBe(text);
    const out = join(tempDir(), 'demo.election.json');
    execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/demoPackage.ts', out], { cwd: REPO, stdio: 'pipe' });
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('is a valid package signed with the committed DEMO key', () => {
    expect(verifyPackageText(text)).toMatchObject({ ok: true });
    expect(electionPackageSchema.safeParse(pkg).success).toBe(true);
    expect(verifyElectionPackage(pkg)).toEqual([]);
    expect(pkg.districtKey).toBe(DEMO_DISTRICT_PUBLIC_KEY);
    expect(demoKey.note).toMatch(/DEMO KEY/);
    expect(keyFingerprint(demoKey.publicKey)).toBe(demoKey.fingerprint);
    expect(pkg.station).toEqual({ id: 'hq-yanfeng-01', name: '延风社区第一投票站' });
    expect(pkg.ballotStock).toBe(3200);
    expect(pkg.issuedAt).toBe('2026-11-30T08:00:00Z');
    expect(buildDemoPackage()).toEqual(pkg);
  });

  it('describes the fictional 延风社区 election: 主任 1 of 2, 副主任 1 of 2, 委员 3 of 5', () => {
    const { election } = pkg;
    expect(election).toMatchObject({ community: '延风社区', date: '2026-12-06', method: 'direct' });
    expect(election.positions.map((p) => [p.title, p.seats, p.candidates.length])).toEqual([
      ['主任', 1, 2],
      ['副主任', 1, 2],
      ['委员', 3, 5],
    ]);
    const members = election.positions.find((p) => p.title === '委员')!;
    expect(members.candidates.filter((c) => c.gender === 'F').length).toBeGreaterThanOrEqual(2);
    const all = election.positions.flatMap((p) => p.candidates);
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
    for (const candidate of all) {
      expect(candidate).toMatchObject({
        birthYear: expect.any(Number),
        ethnicity: expect.stringMatching(/族$/),
        politicalStatus: expect.any(String),
        education: expect.any(String),
      });
    }
  });

  it('has a roll of at least 3,000 adults with unique ids, and every candidate on it exactly once', () => {
    const { roll, election } = pkg;
    expect(roll.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(roll.map((v) => v.id)).size).toBe(roll.length);
    expect(checkPackageContents(pkg)).toEqual([]);
    for (const candidate of election.positions.flatMap((p) => p.candidates)) {
      const matches = roll.filter((voter) => isCandidateVoter(election, voter) && voter.name === candidate.name);
      expect(matches, candidate.name).toHaveLength(1);
      expect(matches[0]!.status).toBe('registered');
      expect(Number(matches[0]!.birthDate.slice(0, 4))).toBe(candidate.birthYear);
    }
    expect(roll.filter((voter) => isCandidateVoter(election, voter))).toHaveLength(9);
  });

  it('has realistic voter entries', () => {
    const { roll } = pkg;
    for (const voter of roll) {
      expect(voter.birthDate <= '2008-12-06', voter.id).toBe(true);
      expect(Number.isNaN(Date.parse(voter.birthDate))).toBe(false);
      expect(voter.idTail).toMatch(/^\d{3}[\dX]$/);
      expect(voter.address).toMatch(/^\d+号楼\d单元\d{3,4}$/);
      expect(voter.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    }
    expect(new Set(roll.map((v) => v.group))).toEqual(new Set(GROUP_NAMES));
    expect(GROUP_NAMES[0]).toBe('第一居民小组');
    expect(GROUP_NAMES[7]).toBe('第八居民小组');
    const women = roll.filter((v) => v.gender === 'F').length;
    expect(women / roll.length).toBeGreaterThan(0.4);
    expect(women / roll.length).toBeLessThan(0.6);
    const struck = roll.filter((v) => v.status === 'struck');
    expect(struck.length).toBeGreaterThanOrEqual(2);
    expect(struck.length).toBeLessThan(30);
    for (const voter of struck) expect(voter.struckReason).toBeTruthy();
    // Common surnames come first.
    const wang = roll.filter((v) => v.name.startsWith('王')).length;
    expect(wang / roll.length).toBeGreaterThan(0.03);
    expect(roll.some((v) => v.name.length === 2)).toBe(true);
    expect(roll.some((v) => v.name.length === 3)).toBe(true);
  });
});

describe('generateRoll', () => {
  it('is deterministic per seed and makes a 50,000-voter roll for benchmarks', () => {
    expect(generateRoll(200, 7)).toEqual(generateRoll(200, 7));
    expect(generateRoll(200, 7)).not.toEqual(generateRoll(200, 8));
    const big = generateRoll(50_000, 1);
    expect(big).toHaveLength(50_000);
    expect(new Set(big.map((v) => v.id)).size).toBe(50_000);
    expect(big[49_999]!.id).toBe('v-050000');
    expect(generateRoll(0, 1)).toEqual([]);
  });

  it('never uses a name it is told to avoid', () => {
    const roll = generateRoll(3000, 3, { avoidNames: ['王伟', '李娜'] });
    expect(roll.some((v) => v.name === '王伟' || v.name === '李娜')).toBe(false);
  });
});

describe('the small demo package (issue 15, item 2)', () => {
  it('is byte-identical across builds and processes (npm run demo-package -- --small), valid, and signed with the same demo key', async () => {
    const small = demoPackageText('small');
    expect(demoPackageText('small')).toBe(small);
    expect(small).not.toBe(text);
    const out = join(tempDir(), 'small.election.json');
    execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/demoPackage.ts', '--small', out], { cwd: REPO, stdio: 'pipe' });
    expect(readFileSync(out, 'utf8')).toBe(small);
    expect(await nodeBridge(tempDir()).demoPackage('small')).toBe(small);
    expect(await nodeBridge(tempDir()).demoPackage('full')).toBe(text);
    expect(await nodeBridge(tempDir()).demoPackage()).toBe(text);
    expect(verifyPackageText(small)).toMatchObject({ ok: true });
    const pkgSmall = JSON.parse(small) as ElectionPackage;
    expect(verifyElectionPackage(pkgSmall)).toEqual([]);
    expect(pkgSmall.districtKey).toBe(DEMO_DISTRICT_PUBLIC_KEY);
    expect(isDemoPackage(pkgSmall)).toBe(true);
    expect(checkPackageContents(pkgSmall)).toEqual([]);
  });

  it('has about 30 voters, 主任 and 委员 (a women seat reserved), every candidate on the roll once', () => {
    const small = JSON.parse(demoPackageText('small')) as ElectionPackage;
    const { election, roll } = small;
    expect(roll).toHaveLength(30);
    expect(new Set(roll.map((v) => v.id)).size).toBe(30);
    expect(election.positions.map((p) => [p.title, p.seats, p.candidates.length])).toEqual([
      ['主任', 1, 2],
      ['委员', 4, 5],
    ]);
    expect(election.rules?.womenRule).toBe('reserve');
    expect(election.positions[1]!.candidates.filter((c) => c.gender === 'F').length).toBeGreaterThanOrEqual(2);
    expect(small.ballotStock).toBeGreaterThan(roll.length);
    for (const candidate of election.positions.flatMap((p) => p.candidates)) {
      expect(roll.filter((voter) => isCandidateVoter(election, voter) && voter.name === candidate.name), candidate.name).toHaveLength(1);
    }
  });
});
