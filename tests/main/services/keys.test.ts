import { readFileSync, statSync, writeFileSync, chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../shared/crypto/canonical';
import { keyFingerprint, publicKeyFromSecret, verifyBytes } from '../../../shared/crypto/ed25519';
import { verifySignedResult } from '../../../shared/crypto/signed';
import type { CountInput } from '../../../shared/election/schemas';
import { tally } from '../../../shared/rules/count';
import { writeFileAtomic } from '../../../main/services/atomicFile';
import {
  loadOrCreateStationKey,
  signResultWithStationKey,
  signWithStationKey,
  stationKeyInfo,
  stationKeyPath,
} from '../../../main/services/keys';
import { SCENARIO_DIR } from '../../helpers/scenarios';
import { isPosix, tempDir } from './support';

describe('station key', () => {
  it('is created once, on first use, and reused', () => {
    const dir = join(tempDir(), 'data');
    const first = loadOrCreateStationKey(dir);
    const stored = readFileSync(stationKeyPath(dir), 'utf8');
    const second = loadOrCreateStationKey(dir);
    expect(second.publicKey).toBe(first.publicKey);
    expect(readFileSync(stationKeyPath(dir), 'utf8')).toBe(stored);
    expect(stationKeyInfo(dir)).toEqual({ publicKey: first.publicKey, fingerprint: keyFingerprint(first.publicKey) });
    // No temporary files left behind.
    expect(readdirSync(dir)).toEqual(['station-key.json']);
  });

  it('is stored with mode 0600 in a 0700 folder, and the file is a valid key pair', () => {
    const dir = join(tempDir(), 'data');
    const key = loadOrCreateStationKey(dir);
    if (isPosix) {
      expect(statSync(stationKeyPath(dir)).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    const file = JSON.parse(readFileSync(stationKeyPath(dir), 'utf8')) as { publicKey: string; secretKey: string; format: string };
    expect(file.format).toBe('polling-station/station-key@1');
    expect(publicKeyFromSecret(file.secretKey)).toBe(key.publicKey);
  });

  it.runIf(isPosix)('narrows a widened key file back to 0600', () => {
    const dir = tempDir();
    loadOrCreateStationKey(dir);
    chmodSync(stationKeyPath(dir), 0o644);
    loadOrCreateStationKey(dir);
    expect(statSync(stationKeyPath(dir)).mode & 0o777).toBe(0o600);
  });

  it('never hands out the secret key, only a sign function', () => {
    const dir = tempDir();
    const key = loadOrCreateStationKey(dir);
    const { secretKey } = JSON.parse(readFileSync(stationKeyPath(dir), 'utf8')) as { secretKey: string };
    expect(JSON.stringify(key)).not.toContain(secretKey);
    expect(JSON.stringify(stationKeyInfo(dir))).not.toContain(secretKey);
    expect(Object.keys(key).sort()).toEqual(['fingerprint', 'publicKey', 'sign']);
  });

  it('signs bytes that verify under the station public key', () => {
    const dir = tempDir();
    const message = utf8('延风社区 · tally sheet');
    const signature = signWithStationKey(dir, message);
    const { publicKey } = stationKeyInfo(dir);
    expect(verifyBytes(message, signature, publicKey)).toBe(true);
    expect(verifyBytes(utf8('something else'), signature, publicKey)).toBe(false);
    expect(loadOrCreateStationKey(dir).sign(message)).toBe(signature);
  });

  it('signs a result the district can verify', () => {
    const dir = tempDir();
    const input = JSON.parse(readFileSync(join(SCENARIO_DIR, '01-basic-direct.input.json'), 'utf8')) as CountInput;
    const counted = tally(input);
    if (!counted.ok) throw new Error('scenario 01 does not count');
    const result = counted.value;
    const signed = signResultWithStationKey(dir, {
      station: 'hq-yanfeng-01',
      election: input.election,
      result,
      ballots: input.ballots,
      signedAt: '2026-12-06T17:40:00+08:00',
    });
    expect(signed.stationKey).toBe(stationKeyInfo(dir).publicKey);
    expect(verifySignedResult(signed, { stationKey: signed.stationKey, election: input.election, ballots: input.ballots })).toEqual([]);
  });

  it('refuses a damaged key file instead of silently replacing it', () => {
    const dir = tempDir();
    writeFileSync(stationKeyPath(dir), '{"publicKey": "x", "secretKey": "y"}');
    expect(() => loadOrCreateStationKey(dir)).toThrow(/damaged/);
    expect(readFileSync(stationKeyPath(dir), 'utf8')).toBe('{"publicKey": "x", "secretKey": "y"}');
  });
});

describe('atomic file writes', () => {
  it('an exclusive write never replaces an existing file', () => {
    const file = join(tempDir(), 'f.json');
    expect(writeFileAtomic(file, 'first', { exclusive: true })).toBe(true);
    expect(writeFileAtomic(file, 'second', { exclusive: true })).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(writeFileAtomic(file, 'third')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('third');
    if (isPosix) expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
