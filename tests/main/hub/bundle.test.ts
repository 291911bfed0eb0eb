/**
 * The lead's station hub in the desktop app (issue 16): the Electron build bundles main with the
 * hub's embedded PostgreSQL (PGlite) and copies PGlite's files next to the bundle; from a folder
 * without node_modules the bundled main starts the hub, shows a pairing QR and answers the lead's
 * own request — and requires nothing but Node's built-ins (and electron).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bundleMain, copyPgliteAssets } from '../../../build/electron/build';
import { tempDir } from '../services/support';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

describe('the bundled lead', () => {
  it('starts its hub from the bundle and the PGlite files copied beside it', async () => {
    const dir = tempDir('hub-bundle-');
    mkdirSync(join(dir, 'station'));
    await bundleMain(join(dir, 'probe.cjs'), join(ROOT, 'tests/main/hub/fixtures/bundledLead.ts'));
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const required = new Set([...readFileSync(join(dir, 'probe.cjs'), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    expect([...required].filter((name) => !builtins.has(name))).toEqual([]);
    copyPgliteAssets(dir);
    // The version the hub compares with its desks' is the app's package.json's (dist/app/package.json).
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'polling-station', version: '9.8.7' }));
    const { stdout } = await run(process.execPath, [join(dir, 'probe.cjs'), join(dir, 'station')], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, timeout: 150_000 });
    expect(JSON.parse(stdout)).toEqual({ role: 'lead', qr: '<svg', hello: 200, version: '9.8.7' });
  }, 180_000);
});
