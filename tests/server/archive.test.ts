/**
 * The district imports a station's sealed election archive (issue 18): accepted once and kept
 * byte for byte, append-only; refused whole when a file was changed after sealing, when another
 * station's key sealed it, or when the station is not enrolled — nothing stored.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArchive, storedArchive } from '../../server/archive';
import { utf8 } from '../../shared/crypto/canonical';
import { electionHash } from '../../shared/crypto/hash';
import { generateKeyPair, signBytes } from '../../shared/crypto/ed25519';
import { ARCHIVE_FILES, ARCHIVE_FORMAT, resultFile, sealArchive, type ArchiveManifest } from '../../shared/station/archive';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { ballotDocs, boxesRecord, enrolTestStation, signedResultFor, stationPackage, type TestStation } from './helpers/fixtures';

const json = (value: unknown) => utf8(`${JSON.stringify(value)}\n`);

/** An archive of `station` sealed with `secretKey` (the station's own by default). */
function archiveOf(station: TestStation, secretKey = station.secretKey, publicKey = station.keys.publicKey): Uint8Array {
  const ballots = ballotDocs(station.election, 120);
  const signed = signedResultFor(station, ballots, boxesRecord(120, station.package.roll.length));
  const files = new Map<string, Uint8Array>([
    [ARCHIVE_FILES.package, json(station.package)],
    [ARCHIVE_FILES.journal, utf8(ballots.map((ballot, i) => `${JSON.stringify({ v: 1, seq: i + 1, at: ballot.at, kind: 'ballot', record: ballot })}\n`).join(''))],
    [ARCHIVE_FILES.audit, json([])],
    [resultFile(1), json(signed)],
  ]);
  const header: Omit<ArchiveManifest, 'files' | 'signature'> = {
    format: ARCHIVE_FORMAT,
    station: { id: station.stationId, name: station.package.station.name },
    electionId: station.election.id,
    electionHash: electionHash(station.election),
    rounds: 1,
    sheets: [],
    sealedAt: '2026-12-07T10:00:00.000Z',
    stationKey: publicKey,
  };
  return sealArchive(files, header, (text) => signBytes(utf8(text), secretKey)).bytes;
}

describe.each(BACKENDS)('archive import on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  const count = async (station: string) => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM archives WHERE station_id = $1', [station]))[0]!.n;

  it('accepts an archive once, keeps its bytes, and refuses to change or remove it', async () => {
    const station = await enrolTestStation(t.db, 'archive-01');
    const bytes = archiveOf(station);
    const first = await importArchive(t.db, bytes);
    if (!first.ok) throw new Error(JSON.stringify(first.issues));
    expect(first.value).toMatchObject({ station: 'archive-01', rounds: 1, alreadyImported: false, bytes: bytes.length });
    const again = await importArchive(t.db, bytes);
    expect(again.ok && again.value.alreadyImported).toBe(true);
    expect(await count('archive-01')).toBe(1);
    expect(await storedArchive(t.db, first.value.archiveId)).toEqual(bytes);
    await expect(t.db.query(`UPDATE archives SET rounds = 2 WHERE id = $1`, [first.value.archiveId])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM archives WHERE id = $1`, [first.value.archiveId])).rejects.toThrow(/append-only/);
    expect(await storedArchive(t.db, first.value.archiveId)).toEqual(bytes);
  });

  it('refuses a tampered archive, naming the file, and one sealed by another key; nothing is stored', async () => {
    const station = await enrolTestStation(t.db, 'archive-02');
    const files: Record<string, Uint8Array> = unzipSync(archiveOf(station));
    const lines = new TextDecoder().decode(files[ARCHIVE_FILES.journal]).split('\n');
    lines[0] = lines[0]!.replace('"status":"valid"', '"status":"blank"').replace('"status":"unreadable"', '"status":"blank"');
    files[ARCHIVE_FILES.journal] = utf8(lines.join('\n'));
    const tampered = await importArchive(t.db, zipSync(files));
    expect(tampered.ok).toBe(false);
    if (tampered.ok) return;
    expect(tampered).toMatchObject({ status: 422 });
    expect(tampered.issues).toEqual([{ code: 'archive.fileAltered', path: [], params: { path: ARCHIVE_FILES.journal } }]);

    const other = generateKeyPair();
    const foreign = await importArchive(t.db, archiveOf(station, other.secretKey, other.publicKey));
    expect(foreign.ok ? null : foreign.issues.map((found) => found.code)).toEqual(['archive.otherStationKey']);

    const notArchive = await importArchive(t.db, utf8('PK not really'));
    expect(notArchive.ok ? null : notArchive.issues[0]!.code).toBe('archive.notArchive');
    expect(await count('archive-02')).toBe(0);
  });

  it('imports through POST /admin/archive (application/zip): 201 once, then 200; a tampered one 422', async () => {
    const station = await enrolTestStation(t.db, 'archive-03');
    const bytes = archiveOf(station);
    const post = (body: Uint8Array, type = 'application/zip') => fetch(`${t.server.url}/admin/archive`, { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) });
    expect((await post(bytes)).status).toBe(201);
    expect((await post(bytes)).status).toBe(200);
    expect((await post(bytes, 'application/json')).status).toBe(415);
    const files: Record<string, Uint8Array> = unzipSync(bytes);
    files[ARCHIVE_FILES.audit] = json([{ removed: true }]);
    const refused = await post(zipSync(files));
    expect(refused.status).toBe(422);
    expect(await count('archive-03')).toBe(1);
  });
});

describe('district CLI: archive import', () => {
  it('stores an archive once from the command line and refuses a tampered one, naming the file (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'district-archive-cli-'));
    const base: NodeJS.ProcessEnv = { ...process.env };
    delete base.DATABASE_URL;
    const district = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args, '--data', join(dir, 'data')], { cwd: process.cwd(), env: base, encoding: 'utf8', timeout: 120_000 });
    const keys = generateKeyPair();
    const pkg = stationPackage('cli-archive-01');
    const station: TestStation = { stationId: 'cli-archive-01', secretKey: keys.secretKey, keys, package: pkg, election: pkg.election };
    writeFileSync(join(dir, 'election.json'), JSON.stringify(pkg));
    expect(district('station', 'enrol', '--station-id', station.stationId, '--key', keys.publicKey, '--election', join(dir, 'election.json')).status).toBe(0);
    const bytes = archiveOf(station);
    writeFileSync(join(dir, 'archive.zip'), bytes);
    const first = district('archive', 'import', join(dir, 'archive.zip'));
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('已保存投票站 cli-archive-01 的选举档案');
    expect(district('archive', 'import', join(dir, 'archive.zip')).stdout).toContain('not stored twice');
    const files: Record<string, Uint8Array> = unzipSync(bytes);
    files[resultFile(1)] = json({ replaced: true });
    writeFileSync(join(dir, 'tampered.zip'), zipSync(files));
    const refused = district('archive', 'import', join(dir, 'tampered.zip'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('results/round-1.json');
  }, 180_000);
});
