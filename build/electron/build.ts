/**
 * `npm run build:electron`: the desktop app's folder, self-contained (no node_modules, no dev
 * dependencies), which `electron dist/app` runs and electron-builder packs (electron-builder.yml
 * `directories.app`):
 *
 *   dist/app/package.json        name, productName 投票站, version, main: main.cjs
 *   dist/app/main.cjs            main/electron/main.ts and every service it uses, bundled (esbuild)
 *   dist/app/preload.cjs         main/electron/preload.ts, bundled (sandboxed preload)
 *   dist/app/renderer/           the renderer (vite build into this folder; dist/renderer is left alone)
 *   dist/app/data/*.afm          pdfkit's standard-font metrics (pdfkit reads them next to the bundle)
 *   dist/app/fonts/noto-sans-sc/ the two Noto Sans SC TTFs the sheets use, with their licence (OFL)
 *   dist/app/pglite.{wasm,data}, initdb.wasm  the embedded PostgreSQL of the lead's station hub
 *                                (server/hub, issue 16): PGlite loads them next to the bundle
 *   dist/app/demo/               the demo election package, as a file to import
 *
 * Options: --out=DIR (default dist/app), --skip-renderer (keep DIR/renderer), --renderer-from=DIR
 * (copy an already built renderer instead of building it).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild, type Plugin } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';
export const FONT_FILES = ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf'] as const;

/**
 * `node:module`'s createRequire inside the bundle: server/pdf/render.ts (the PDF renderer main shares with the district) loads pdfmake
 * and finds the font package through it. The shim hands it the bundled pdfmake and the fonts
 * copied next to the bundle; anything else goes to Node's own require.
 */
const moduleShim: Plugin = {
  name: 'station-node-module-shim',
  setup(build) {
    build.onResolve({ filter: /^(node:)?module$/ }, (args) => {
      if (args.namespace === 'station-shim' || args.importer.includes(`${join('node_modules', '')}`)) return undefined;
      return { path: 'node-module', namespace: 'station-shim' };
    });
    build.onLoad({ filter: /.*/, namespace: 'station-shim' }, () => ({
      resolveDir: ROOT,
      loader: 'js',
      contents: `
        const real = require('module');
        const path = require('path');
        const FONT = ${JSON.stringify(`${FONT_PACKAGE}/`)};
        function createRequire(from) {
          const inner = real.createRequire(from);
          const wrapped = (id) => (id === 'pdfmake' ? require('pdfmake') : inner(id));
          wrapped.resolve = (id, options) =>
            id.startsWith(FONT) ? path.join(__dirname, 'fonts', 'noto-sans-sc', id.slice(FONT.length)) : inner.resolve(id, options);
          return wrapped;
        }
        module.exports = { ...real, createRequire, default: { ...real, createRequire } };
      `,
    }));
  },
};

const IMPORT_META_URL = '__station_import_meta_url';

/**
 * Optional requires of bundled packages that the app never reaches, answered inside the bundle
 * (main.cjs requires nothing but Node's built-ins and electron): node-postgres' native binding
 * (`pg.native`; the lead's station hub runs on PGlite, never on a PostgreSQL server) and the
 * WebSocket module of PGlite's emscripten sockets (its database opens no socket; PGlite's
 * prebuilt files call `require("ws")` themselves, so that call is replaced by the same error).
 */
const UNREACHABLE = (name: string) => `throw new Error(${JSON.stringify(`${name} is not part of the app`)})`;
const unreachableOptional: Plugin = {
  name: 'station-unreachable-optional',
  setup(build) {
    build.onResolve({ filter: /^(pg-native|ws)$/ }, (args) => ({ path: args.path, namespace: 'station-unreachable' }));
    build.onLoad({ filter: /.*/, namespace: 'station-unreachable' }, (args) => ({ loader: 'js', contents: `${UNREACHABLE(args.path)};` }));
    build.onLoad({ filter: /[\\/]@electric-sql[\\/]pglite[\\/]dist[\\/][^\\/]+\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('require("ws")')) return undefined;
      return { loader: 'js', contents: source.replaceAll('require("ws")', `(() => { ${UNREACHABLE('ws')}; })()`) };
    });
  },
};

/** Bundles main/electron/main.ts (or another entry) into a CommonJS file for Electron's main process. */
export async function bundleMain(outfile: string, entry = join(ROOT, 'main/electron/main.ts')): Promise<void> {
  await esbuild({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    plugins: [moduleShim, unreachableOptional],
    define: { 'import.meta.url': IMPORT_META_URL },
    banner: { js: `var ${IMPORT_META_URL} = require('url').pathToFileURL(__filename).href;` },
    legalComments: 'linked',
    sourcemap: 'linked',
    logLevel: 'warning',
    logOverride: { 'empty-import-meta': 'silent' },
  });
}

