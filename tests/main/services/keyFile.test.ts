/**
 * One reader of station key files (main/services/keys.ts): the `sheet` command's `--key` file
 * (signing/stationKeys.ts) is made, read and checked by the same code as the data folder's key,
 * with the same errors.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile, loadOrCreateStationKey, STATION_KEY_FORMAT, stationKeyPath } from '../../../main/services/keys';
import { stationSigner } from '../../../main/services/signing';
import { verifyBytes } from '../../../shared/crypto/ed25519';
import { isPosix, tempDir } from './support';

describe('an explicit key file (--key)', () => {
  it('is made on first use in the data folder\'s format, mode 0600, and signs like it', () => {
    const file = join(tempDir('key-file-'), 'nested', 'k.json');
    const signer = stationSigner({ keyFile: file });
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { format: string; publicKey: string };
    expect(stored.format).toBe(STATION_KEY_FORMAT);
    expect(stored.publicKey).toBe(signer.publicKey);
    if (isPosix) expect(statSync(file).mode & 0o777).toBe(0o600);
    const message = new TextEncoder().encode('x');
    expect(verifyBytes(message, signer.sign(message), signer.publicKey)).toBe(true);
    expect(loadOrCreateKeyFile(file).publicKey).toBe(signer.publicKey);
    // A data folder's key file read as an explicit file is the same key.
    const dir = tempDir('key-file-dir-');
    expect(loadOrCreateKeyFile(stationKeyPath(dir)).publicKey).toBe(loadOrCreateStationKey(dir).publicKey);
  });

  it('a damaged file gives the data folder\'s errors and is never replaced', () => {
    const dir = tempDir('key-file-');
    const file = join(dir, 'k.json');
    writeFileSync(file, '{', { mode: 0o600 });
    expect(() => stationSigner({ keyFile: file })).toThrow(/The station key file .*k\.json is damaged \(not JSON\)/);
    writeFileSync(stationKeyPath(dir), '{');
    expect(() => loadOrCreateStationKey(dir)).toThrow(/is damaged \(not JSON\)/);
    const one = loadOrCreateKeyFile(join(dir, 'one.json')).publicKey;
    const other = JSON.parse(readFileSync(join(dir, 'one.json'), 'utf8')) as Record<string, string>;
    loadOrCreateKeyFile(join(dir, 'two.json'));
    const two = JSON.parse(readFileSync(join(dir, 'two.json'), 'utf8')) as Record<string, string>;
    writeFileSync(file, JSON.stringify({ ...other, secretKey: two.secretKey }), { mode: 0o600 });
    expect(() => stationSigner({ keyFile: file })).toThrow(/publicKey does not belong to secretKey/);
    expect(JSON.parse(readFileSync(file, 'utf8')).publicKey).toBe(one);
  });
});
