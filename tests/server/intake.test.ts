/**
 * Enrolment and records are checked once, where they enter the district: a station id the sync
 * would refuse is refused at enrolment (the rule named, one rule in shared/station/stationId.ts);
 * one key cannot be enrolled for two stations; a check-in or ballot with an impossible time is
 * refused at ingest (push, COPY path, bundle) with the reason; the package builder applies the
 * station's own checks and the station-id rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { electionHash } from '../../shared/crypto/hash';
import { signObject } from '../../shared/crypto/signed';
import { describeIssue } from '../../shared/election/issues';
import { stationIdProblem } from '../../shared/station/stationId';
import { BUNDLE_FORMAT, importBundle } from '../../server/bundle';
import { stationEnrol } from '../../server/cli/stationCmds';
import { buildElectionPackage } from '../../server/package/build';
import { enrolStation, findStation } from '../../server/stations';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient, SyncError } from './helpers/client';
import { ballotDocs, checkinDocs, enrolTestStation, stationPackage } from './helpers/fixtures';

const BAD_IDS: readonly [string, string][] = [
  ['投票站一', 'nonAscii'],
  ['ｈｑ-01', 'nonAscii'],
  ['hq 01', 'reservedCharacter'],
  ['hq/01', 'reservedCharacter'],
  ['hq:01', 'reservedCharacter'],
  ['x'.repeat(129), 'tooLong'],
  ['-hq', 'firstCharacter'],
  ['', 'empty'],
];

describe('the station-id rule (shared)', () => {
  it('names the rule an id breaks, and lets the ids stations use through', () => {
    for (const [id, rule] of BAD_IDS) expect(stationIdProblem(id)?.rule, id).toBe(rule);
    for (const id of ['hq-01', 'PS-001', 'yanfeng.3_b', 'x'.repeat(128)]) expect(stationIdProblem(id), id).toBeNull();
  });

  it('the package builder refuses a station that could never sync', () => {
    const pkg = stationPackage('build-01');
    const built = (id: string) =>
      buildElectionPackage({ definitionText: JSON.stringify(pkg.election), roll: pkg.roll, station: { id, name: '测试站' }, districtSecretKey: generateKeyPair().secretKey });
    expect(built('build-01').ok).toBe(true);
    const refused = built('第一站');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues.map((found) => [found.code, found.params?.stationIdRule])).toContainEqual(['station.badId', 'nonAscii']);
  });
});

describe.each(BACKENDS)('intake checks on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses at enrolment a station id the sync would refuse, naming the rule', async () => {
    for (const [id, rule] of BAD_IDS) {
      const enrolled = await enrolStation(t.db, { stationId: id, publicKey: generateKeyPair().publicKey });
      expect(enrolled.ok, id).toBe(false);
      if (enrolled.ok) continue;
      expect(enrolled.issues[0]).toMatchObject({ code: 'station.badId', params: { stationIdRule: rule } });
      expect(describeIssue(enrolled.issues[0]!, 'en')).toContain('the rule it breaks');
      // The sync answers such an id as never enrolled, by the same rule.
      expect(await findStation(t.db, id)).toBeNull();
    }
    await expect(stationEnrol(t.db, { stationId: 'hq/01', key: generateKeyPair().publicKey, replace: false })).rejects.toThrow(/保留字符|reserved characters/);
    expect(await t.db.query('SELECT id FROM stations')).toEqual([]);
  });

  it('refuses one public key for a second station, naming the first', async () => {
    const key = generateKeyPair().publicKey;
    expect((await enrolStation(t.db, { stationId: 'key-a', publicKey: key })).ok).toBe(true);
    const second = await enrolStation(t.db, { stationId: 'key-b', publicKey: key });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.issues[0]).toMatchObject({ code: 'station.keyInUse', params: { other: 'key-a' } });
      expect(describeIssue(second.issues[0]!)).toContain('key-a');
    }
    // The same station enrolled again with its own key is fine.
    expect((await enrolStation(t.db, { stationId: 'key-a', publicKey: key })).ok).toBe(true);
    expect(await findStation(t.db, 'key-b')).toBeNull();
  });

  it('refuses a check-in or ballot with an impossible time at ingest, with the reason, storing nothing', async () => {
    const station = await enrolTestStation(t.db, 'times-01');
    const client = new StationClient(t.server.url, station);
    const [good] = checkinDocs(1) as [Record<string, unknown>];
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const cases: [string, Record<string, unknown>, string][] = [
      ['checkins', { ...good, issuedAt: '1900-01-01T08:00:00+08:00' }, 'record.timeTooEarly'],
      ['checkins', { ...good, issuedAt: '1900-01-01' }, 'record.timeInvalid'],
      ['checkins', { ...good, issuedAt: 'not-a-date' }, 'record.timeInvalid'],
      ['checkins', { ...good, issuedAt: '2026-02-30T08:00:00+08:00' }, 'record.timeInvalid'],
      ['checkins', { ...good, issuedAt: 20261206 }, 'record.timeInvalid'],
      ['checkins', { ...good, issuedAt: later }, 'record.timeAfterUpload'],
      ['checkins', { ...good, status: 'undone', undoneAt: later }, 'record.timeAfterUpload'],
      ['ballots', { ...ballotDocs(station.election, 1, 3)[0]!, at: 'not-a-date' }, 'record.timeInvalid'],
    ];
    for (const [collection, doc, code] of cases) {
      // With a good record before it, by the COPY path (all new) and by the parsed path.
      const bodies = [
        [{ assumedMasterState: null, newDocumentState: { ...good, id: 'first', _deleted: false } }, { assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } }],
        [{ assumedMasterState: { ...doc, _deleted: false }, newDocumentState: { ...doc, _deleted: false } }],
      ];
      for (const body of bodies) {
        const refused = await client.push(collection, body).catch((error: unknown) => error);
        expect(refused, `${collection} ${JSON.stringify(doc)}`).toBeInstanceOf(SyncError);
        expect((refused as SyncError).status).toBe(400);
        expect((refused as SyncError).body.code).toBe(code);
        expect((refused as SyncError).body.message).toContain(String(doc.id));
      }
    }
    expect(await t.db.query(`SELECT id FROM documents WHERE station_id = 'times-01'`)).toEqual([]);

    // A bundle holding one is refused whole.
    const bundle = signObject(
      {
        format: BUNDLE_FORMAT,
        station: station.stationId,
        electionHash: electionHash(station.election),
        documents: { checkins: [{ ...good, _deleted: false }, { ...good, id: '1:v-late', issuedAt: later, _deleted: false }] },
        signedResults: [],
        exportedAt: new Date().toISOString(),
        stationKey: station.keys.publicKey,
      },
      station.secretKey,
    );
    const imported = await importBundle(t.db, bundle);
    expect(imported.ok).toBe(false);
    if (!imported.ok) expect(imported.issues[0]).toMatchObject({ code: 'record.timeAfterUpload', path: ['documents', 'checkins', 1, 'issuedAt'] });
    expect(await t.db.query(`SELECT id FROM documents WHERE station_id = 'times-01'`)).toEqual([]);

    // Good records still go in, and the dashboard's turnout answers.
    await client.pushNew('checkins', checkinDocs(3));
    const turnout = await fetch(`${t.server.url}/api/turnout`);
    expect(turnout.status).toBe(200);
  });
});