/**
 * The preload needs only the bridge's method names and kinds, not the input schemas (zod) that
 * shared/bridge/methods.ts also holds — main checks the arguments. So its import of that list is
 * answered with the list itself, as data, read from the module at build time: the preload stays tiny.
 */
const bridgeMethodList: Plugin = {
  name: 'station-bridge-method-list',
  setup(build) {
    build.onResolve({ filter: /\/shared\/bridge\/methods$/ }, () => ({ path: 'bridge-methods', namespace: 'station-bridge' }));
    build.onLoad({ filter: /.*/, namespace: 'station-bridge' }, async () => {
      const { BRIDGE_METHODS } = await import('../../shared/bridge/methods');
      const kinds = Object.fromEntries(Object.entries(BRIDGE_METHODS).map(([name, entry]) => [name, { kind: entry.kind }]));
      return { loader: 'js', contents: `export const BRIDGE_METHODS = ${JSON.stringify(kinds)};` };
    });
  },
};

/** Bundles the preload (sandboxed: CommonJS, only `electron` from outside). */
export async function bundlePreload(outfile: string): Promise<void> {
  await esbuild({
    entryPoints: [join(ROOT, 'main/electron/preload.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    plugins: [bridgeMethodList],
    logLevel: 'warning',
  });
}

/** PGlite's files (the station hub's database, issue 16): it finds them next to the bundle. */
export const PGLITE_FILES = ['pglite.wasm', 'pglite.data', 'initdb.wasm'] as const;

export function copyPgliteAssets(out: string): void {
  const dist = join(ROOT, 'node_modules/@electric-sql/pglite/dist');
  for (const name of PGLITE_FILES) cpSync(join(dist, name), join(out, name));
}

/** pdfkit's AFM files next to the bundle, the two sheet fonts with their licence. */
export function copyPdfAssets(out: string): void {
  const pdfkitData = join(ROOT, 'node_modules/pdfkit/js/data');
  mkdirSync(join(out, 'data'), { recursive: true });
  for (const name of readdirSync(pdfkitData)) if (name.endsWith('.afm')) cpSync(join(pdfkitData, name), join(out, 'data', name));
  const fontDir = join(ROOT, 'node_modules', FONT_PACKAGE);
  const target = join(out, 'fonts', 'noto-sans-sc');
  for (const file of [...FONT_FILES, 'package.json', 'LICENSE', 'LICENSE_FONT']) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(fontDir, file), join(target, file));
  }
}

export function writeAppPackageJson(out: string): void {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const app = {
    name: root.name,
    productName: root.productName,
    version: root.version,
    description: root.description,
    author: { name: '投票站 Polling Station', email: 'station@localhost' },
    homepage: 'https://localhost/polling-station',
    license: 'UNLICENSED',
    private: true,
    main: 'main.cjs',
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(app, null, 2)}\n`);
}

async function writeDemoPackage(out: string): Promise<void> {
  const { demoPackageText } = await import('../../main/services/demo');
  mkdirSync(join(out, 'demo'), { recursive: true });
  writeFileSync(join(out, 'demo', 'demo-election-package.json'), demoPackageText('full'));
  writeFileSync(join(out, 'demo', 'demo-small-election-package.json'), demoPackageText('small'));
}

async function buildRenderer(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

export interface BuildOptions {
  readonly out: string;
  readonly renderer: 'build' | 'skip' | { readonly from: string };
}

export async function buildElectronApp(options: BuildOptions): Promise<void> {
  const out = resolve(options.out);
  const rendererOut = join(out, 'renderer');
  const keepRenderer = options.renderer === 'skip' && existsSync(join(rendererOut, 'index.html'));
  for (const name of existsSync(out) ? readdirSync(out) : []) if (!(keepRenderer && name === 'renderer')) rmSync(join(out, name), { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeAppPackageJson(out);
  await Promise.all([bundleMain(join(out, 'main.cjs')), bundlePreload(join(out, 'preload.cjs'))]);
  copyPdfAssets(out);
  copyPgliteAssets(out);
  await writeDemoPackage(out);
  if (options.renderer === 'build') await buildRenderer(rendererOut);
  else if (typeof options.renderer === 'object') cpSync(resolve(options.renderer.from), rendererOut, { recursive: true });
  if (!existsSync(join(rendererOut, 'index.html'))) throw new Error(`no renderer in ${rendererOut}`);
}

const invoked = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  const flag = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const from = flag('renderer-from');
  const started = Date.now();
  buildElectronApp({
    out: flag('out') ?? join(ROOT, 'dist/app'),
    renderer: from ? { from } : process.argv.includes('--skip-renderer') ? 'skip' : 'build',
  }).then(
    () => process.stdout.write(`electron app built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${flag('out') ?? 'dist/app'}\n`),
    (error: unknown) => {
      process.stderr.write(`build:electron: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
