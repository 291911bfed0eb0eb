/**
 * The sync contract shared by the station and the district (shared/station/sync.ts): one list of
 * collections, one append-only set, one signed-request text — and both sides use exactly these.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../shared/crypto/canonical';
import { generateKeyPair, signBytes } from '../../../shared/crypto/ed25519';
import { sha256Hex } from '../../../shared/crypto/hash';
import {
  APPEND_ONLY_COLLECTIONS,
  BUNDLE_FORMAT,
  isSyncCollection,
  SYNC_BASE_PATH,
  SYNC_COLLECTIONS,
  SYNC_HEADERS,
  SYNC_PURPOSE,
  syncSigningText,
} from '../../../shared/station/sync';
import * as station from '../../../renderer/db/replication/protocol';
import { signedHeaders } from '../../../renderer/db/replication/client';
import { STATION_COLLECTIONS } from '../../../renderer/db/database';
import * as serverCollections from '../../../server/sync/collections';
import * as serverSigning from '../../../server/sync/signing';
import { verifyFast } from '../../../server/sync/ed25519Node';

const fields = {
  method: 'GET',
  path: '/sync/v1/ballots/pull?checkpoint=%7B%22seq%22%3A42%7D&limit=100',
  bodySha256: sha256Hex(''),
  stationId: 'PS-001',
  timestamp: '2026-12-06T09:30:00.123Z',
  nonce: 'AAECAwQFBgcICQoLDA0ODw',
} as const;

describe('shared/station/sync.ts', () => {
  it('builds the canonical text of docs/SYNC.md, keys sorted, method in upper case', () => {
    const expected =
      '{"bodySha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","method":"GET","nonce":"AAECAwQFBgcICQoLDA0ODw",' +
      '"path":"/sync/v1/ballots/pull?checkpoint=%7B%22seq%22%3A42%7D&limit=100","purpose":"polling-station/sync@1","stationId":"PS-001","timestamp":"2026-12-06T09:30:00.123Z"}';
    expect(syncSigningText(fields)).toBe(expected);
    expect(syncSigningText({ ...fields, method: 'get' })).toBe(expected);
    expect(JSON.parse(syncSigningText(fields))).toEqual({ purpose: SYNC_PURPOSE, ...fields });
  });

  it('names the ten replicated collections, ballots and audit append-only', () => {
    expect(SYNC_COLLECTIONS).toEqual(['checkins', 'proxies', 'trips', 'spoiled', 'reconciliation', 'audit', 'ballots', 'countRecords', 'machine', 'setup']);
    expect([...APPEND_ONLY_COLLECTIONS].sort()).toEqual(['audit', 'ballots']);
    expect(isSyncCollection('ballots')).toBe(true);
    expect(isSyncCollection('voters')).toBe(false);
    expect(isSyncCollection('election')).toBe(false);
    expect(isSyncCollection('constructor')).toBe(false);
    // Every replicated collection is one of the station database's.
    for (const name of SYNC_COLLECTIONS) expect(Object.keys(STATION_COLLECTIONS)).toContain(name);
    expect([SYNC_PURPOSE, BUNDLE_FORMAT, SYNC_BASE_PATH]).toEqual(['polling-station/sync@1', 'polling-station/bundle@1', '/sync/v1']);
  });

  it('is the one definition both sides use (no copies)', () => {
    expect(station.SYNC_COLLECTIONS).toBe(SYNC_COLLECTIONS);
    expect(station.APPEND_ONLY_COLLECTIONS).toBe(APPEND_ONLY_COLLECTIONS);
    expect(station.syncSigningText).toBe(syncSigningText);
    expect(station.SYNC_HEADERS).toBe(SYNC_HEADERS);
    expect(serverCollections.COLLECTIONS).toBe(SYNC_COLLECTIONS);
    expect(serverCollections.APPEND_ONLY).toBe(APPEND_ONLY_COLLECTIONS);
    expect(serverCollections.isCollection).toBe(isSyncCollection);
    expect(serverSigning.syncSigningText).toBe(syncSigningText);
    expect(serverSigning.SYNC_PURPOSE).toBe(SYNC_PURPOSE);
    // The server reads Node's lower-cased header names: the same headers.
    expect(Object.values(serverSigning.HEADER)).toEqual(Object.values(SYNC_HEADERS).map((name) => name.toLowerCase()));
  });

  it('is pure: imports nothing but shared code, uses no Node or browser API', () => {
    const source = readFileSync(join(import.meta.dirname, '..', '..', '..', 'shared', 'station', 'sync.ts'), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((match) => match[1]);
    expect(imports).toEqual(['../crypto/canonical']);
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/^import .*$/gm, '');
    expect(code).not.toMatch(/\b(window|document|navigator|localStorage|fetch|process|require|Buffer|globalThis|crypto)\b/);
  });

  it('a request signed by the station client verifies on the server, for GET and POST', async () => {
    const key = generateKeyPair();
    const sign = async (text: string) => signBytes(utf8(text), key.secretKey);
    for (const [method, path, body] of [
      ['GET', fields.path, undefined],
      ['POST', '/sync/v1/ballots/push', '[{"assumedMasterState":null,"newDocumentState":{"id":"b1"}}]'],
    ] as const) {
      const headers = await signedHeaders({ method, path, stationId: 'PS-001', sign, ...(body !== undefined ? { body } : {}), now: new Date(fields.timestamp) });
      // What the server rebuilds from the request (server/sync/auth.ts) with its own helpers.
      const text = serverSigning.syncSigningText({
        method: method.toLowerCase(),
        path,
        bodySha256: serverSigning.bodySha256(utf8(body ?? '')),
        stationId: headers[SYNC_HEADERS.station]!,
        timestamp: headers[SYNC_HEADERS.timestamp]!,
        nonce: headers[SYNC_HEADERS.nonce]!,
      });
      expect(verifyFast(utf8(text), headers[SYNC_HEADERS.signature]!, key.publicKey)).toBe(true);
      // …and not for another path.
      expect(verifyFast(utf8(text.replace('/sync/v1/', '/sync/v2/')), headers[SYNC_HEADERS.signature]!, key.publicKey)).toBe(false);
    }
  });

  it('the server\'s Node signer signs the same text', () => {
    const key = generateKeyPair();
    const headers = serverSigning.signSyncRequest({ method: 'get', path: fields.path, stationId: fields.stationId, secretKey: key.secretKey, now: new Date(fields.timestamp), nonce: fields.nonce });
    expect(verifyFast(utf8(syncSigningText(fields)), headers[serverSigning.HEADER.signature]!, key.publicKey)).toBe(true);
  });
});
