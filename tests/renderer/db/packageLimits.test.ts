/**
 * One set of limits (shared/election/limits.ts) for the package and the station database: a
 * package at every limit passes main's checks AND is stored by RxDB; one past a limit is refused
 * by main, so RxDB never refuses what main accepted (and nothing is pinned for it).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { electionHash, generateKeyPair, keyFingerprint, signElectionPackage } from '../../../shared/crypto';
import { LIMITS } from '../../../shared/election/limits';
import { FORMAT, type ElectionPackage, type Voter } from '../../../shared/election/schemas';
import { verifyPackageText } from '../../../main/services/packageImport';
import { openElection, storeImportedPackage } from '../../../renderer/db/importPackage';
import { databases, generateVoters, quietOpenCoreBanner, scenarioElection } from './helpers';

const dbs = databases();
beforeAll(quietOpenCoreBanner);
afterEach(() => dbs.closeAll());

const district = generateKeyPair();

function packageText(edit: (pkg: Omit<ElectionPackage, 'districtKey' | 'signature'>) => void): string {
  const longest: Voter = {
    id: 'v'.repeat(LIMITS.id),
    name: '张'.repeat(LIMITS.personName),
    gender: 'F',
    birthDate: '1960-01-01',
    idTail: '123X',
    address: '址'.repeat(LIMITS.address),
    group: '组'.repeat(LIMITS.group),
    status: 'struck',
    struckReason: '迁'.repeat(LIMITS.reason),
  };
  const unsigned = {
    format: FORMAT.electionPackage,
    election: scenarioElection(),
    station: { id: 's'.repeat(LIMITS.id), name: '站'.repeat(LIMITS.stationName) },
    roll: [...generateVoters(20), longest],
    ballotStock: LIMITS.count,
    // 40 characters: the longest time both accept.
    issuedAt: `2026-11-20T09:00:00.${'0'.repeat(LIMITS.time - 26)}+08:00`,
  };
  edit(unsigned);
  return JSON.stringify(signElectionPackage(unsigned, district.secretKey));
}

describe('the package and the station database share one set of limits', () => {
  it('a package at every limit is accepted by main and stored by RxDB', async () => {
    const verified = verifyPackageText(packageText(() => {}));
    expect(verified.ok ? [] : verified.issues).toEqual([]);
    if (!verified.ok) return;
    expect(verified.value.issuedAt).toHaveLength(LIMITS.time);
    const db = await dbs.station();
    await storeImportedPackage(db, { package: verified.value, electionHash: electionHash(verified.value.election), districtKeyFingerprint: keyFingerprint(district.publicKey) }, '2026-12-06T07:00:00.000+08:00');
    expect((await openElection(db))?.ballotStock).toBe(LIMITS.count);
    expect(await db.voters.count().exec()).toBe(21);
  });

  it('one past any limit is refused by main, naming the field', () => {
    const past: [string, (pkg: Omit<ElectionPackage, 'districtKey' | 'signature'>) => void][] = [
      ['ballotStock', (pkg) => void (pkg.ballotStock = LIMITS.count + 1)],
      ['issuedAt', (pkg) => void (pkg.issuedAt = `2026-11-20T09:00:00.${'0'.repeat(LIMITS.time - 25)}+08:00`)],
      ['name', (pkg) => void ((pkg.roll as Voter[])[0]!.name = '张'.repeat(LIMITS.personName + 1))],
      ['address', (pkg) => void ((pkg.roll as Voter[])[0]!.address = '址'.repeat(LIMITS.address + 1))],
      ['id', (pkg) => void (pkg.station = { id: 's'.repeat(LIMITS.id + 1), name: '站' })],
    ];
    for (const [field, edit] of past) {
      const verified = verifyPackageText(packageText(edit));
      expect(verified.ok ? [] : verified.issues.map((found) => [found.code, found.path.at(-1)])).toEqual([['schema.tooBig', field]]);
    }
  });
});
