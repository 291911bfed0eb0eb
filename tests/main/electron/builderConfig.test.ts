/**
 * Packaging, offline: electron-builder.yml passes electron-builder's own loader and schema
 * check and holds the options the app needs; `npm run build:electron`'s folder is
 * self-contained (the bundled main runs in plain Node from a folder without node_modules);
 * and `electron-builder --dir` with a stub Electron distribution packs it — an asar with the
 * bundles, the renderer, the fonts and the demo package, no node_modules, the fuses flipped.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectronApp, bundleMain, copyPdfAssets, FONT_FILES } from '../../../build/electron/build';
import { findElectronBinary } from '../../../build/electron/electronBinary';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'builder-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  directories?: { app?: string; output?: string };
  files?: unknown;
  beforeBuild?: string;
  linux?: { target?: string[]; icon?: string };
  win?: { target?: Array<{ target: string }> };
  nsis?: Record<string, unknown>;
  electronFuses?: Record<string, boolean>;
}

describe('electron-builder.yml', () => {
  let config: BuilderConfig;
  beforeAll(async () => {
    const { getConfig } = require('app-builder-lib/out/util/config/config') as { getConfig: (dir: string, file: string | null, extra: null) => Promise<BuilderConfig> };
    config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
  });

  it('passes electron-builder\'s own configuration schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration: (c: unknown, logger: unknown) => Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check is real: an unknown option fails it.
    await expect(validateConfiguration({ ...config, notAnOption: true }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/);
  });

  it('has the app\'s options: id, 投票站, AppImage + deb, NSIS, asar, the bundled app folder, no node_modules, fuses', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('投票站');
    expect(config.asar).toBe(true);
    expect(config.directories?.app).toBe('dist/app');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target?.map((t) => t.target)).toEqual(['nsis']);
    expect(config.linux?.icon && existsSync(join(ROOT, config.linux.icon))).toBe(true);
    expect(JSON.stringify(config.files)).toContain('!**/*.map');
    // The hook that keeps the project's node_modules out of the app.
    expect(config.beforeBuild && existsSync(join(ROOT, config.beforeBuild))).toBe(true);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  it('the icon is build/electron/icon.ts\'s drawing (512×512)', async () => {
    const { drawIcon } = await import('../../../build/electron/icon');
    const { PNG } = await import('pngjs');
    const committed = PNG.sync.read(readFileSync(join(ROOT, 'build/icon.png')));
    const drawn = PNG.sync.read(drawIcon().png);
    expect([committed.width, committed.height]).toEqual([512, 512]);
    expect(Buffer.compare(committed.data, drawn.data)).toBe(0);
    expect(readFileSync(join(ROOT, 'build/icon.svg'), 'utf8')).toBe(drawIcon().svg);
  });

  it('Electron is current (checklist 16; PDF printing needs ≥ 32)', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(45);
    const declared = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
    expect(declared.electron).toBe(version);
    expect(declared['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('the bundled main process', () => {
  it('runs the services from a folder without node_modules (package import, key, journal, a PDF in the Chinese font)', async () => {
    const dir = join(scratch, 'probe');
    mkdirSync(join(dir, 'station'), { recursive: true });
    await bundleMain(join(dir, 'probe.cjs'), join(ROOT, 'tests/main/electron/fixtures/bundleProbe.ts'));
    copyPdfAssets(dir);
    const { stdout } = await run(process.execPath, [join(dir, 'probe.cjs'), join(dir, 'station')], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    expect(JSON.parse(stdout)).toMatchObject({ imported: true, journalLines: 2, pdfHead: '%PDF-' });
  }, 60_000);

  it('main.cjs and preload.cjs require nothing but Node built-ins and electron', async () => {
    const { bundlePreload } = await import('../../../build/electron/build');
    const dir = join(scratch, 'bundles');
    await bundleMain(join(dir, 'main.cjs'));
    await bundlePreload(join(dir, 'preload.cjs'));
    const { builtinModules } = await import('node:module');
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    for (const file of ['main.cjs', 'preload.cjs']) {
      const source = readFileSync(join(dir, file), 'utf8');
      const required = new Set([...source.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
      for (const name of required) expect(builtins.has(name) || name === 'electron', `${file} requires ${name}`).toBe(true);
    }
    const preload = readFileSync(join(dir, 'preload.cjs'), 'utf8');
    expect([...preload.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  }, 60_000);
});

describe('electron-builder --dir with a stub Electron', () => {
  it('packs dist/app offline: the asar holds the app and no node_modules; the fuses are flipped', async () => {
    const app = join(scratch, 'app');
    // npm test builds the renderer first; without that build, vite builds into the app folder.
    const renderer = existsSync(join(ROOT, 'dist/renderer/index.html')) ? { from: join(ROOT, 'dist/renderer') } : ('build' as const);
    await buildElectronApp({ out: app, renderer });
    // A stub Electron distribution: a shell script carrying the fuse wire, as the real binary does.
    const { SENTINEL } = require('@electron/fuses/dist/constants') as { SENTINEL: string };
    const stub = join(scratch, 'electron-dist');
    mkdirSync(join(stub, 'locales'), { recursive: true });
    writeFileSync(join(stub, 'electron'), Buffer.concat([Buffer.from(`#!/bin/sh\n# ${SENTINEL}`), Buffer.from([1, 8]), Buffer.from('11111111\necho stub\n')]));
    chmodSync(join(stub, 'electron'), 0o755);
    const electronVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    writeFileSync(join(stub, 'version'), electronVersion);
    for (const name of ['LICENSE', 'LICENSES.chromium.html', 'locales/en-US.pak', 'locales/zh-CN.pak', 'locales/de.pak']) writeFileSync(join(stub, name), '');
    const release = join(scratch, 'release');
    await run(
      process.execPath,
      [join(ROOT, 'node_modules/electron-builder/cli.js'), '--dir', '--linux', '--x64', `-c.electronDist=${stub}`, `-c.directories.app=${app}`, `-c.directories.output=${release}`],
      { cwd: ROOT, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
    );
    const unpacked = join(release, 'linux-unpacked');
    const asarFile = join(unpacked, 'resources', 'app.asar');
    expect(existsSync(join(unpacked, 'polling-station'))).toBe(true);
    const asar = require('@electron/asar') as { listPackage(file: string): string[]; extractFile(file: string, inner: string): Buffer };
    const files = asar.listPackage(asarFile).map((file) => file.replace(/\\/g, '/'));
    for (const wanted of [
      '/package.json',
      '/main.cjs',
      '/preload.cjs',
      '/renderer/index.html',
      '/data/Helvetica.afm',
      ...FONT_FILES.map((font) => `/fonts/noto-sans-sc/${font}`),
      '/fonts/noto-sans-sc/LICENSE_FONT',
      '/demo/demo-election-package.json',
    ]) {
      expect(files, wanted).toContain(wanted);
    }
    expect(files.filter((file) => file.includes('node_modules'))).toEqual([]);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const pkg = JSON.parse(asar.extractFile(asarFile, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ main: 'main.cjs', productName: '投票站' });
    expect(pkg).not.toHaveProperty('dependencies');
    expect(pkg).not.toHaveProperty('devDependencies');
    // Only the languages the app speaks.
    expect(existsSync(join(unpacked, 'locales', 'de.pak'))).toBe(false);
    // Fuses: runAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on, asar only on, v8 snapshot off, file:// privileges off.
    const { getCurrentFuseWire } = require('@electron/fuses') as { getCurrentFuseWire: (file: string) => Promise<Record<string, unknown>> };
    const wire = await getCurrentFuseWire(join(unpacked, 'polling-station'));
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => String.fromCharCode(wire[i] as number)).join('')).toBe('01001100');
  }, 180_000);
});

describe('finding the Electron binary without downloading it', () => {
  it('ELECTRON_OVERRIDE_DIST_PATH, else node_modules/electron/dist; null when there is none', () => {
    const dir = join(scratch, 'override');
    mkdirSync(dir, { recursive: true });
    expect(findElectronBinary(ROOT, { ELECTRON_OVERRIDE_DIST_PATH: dir }, 'linux')).toBeNull();
    writeFileSync(join(dir, 'electron'), '#!/bin/sh\n');
    chmodSync(join(dir, 'electron'), 0o755);
    if (!existsSync(join(ROOT, 'node_modules/electron/path.txt'))) {
      expect(findElectronBinary(ROOT, { ELECTRON_OVERRIDE_DIST_PATH: dir }, 'linux')).toBe(join(dir, 'electron'));
      expect(findElectronBinary(ROOT, {}, 'linux')).toBeNull();
    }
    expect(findElectronBinary(join(scratch, 'no-project'), {}, 'linux')).toBeNull();
  });
});
