/** Shared by the station database tests: storage on fake-indexeddb, a test package, quiet logs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { vi } from 'vitest';
import { electionHash, generateKeyPair, keyFingerprint, signElectionPackage } from '../../../shared/crypto';
import { FORMAT, type ElectionDefinition, type ElectionPackage, type Voter } from '../../../shared/election/schemas';
import { createStationDatabase, validatedStorage, type StationDatabase } from '../../../renderer/db/database';
import type { ImportedElection } from '../../../renderer/db/importPackage';

export const actor = { clerk: '冯静', desk: '1号台' } as const;
export const AT = '2026-12-06T08:00:00.000+08:00';

/** RxDB's open-core banner (console.warn on the first Dexie write of the process), and only it. */
export function quietOpenCoreBanner(): void {
  const warn = console.warn.bind(console);
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('RxDB Open Core RxStorage')) return;
    warn(...args);
  });
}

export function testStorage() {
  return validatedStorage(getRxStorageDexie({ indexedDB, IDBKeyRange }));
}

let counter = 0;
export function uniqueName(prefix = 'db'): string {
  return `${prefix}-${process.pid}-${++counter}-${Date.now()}`;
}

/** Opens databases and closes them all after each test (see `closeAll`). */
export function databases() {
  const open: { close(): Promise<unknown> }[] = [];
  return {
    track<T extends { close(): Promise<unknown> }>(db: T): T {
      open.push(db);
      return db;
    },
    async station(name = uniqueName('station')): Promise<StationDatabase> {
      const db = await createStationDatabase({ name, storage: testStorage() });
      open.push(db);
      return db;
    },
    async closeAll(): Promise<void> {
      for (const db of open.splice(0).reverse()) await db.close();
    },
  };
}

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '吕', '周', '吴', '徐', '孙', '马', '朱'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '绿', '建国'];

/** `count` plausible voters, deterministic. */
export function generateVoters(count: number): Voter[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `v${String(i + 1).padStart(5, '0')}`,
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
    gender: i % 2 === 0 ? 'F' : 'M',
    birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
    idTail: String(1000 + ((i * 37) % 9000)).slice(0, 3) + (i % 11 === 0 ? 'X' : String(i % 10)),
    address: `示例小区${1 + (i % 12)}号楼${100 + (i % 30)}室`,
    group: `第${1 + (i % 6)}居民小组`,
    status: i % 50 === 49 ? 'struck' : 'registered',
    ...(i % 50 === 49 ? { struckReason: '迁出' } : {}),
  }));
}

/** The election of the spec's first worked scenario. */
export function scenarioElection(): ElectionDefinition {
  const input = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'scenarios', '01-basic-direct.input.json'), 'utf8')) as { election: ElectionDefinition };
  return input.election;
}

/** A signed package with `voters` generated voters, as main hands it over after verifying it. */
export function testImport(voters = 200, election: ElectionDefinition = scenarioElection(), extra: { readonly districtServer?: string } = {}): ImportedElection {
  const district = generateKeyPair();
  const pkg: ElectionPackage = signElectionPackage(
    {
      format: FORMAT.electionPackage,
      election,
      station: { id: 'PS-01', name: '示例社区第一投票站' },
      roll: generateVoters(voters),
      ballotStock: voters + 20,
      issuedAt: '2026-11-20T09:00:00+08:00',
      ...(extra.districtServer === undefined ? {} : { districtServer: extra.districtServer }),
    },
    district.secretKey,
  );
  return { package: pkg, electionHash: electionHash(election), districtKeyFingerprint: keyFingerprint(district.publicKey) };
}
