/** Main signs only sync requests and export bundles with the station key; everything else is refused. */
import { describe, expect, it } from 'vitest';
import { startHost } from '../../../main/host/server';
import { loadOrCreateStationKey } from '../../../main/services/keys';
import { signBundleText, signSyncRequestText, syncSigningBridge, SyncSigningRefused } from '../../../main/services/syncSigning';
import { canonicalJson, utf8 } from '../../../shared/crypto/canonical';
import { verifyBytes } from '../../../shared/crypto/ed25519';
import { sha256Hex } from '../../../shared/crypto/hash';
import { signObject, verifyObject } from '../../../shared/crypto/signed';
import { createHttpBridge } from '../../../renderer/bridge/httpBridge';
import { randomNonce } from '../../../renderer/db/replication/client';
import { syncSigningText } from '../../../renderer/db/replication/protocol';
import { stationJournal } from '../../../main/services/journal';
import { tempDir } from './support';

const NOW = new Date('2026-12-06T09:30:00.123Z');

function request(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    purpose: 'polling-station/sync@1',
    method: 'POST',
    path: '/sync/v1/ballots/push',
    bodySha256: sha256Hex('[]'),
    stationId: 'PS-001',
    timestamp: NOW.toISOString(),
    nonce: 'AAECAwQFBgcICQoLDA0ODw',
    ...overrides,
  };
}

describe('signSyncRequest (main)', () => {
  it('signs the canonical text of a sync request, verifiable with the station key', () => {
    const dir = tempDir();
    const text = syncSigningText({ method: 'GET', path: '/sync/v1/checkins/pull?checkpoint=&limit=500', bodySha256: sha256Hex(''), stationId: 'PS-001', timestamp: NOW.toISOString(), nonce: randomNonce() });
    const signature = signSyncRequestText(dir, text, NOW);
    expect(verifyBytes(utf8(text), signature, loadOrCreateStationKey(dir).publicKey)).toBe(true);
  });

  it.each([
    ['not JSON', 'hello'],
    ['a JSON array', '[1,2]'],
    ['no purpose', canonicalJson({ ...request(), purpose: undefined })],
    ['another purpose', canonicalJson(request({ purpose: 'polling-station/signed-result@1' }))],
    ['a signed result', canonicalJson({ format: 'polling-station/signed-result@1', station: 'PS-001', result: {} })],
    ['a bundle', canonicalJson({ format: 'polling-station/bundle@1', station: 'PS-001' })],
    ['non-canonical JSON', JSON.stringify(request(), null, 2)],
    ['keys out of order', JSON.stringify({ purpose: 'polling-station/sync@1', method: 'POST', path: '/sync/v1/ballots/push', bodySha256: sha256Hex('[]'), stationId: 'PS-001', timestamp: NOW.toISOString(), nonce: 'AAECAwQFBgcICQoLDA0ODw' })],
    ['an extra field', canonicalJson(request({ result: { elected: ['x'] } }))],
    ['a missing field', canonicalJson({ ...request(), nonce: undefined })],
    ['another method', canonicalJson(request({ method: 'DELETE' }))],
    ['a path outside /sync/v1', canonicalJson(request({ path: '/api/package/import' }))],
    ['a bad body hash', canonicalJson(request({ bodySha256: 'abc' }))],
    ['a timestamp without milliseconds', canonicalJson(request({ timestamp: '2026-12-06T09:30:00Z' }))],
    ['a timestamp 6 minutes away', canonicalJson(request({ timestamp: new Date(NOW.getTime() + 6 * 60_000).toISOString() }))],
    ['a short nonce', canonicalJson(request({ nonce: 'AAEC' }))],
  ])('refuses %s', (_what, text) => {
    expect(() => signSyncRequestText(tempDir(), text, NOW)).toThrow(SyncSigningRefused);
  });

  it('a refusal creates no signature and does not touch the key', () => {
    const dir = tempDir();
    const key = loadOrCreateStationKey(dir).publicKey;
    expect(() => signSyncRequestText(dir, canonicalJson({ anything: 'at all' }), NOW)).toThrow(/purpose/);
    expect(loadOrCreateStationKey(dir).publicKey).toBe(key);
  });
});

describe('signBundle (main)', () => {
  function unsignedBundle(stationKey: string) {
    return { format: 'polling-station/bundle@1', station: 'PS-001', electionHash: 'a'.repeat(64), documents: { ballots: [{ id: 'b1' }] }, signedResults: [], exportedAt: NOW.toISOString(), stationKey };
  }

  it('signs a bundle of this station; the signature verifies like every signed object', () => {
    const dir = tempDir();
    const key = loadOrCreateStationKey(dir).publicKey;
    const unsigned = unsignedBundle(key);
    const signed = { ...unsigned, signature: signBundleText(dir, canonicalJson(unsigned)) };
    expect(verifyObject(signed, key)).toBe(true);
  });

  it('refuses a bundle naming another key, with a signature field, or of another format', () => {
    const dir = tempDir();
    const key = loadOrCreateStationKey(dir).publicKey;
    const other = loadOrCreateStationKey(tempDir()).publicKey;
    expect(() => signBundleText(dir, canonicalJson(unsignedBundle(other)))).toThrow(/stationKey/);
    expect(() => signBundleText(dir, canonicalJson({ ...unsignedBundle(key), signature: 'x' }))).toThrow(SyncSigningRefused);
    expect(() => signBundleText(dir, canonicalJson({ ...unsignedBundle(key), format: 'polling-station/signed-result@1' }))).toThrow(SyncSigningRefused);
    expect(() => signBundleText(dir, canonicalJson(request()))).toThrow(SyncSigningRefused);
    // A signed object of another kind cannot be passed off as a bundle.
    const result = signObject({ format: 'polling-station/signed-result@1', station: 'PS-001' }, 'A'.repeat(43));
    expect(() => signBundleText(dir, canonicalJson(result))).toThrow(SyncSigningRefused);
  });
});

