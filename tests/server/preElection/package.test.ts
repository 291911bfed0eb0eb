/**
 * The package and the papers from the district's records, over the API and the CLI: the package
 * signed from the records (no hand-written JSON) imports at a station through the station's own
 * checks, its definition is the records' election, its roll the records' roll, and it carries
 * the committee; the roll, the formal list and the ballots download as PDFs that read back; a
 * package without a key, or with a broken one, is refused with a bilingual message; each package
 * and print run is in the audit log.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPackageText } from '../../../main/services/packageImport';
import { generateKeyPair, keyFingerprint } from '../../../shared/crypto/ed25519';
import { electionHash } from '../../../shared/crypto/hash';
import type { ElectionPackage } from '../../../shared/election/schemas';
import { decodeBallotStyleQr } from '../../../shared/sheets/preElection/ballotStyle';
import { scanFile } from '../../../main/services/pdf/qrScan';
import { openDb } from '../../../server/db/open';
import { packageRecords } from '../../../server/preElection/packageRecords';
import { listAudit } from '../../../server/preElection/store';
import { BACKENDS, startTestServer, type TestServer } from '../helpers/backends';
import { npmRun, pdftotext } from '../../main/services/pdf/support';
import { communityWithFormalList } from './records';

const KEY = generateKeyPair();
const KEY_FILE = { format: 'polling-station/district-key@1', publicKey: KEY.publicKey, secretKey: KEY.secretKey };

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('the package and papers from the records (%s)', (_name, backend) => {
  let test: TestServer;
  let dir: string;
  const base = () => `${test.server.url}/api/pre-election/communities/liuan-01`;

  beforeAll(async () => {
    test = await startTestServer(backend);
    dir = mkdtempSync(join(tmpdir(), 'pre-package-'));
    await communityWithFormalList(test.db, 'liuan-01', '柳岸社区');
  }, 120_000);
  afterAll(async () => {
    await test?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('POST …/package signs the records into a package the station imports, the records as they are, the committee with it', async () => {
    const records = await packageRecords(test.db, 'liuan-01');
    const response = await fetch(`${base()}/package`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: KEY_FILE, ballotStock: 50, by: '李干事' }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('liuan-01.election.json');
    const text = await response.text();
    const pkg = JSON.parse(text) as ElectionPackage;

    const stationDir = join(dir, 'station');
    const imported = importPackageText(text, { dataDir: stationDir });
    expect(imported.ok, JSON.stringify(!imported.ok && imported.issues)).toBe(true);
    if (!imported.ok) return;
    expect(imported.value.package.election).toEqual(records.election);
    expect(imported.value.electionHash).toBe(electionHash(records.election));
    expect(imported.value.package.roll).toEqual(records.roll);
    expect(imported.value.districtKeyFingerprint).toBe(keyFingerprint(KEY.publicKey));
    expect(pkg.station).toEqual({ id: 'liuan-01', name: '柳岸社区投票站' });
    expect(pkg.ballotStock).toBe(50);
    expect(pkg.preElection).toEqual({
      committee: records.committee.map((member) => ({
        name: member.name,
        gender: member.gender,
        role: member.role,
        chosenBy: member.chosenBy,
        meetingOn: member.meetingOn,
        attendance: member.attendance,
        leftOn: member.leftOn,
      })),
      rollPublishedOn: '2027-02-20',
      formalListPublishedOn: '2027-03-05',
    });
    expect(pkg.preElection!.committee).toHaveLength(3);
    // Candidates in stroke order, the formal list's.
    expect(pkg.election.positions.map((p) => p.candidates.map((c) => c.name))).toEqual(records.formalList.positions.map((p) => p.candidates.map((c) => c.name)));

    // Changing a byte of the carried records breaks the signature at the station.
    const tampered = JSON.stringify({ ...pkg, preElection: { ...pkg.preElection, rollPublishedOn: '2027-02-21' } });
    const refused = importPackageText(tampered, { dataDir: join(dir, 'station-2') });
    expect(refused.ok).toBe(false);

    const audit = await listAudit(test.db, 'liuan-01');
    const built = audit.filter((entry) => entry.action === 'package.build');
    expect(built).toHaveLength(1);
    expect(built[0]!.by).toBe('李干事');
    expect(built[0]!.detail).toMatchObject({ electionHash: electionHash(records.election), districtKey: keyFingerprint(KEY.publicKey), ballotStock: 50 });
    expect(JSON.stringify(audit)).not.toContain(KEY.secretKey);
  }, 60_000);

  it('a package without a key, with a broken key or a bad stock is refused, bilingual, and nothing is audited', async () => {
    const post = (body: unknown) => fetch(`${base()}/package`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const before = (await listAudit(test.db, 'liuan-01')).length;
    const missing = await post({});
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/区级签名密钥.*district signing key/s);
    const broken = await post({ key: { publicKey: generateKeyPair().publicKey, secretKey: KEY.secretKey } });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { message: string }).message).toMatch(/公钥与私钥不匹配/);
    const stock = await post({ key: KEY_FILE, ballotStock: 0 });
    expect(stock.status).toBe(400);
    expect((await listAudit(test.db, 'liuan-01')).length).toBe(before);
  }, 60_000);

  it('GET roll.pdf, formal-list.pdf and ballot.pdf: PDFs of the records; the ballots\' QR code names the package\'s election', async () => {
    const records = await packageRecords(test.db, 'liuan-01');
    const roll = await fetch(`${base()}/roll.pdf`);
    expect(roll.status).toBe(200);
    expect(roll.headers.get('content-type')).toBe('application/pdf');
    const rollFile = join(dir, 'roll.pdf');
    writeFileSync(rollFile, Buffer.from(await roll.arrayBuffer()));
    const rollText = await pdftotext(rollFile);
    expect(rollText).toContain('公布日期：2027年2月20日');
    for (const voter of records.roll.filter((v) => v.status === 'registered').slice(0, 10)) expect(rollText).toContain(voter.name);

    const list = await fetch(`${base()}/formal-list.pdf`);
    expect(list.status).toBe(200);
    const listFile = join(dir, 'list.pdf');
    writeFileSync(listFile, Buffer.from(await list.arrayBuffer()));
    const listText = await pdftotext(listFile);
    for (const position of records.election.positions) for (const candidate of position.candidates) expect(listText).toContain(candidate.name);

    const ballots = await fetch(`${base()}/ballot.pdf?first=101&count=2&by=${encodeURIComponent('印制组')}`);
    expect(ballots.status).toBe(200);
    expect(ballots.headers.get('content-disposition')).toContain(encodeURIComponent('选票000101-000102.pdf'));
    const ballotFile = join(dir, 'ballots.pdf');
    writeFileSync(ballotFile, Buffer.from(await ballots.arrayBuffer()));
    const ballotText = await pdftotext(ballotFile);
    expect(ballotText).toContain('000101');
    expect(ballotText).toContain('000102');
    const scan = await scanFile(ballotFile);
    const styles = scan.texts.map(decodeBallotStyleQr).filter((style) => style !== null);
    expect(styles.length).toBeGreaterThan(0);
    for (const style of styles) expect(style.electionHash).toBe(electionHash(records.election));
    const printed = (await listAudit(test.db, 'liuan-01')).filter((entry) => entry.action === 'ballot.print');
    expect(printed.at(-1)).toMatchObject({ by: '印制组', subject: '101-102' });

    const bad = await fetch(`${base()}/ballot.pdf?first=0&count=3`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/起始编号.*first serial/s);
  }, 90_000);
});

describe('the CLI: pre-election package, ballot, roll-pdf, candidates-pdf', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pre-cli-'));
    // The CLI's own database: PGlite in the data folder (DATABASE_URL is cleared for the commands).
    const db = await openDb({ dataDir: join(dir, 'data') });
    try {
      await communityWithFormalList(db, 'liuan-01', '柳岸社区', 24);
    } finally {
      await db.close();
    }
    writeFileSync(join(dir, 'district-key.json'), JSON.stringify(KEY_FILE));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the signed package and the three PDFs from the records', async () => {
    const data = ['--data', join(dir, 'data')];
    const pkgOut = join(dir, 'liuan.election.json');
    const packaged = await npmRun('district', ['pre-election', 'package', '--community', 'liuan-01', '--key', join(dir, 'district-key.json'), '--stock', '30', pkgOut, ...data], { DATABASE_URL: '' });
    expect(packaged.code, packaged.stderr).toBe(0);
    expect(packaged.stdout).toContain('选举委员会 / committee: 3');
    const pkg = JSON.parse(readFileSync(pkgOut, 'utf8')) as ElectionPackage;
    expect(importPackageText(readFileSync(pkgOut, 'utf8'), { dataDir: join(dir, 'station') }).ok).toBe(true);
    expect(pkg.ballotStock).toBe(30);

    const ballotOut = join(dir, 'ballots.pdf');
    const ballot = await npmRun('district', ['pre-election', 'ballot', '--community', 'liuan-01', '--first', '5', '--count', '3', ballotOut, ...data], { DATABASE_URL: '' });
    expect(ballot.code, ballot.stderr).toBe(0);
    expect(ballot.stdout).toContain(`PSB1:${electionHash(pkg.election).toUpperCase()}`);
    const text = await pdftotext(ballotOut);
    for (const serial of ['000005', '000006', '000007']) expect(text).toContain(serial);

    for (const [command, expected] of [['roll-pdf', '选民'], ['candidates-pdf', '候选人']] as const) {
      const out = join(dir, `${command}.pdf`);
      const done = await npmRun('district', ['pre-election', command, '--community', 'liuan-01', out, ...data], { DATABASE_URL: '' });
      expect(done.code, done.stderr).toBe(0);
      expect((await pdftotext(out)).replace(/\s/g, '')).toContain(expected);
    }

    const refused = await npmRun('district', ['pre-election', 'ballot', '--community', 'nowhere', join(dir, 'x.pdf'), ...data], { DATABASE_URL: '' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/nowhere/);
  }, 180_000);
});
