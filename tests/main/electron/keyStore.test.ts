/**
 * The station key's stores (main/services/keyStore.ts): the Node host's 0600 file, and the
 * sealed store Electron uses over safeStorage — here with a test sealer (AES-GCM under a
 * fixed key standing in for the OS keyring). keys.ts signs the same through either.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fileKeyStore, SEALED_KEY_FILE, sealedKeyStore, STATION_KEY_FILE, stationKeyStore, useStationKeyStore, type Sealer } from '../../../main/services/keyStore';
import { loadOrCreateStationKey, stationKeyInfo } from '../../../main/services/keys';
import { verifyBytes } from '../../../shared/crypto/ed25519';

const KEY = randomBytes(32);
const testSealer: Sealer = {
  async seal(text) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', KEY, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  },
  async unseal(sealed) {
    const decipher = createDecipheriv('aes-256-gcm', KEY, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  },
};

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'keystore-test-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => useStationKeyStore(fileKeyStore));
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the file store (Node host)', () => {
  it('is the default: station-key.json, mode 0600, create-only', () => {
    expect(stationKeyStore()).toBe(fileKeyStore);
    const dir = scratch();
    const info = stationKeyInfo(dir);
    const file = join(dir, STATION_KEY_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8')).publicKey).toBe(info.publicKey);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(fileKeyStore.create(dir, 'other')).toBe(false);
    expect(stationKeyInfo(dir)).toEqual(info);
  });
});

describe('the sealed store (Electron, safeStorage)', () => {
  it('makes the key in memory, seals it to disk (no secret in clear), and opens it again', async () => {
    const dir = scratch();
    const store = sealedKeyStore(testSealer);
    await store.open(dir);
    useStationKeyStore(store);
    const key = loadOrCreateStationKey(dir);
    await store.flush();
    const sealedFile = join(dir, SEALED_KEY_FILE);
    expect(existsSync(join(dir, STATION_KEY_FILE))).toBe(false);
    const sealed = readFileSync(sealedFile);
    const secret = JSON.parse(store.read(dir)!).secretKey as string;
    expect(sealed.includes(Buffer.from(secret))).toBe(false);
    expect(sealed.includes(Buffer.from('secretKey'))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(sealedFile).mode & 0o777).toBe(0o600);

    // A new process: open the sealed file, the same key signs.
    const reopened = sealedKeyStore(testSealer);
    await reopened.open(dir);
    useStationKeyStore(reopened);
    const again = loadOrCreateStationKey(dir);
    expect(again.publicKey).toBe(key.publicKey);
    const message = new TextEncoder().encode('投票站');
    expect(verifyBytes(message, again.sign(message), key.publicKey)).toBe(true);
  });

  it('seals a plain key file left by the Node host or an older version, then removes it', async () => {
    const dir = scratch();
    const info = stationKeyInfo(dir); // file store
    const store = sealedKeyStore(testSealer);
    await store.open(dir);
    expect(existsSync(join(dir, STATION_KEY_FILE))).toBe(false);
    expect(existsSync(join(dir, SEALED_KEY_FILE))).toBe(true);
    useStationKeyStore(store);
    expect(stationKeyInfo(dir)).toEqual(info);
  });

  it('refuses to go on (and never makes a new key) when the keyring cannot unseal the key', async () => {
    const dir = scratch();
    const store = sealedKeyStore(testSealer);
    await store.open(dir);
    useStationKeyStore(store);
    stationKeyInfo(dir);
    await store.flush();
    const before = readFileSync(join(dir, SEALED_KEY_FILE));
    const otherKeyring: Sealer = { seal: testSealer.seal, unseal: async () => Promise.reject(new Error('Error while decrypting the ciphertext')) };
    await expect(sealedKeyStore(otherKeyring).open(dir)).rejects.toThrow(/cannot be unsealed.*not replaced automatically/s);
    expect(readFileSync(join(dir, SEALED_KEY_FILE))).toEqual(before);
    writeFileSync(join(dir, 'unrelated'), '');
  });
});
