/**
 * The browser build's Node host never encrypts the station's keys (no OS keyring in Node), so —
 * as the Electron app where safeStorage is unavailable — it refuses to start unless the operator
 * allowed plain key files (`--allow-unprotected-keys`, startHost's `allowUnprotectedKeys`), in
 * one line, zh + en; with it, the sheets it produces say the key was stored unprotected. Before,
 * the host kept the keys in plain files and the sheets said nothing (issue 12, item 3).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../main/host/server';
import { closeAllJournals } from '../../../main/services/journal';
import { fileKeyStore, keysUnprotected, markKeysUnprotected, plainSecretFiles, STATION_KEY_FILE, usePdfKeyStore, useStationKeyStore } from '../../../main/services/keyStore';
import { ALLOW_UNPROTECTED_KEYS_FLAG, UnprotectedKeysRefused } from '../../../main/services/keyStoreSealed';
import { createHttpBridge } from '../../../renderer/bridge/httpBridge';
import { signedScenarios } from '../../shared/sheets/fixtures';
import { journalRound, packageFor } from '../../helpers/journaledCount';
import { run } from '../services/pdf/support';
import { tempDir } from '../services/support';

const ROOT = join(import.meta.dirname, '..', '..', '..');

let running: RunningHost | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  await closeAllJournals();
  markKeysUnprotected(false);
  useStationKeyStore(fileKeyStore);
  usePdfKeyStore(plainSecretFiles);
});

function folders(): { dataDir: string; staticDir: string } {
  const root = tempDir('host-keys-');
  const staticDir = join(root, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>投票站</title>');
  return { dataDir: join(root, 'data'), staticDir };
}

describe('the Node host\'s keys', () => {
  it('refuses to start without the operator\'s flag, saying so in one line (zh + en), and makes no key file', async () => {
    const { dataDir, staticDir } = folders();
    const refused = await startHost({ port: 0, dataDir, staticDir, allowUnprotectedKeys: false }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(UnprotectedKeysRefused);
    const message = (refused as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('拒绝以明文文件保存');
    expect(message).toContain('refusing to keep them in a plain file');
    expect(message).toContain(ALLOW_UNPROTECTED_KEYS_FLAG);
    expect(existsSync(join(dataDir, STATION_KEY_FILE))).toBe(false);
    expect(keysUnprotected()).toBe(false);
  });

  it('`npm run host` and `start:web` pass the flag; the CLI without it exits with that one line', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.host).toContain(`main/host/cli.ts ${ALLOW_UNPROTECTED_KEYS_FLAG}`);
    expect(scripts['start:web']).toContain(`main/host/cli.ts ${ALLOW_UNPROTECTED_KEYS_FLAG}`);
    const { dataDir, staticDir } = folders();
    const cli = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'main', 'host', 'cli.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', STATION_DATA_DIR: dataDir, STATION_STATIC_DIR: staticDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.status).toBe(1);
    expect(cli.stdout).toBe('');
    const lines = cli.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('拒绝以明文文件保存');
    expect(lines[0]).toContain(ALLOW_UNPROTECTED_KEYS_FLAG);
    expect(existsSync(join(dataDir, STATION_KEY_FILE))).toBe(false);
  }, 90_000);

  it('with the flag it starts, the keys in 0600 files, and the sheets it produces say the key was stored unprotected', async () => {
    const { dataDir, staticDir } = folders();
    const warnings: string[] = [];
    running = await startHost({ port: 0, dataDir, staticDir, allowUnprotectedKeys: true, warn: (message) => warnings.push(message) });
    expect(existsSync(join(dataDir, STATION_KEY_FILE))).toBe(true);
    expect(warnings.join('\n')).toMatch(/0600 files/);
    const scenario = signedScenarios().find((s) => s.name.startsWith('01'))!;
    await journalRound(dataDir, packageFor(scenario.input, 'real'), scenario.input);
    const bridge = createHttpBridge(running.url, running.secret);
    const produced = await bridge.produceSheets({ round: 1, setup: null });
    if (!produced.ok) throw new Error(JSON.stringify(produced.issues));
    const pdf = await fetch(bridge.sheetUrl(produced.value.files.sheet), { headers: { 'x-station-secret': running.secret } });
    expect(pdf.status).toBe(200);
    const file = join(tempDir('host-sheet-'), 'sheet.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = (await run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { maxBuffer: 8 * 1024 * 1024 })).stdout;
    expect(text.replace(/\s+/g, '')).toContain('未加密保存');
  }, 90_000);
});