describe('the host routes and the HTTP bridge', () => {
  it('sign through POST /api/bridge/signSyncRequest and /api/bridge/signBundle, and answer 400 for anything else', async () => {
    const dataDir = tempDir();
    const host = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir, staticDir: tempDir() });
    try {
      const bridge = createHttpBridge(host.url, host.secret);
      const key = (await bridge.stationKey()).publicKey;
      const text = canonicalJson(request({ timestamp: new Date().toISOString() }));
      expect(verifyBytes(utf8(text), await bridge.signSyncRequest(text, '[]'), key)).toBe(true);
      await expect(bridge.signSyncRequest(canonicalJson({ purpose: 'something else' }))).rejects.toThrow(/Sync signing failed: 400 main refuses to sign/);
      const unsigned = { format: 'polling-station/bundle@1', station: 'PS-001', electionHash: 'b'.repeat(64), documents: {}, signedResults: [], exportedAt: new Date().toISOString(), stationKey: key };
      expect(verifyObject({ ...unsigned, signature: await bridge.signBundle(canonicalJson(unsigned)) }, key)).toBe(true);
      await expect(bridge.signBundle(text)).rejects.toThrow(/Bundle signing failed: 400/);
      const crossSite = await fetch(`${host.url}/api/bridge/signSyncRequest`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'x-station-secret': host.secret }, body: JSON.stringify([text]) });
      expect(crossSite.status).toBe(403);
      const form = await fetch(`${host.url}/api/bridge/signSyncRequest`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-station-secret': host.secret }, body: JSON.stringify([text]) });
      expect(form.status).toBe(415);
    } finally {
      await host.close();
    }
  });

  it('syncSigningBridge serves the same checks in-process', async () => {
    const dir = tempDir();
    const bridge = syncSigningBridge(dir);
    const text = canonicalJson(request({ timestamp: new Date().toISOString() }));
    expect(verifyBytes(utf8(text), await bridge.signSyncRequest(text, '[]'), loadOrCreateStationKey(dir).publicKey)).toBe(true);
    await expect(bridge.signSyncRequest('{}')).rejects.toThrow(SyncSigningRefused);
  });
});

describe('main signs only what it can check against its own records', () => {
  const at = new Date().toISOString();
  const checkin = (voterId: string) => ({ id: `1:${voterId}`, round: 1, voterId, kind: 'inPerson', status: 'issued', issuedAt: 't', clerk: 'c', desk: 'd' });
  const pushText = (collection: string, body: string, method = 'POST') => canonicalJson(request({ timestamp: at, method, path: `/sync/v1/${collection}/push`, bodySha256: sha256Hex(body) }));

  it('a POST is signed only with its body, whose SHA-256 the text names', () => {
    const dir = tempDir();
    expect(() => signSyncRequestText(dir, pushText('ballots', '[]'), new Date(at))).toThrow(/only with its body/);
    expect(() => signSyncRequestText(dir, pushText('ballots', '[]'), new Date(at), '[1]')).toThrow(/bodySha256/);
    const get = canonicalJson(request({ timestamp: at, method: 'GET', path: '/sync/v1/ballots/pull?limit=1', bodySha256: sha256Hex('') }));
    expect(signSyncRequestText(dir, get, new Date(at))).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('pushes of check-ins and ballots are signed only as main\'s journal holds them', async () => {
    const dir = tempDir();
    await stationJournal(dir).append({ kind: 'checkin', record: checkin('V1') });
    const held = JSON.stringify([{ assumedMasterState: null, newDocumentState: { ...checkin('V1'), _rev: '1-a', _meta: { lwt: 1 }, _deleted: false, _attachments: {} } }]);
    expect(signSyncRequestText(dir, pushText('checkins', held), new Date(at), held)).toMatch(/\S/);
    const invented = JSON.stringify([{ assumedMasterState: null, newDocumentState: checkin('V-invented') }]);
    expect(() => signSyncRequestText(dir, pushText('checkins', invented), new Date(at), invented)).toThrow(/not as main's journal holds it/);
    const changed = JSON.stringify([{ assumedMasterState: null, newDocumentState: { ...checkin('V1'), kind: 'proxy' } }]);
    expect(() => signSyncRequestText(dir, pushText('checkins', changed), new Date(at), changed)).toThrow(SyncSigningRefused);
    const ballot = JSON.stringify([{ assumedMasterState: null, newDocumentState: { id: '1:A:1', round: 1, entry: 'A', seq: 1, kind: 'ballot', status: 'blank', at: 't', clerk: 'c', desk: 'd' } }]);
    expect(() => signSyncRequestText(dir, pushText('ballots', ballot), new Date(at), ballot)).toThrow(SyncSigningRefused);
  });
});
