/**
 * Where the OS cannot encrypt the station's keys (Electron's safeStorage unavailable), the station
 * refuses to keep them in a plain file unless the operator started it with
 * `--allow-unprotected-keys` — and every sheet it then signs says the key was stored unprotected
 * (issue 12, item 3). Before, the keys silently went to plain files.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAppArgs } from '../../../main/electron/args';
import { fileKeyStore, keysUnprotected, markKeysUnprotected, plainSecretFiles, STATION_KEY_FILE, usePdfKeyStore, useStationKeyStore, type Sealer } from '../../../main/services/keyStore';
import { chooseKeyStores, UnprotectedKeysRefused } from '../../../main/services/keyStoreSealed';
import { produceStationSheets, sheetsDir } from '../../../main/services/stationSheets';
import { signedScenarios } from '../../shared/sheets/fixtures';
import { journalRound, packageFor } from '../../helpers/journaledCount';
import { run } from './pdf/support';
import { tempDir } from './support';

const noSealer: Sealer = {
  seal: () => Promise.reject(new Error('no encryption')),
  unseal: () => Promise.reject(new Error('no encryption')),
};

afterEach(() => {
  markKeysUnprotected(false);
  useStationKeyStore(fileKeyStore);
  usePdfKeyStore(plainSecretFiles);
});

describe('keys where the OS cannot encrypt them', () => {
  it('refuses to start without the operator\'s flag, and makes no key file', async () => {
    const dataDir = tempDir();
    await expect(chooseKeyStores(dataDir, { encryptionAvailable: false, allowUnprotected: false, sealer: noSealer, warn: () => undefined })).rejects.toThrow(UnprotectedKeysRefused);
    expect(existsSync(join(dataDir, STATION_KEY_FILE))).toBe(false);
    expect(keysUnprotected()).toBe(false);
  });

  it('with --allow-unprotected-keys keeps them in 0600 files, and the sheet says the key was stored unprotected', async () => {
    expect(parseAppArgs(['--allow-unprotected-keys']).allowUnprotectedKeys).toBe(true);
    expect(parseAppArgs([]).allowUnprotectedKeys).toBe(false);
    const dataDir = tempDir();
    const warnings: string[] = [];
    expect(await chooseKeyStores(dataDir, { encryptionAvailable: false, allowUnprotected: true, sealer: noSealer, warn: (m) => warnings.push(m) })).toEqual({ sealed: false });
    expect(existsSync(join(dataDir, STATION_KEY_FILE))).toBe(true);
    expect(keysUnprotected()).toBe(true);
    expect(warnings.join('\n')).toMatch(/0600 files/);
    const scenario = signedScenarios().find((s) => s.name.startsWith('01'))!;
    await journalRound(dataDir, packageFor(scenario.input, 'real'), scenario.input);
    const produced = await produceStationSheets(dataDir, { round: 1, setup: null });
    if (!produced.ok) throw new Error(JSON.stringify(produced.issues));
    const text = (await run('pdftotext', ['-raw', '-enc', 'UTF-8', join(sheetsDir(dataDir), produced.value.files.sheet), '-'], { maxBuffer: 8 * 1024 * 1024 })).stdout;
    expect(text.replace(/\s+/g, '')).toContain('未加密保存');
  }, 60_000);
});
