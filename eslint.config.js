// ESLint: typescript-eslint's type-aware recommended rules over the whole tree (each file is typed
// by its layer's project, see tsconfig.json), and the layers' import boundaries
// (eslint-plugin-boundaries). Part of `npm test` (`npm run lint`); docs/DECISIONS.md, "Layers, lint
// and the test command".
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The app's layers (folders from the root), most specific first: a file belongs to the first that matches. */
const elements = [
  { type: 'tests', pattern: 'tests', partialMatch: false },
  { type: 'shared', pattern: 'shared', partialMatch: false },
  { type: 'main-electron', pattern: 'main/electron', partialMatch: false },
  { type: 'main', pattern: 'main', partialMatch: false },
  { type: 'server-http', pattern: 'server/http', partialMatch: false },
  { type: 'server-pdf', pattern: 'server/pdf', partialMatch: false },
  { type: 'server-hub', pattern: 'server/hub', partialMatch: false },
  { type: 'dashboard', pattern: 'server/dashboard', partialMatch: false },
  { type: 'server', pattern: 'server', partialMatch: false },
  // Each feature folder is an element of its own: a feature's files may import each other.
  { type: 'feature', pattern: 'renderer/features/*', capture: ['feature'], partialMatch: false },
  { type: 'renderer-ui', pattern: 'renderer/ui', partialMatch: false },
  { type: 'renderer-app', pattern: 'renderer/app', partialMatch: false },
  { type: 'renderer', pattern: 'renderer', partialMatch: false },
  { type: 'demo-data', pattern: 'build/demo', partialMatch: false },
  { type: 'build', pattern: 'build', partialMatch: false },
];

const to = (...types) => ({ to: { element: { types: { anyOf: types } } } });
const allow = (from, ...types) => ({ from: { element: { type: from } }, allow: to(...types) });

/** Who may import whom; anything not listed is refused. */
const policies = [
  // shared/ imports nothing of the app but shared/.
  allow('shared', 'shared'),
  // renderer/: the core (station, db, machine, bridge, i18n) and common UI never reach into a
  // feature; a feature never imports another feature (common pieces go to renderer/ui/).
  allow('renderer', 'renderer', 'shared'),
  allow('renderer-ui', 'renderer', 'shared'),
  allow('feature', 'renderer', 'renderer-ui', 'shared'),
  allow('renderer-app', 'renderer-app', 'feature', 'renderer-ui', 'renderer', 'shared'),
  // The page's entry (renderer/main.tsx) mounts the app.
  { from: { file: { categories: 'entry' } }, allow: to('renderer-app') },
  // main/ never imports renderer/; of server/ only its HTTP toolkit and its PDF renderer. The demo
  // package's district key is a file of build/demo.
  // The station hub (server/hub, issue 16) runs in the lead's main and is a desk's client there.
  allow('main', 'main', 'server-http', 'server-pdf', 'server-hub', 'shared', 'demo-data'),
  allow('main-electron', 'main-electron', 'main', 'server-http', 'server-pdf', 'shared'),
  // server/ never imports renderer/ or main/; the dashboard (a page) only the API's types.
  allow('server', 'server', 'server-http', 'server-pdf', 'server-hub', 'shared'),
  allow('server-hub', 'server-hub', 'server', 'server-http', 'shared'),
  allow('server-http', 'server-http', 'shared'),
  allow('server-pdf', 'shared'),
  { from: { element: { type: 'dashboard' } }, allow: { ...to('server', 'shared'), dependency: { kind: 'type' } } },
  // The build scripts and the tests may import any layer.
  allow('build', 'build', 'demo-data', 'main', 'main-electron', 'shared'),
  allow(
    'tests',
    'tests', 'shared', 'renderer', 'renderer-ui', 'renderer-app', 'feature',
    'main', 'main-electron', 'server', 'server-http', 'server-pdf', 'server-hub', 'dashboard', 'build', 'demo-data',
  ),
];

/** Globals of Node or of the DOM that shared/ must not use (shared/sheets is compiled with both). */
const nodeAndDomGlobals = [
  'process', 'Buffer', 'global', 'require', 'module', '__dirname', '__filename', 'setImmediate',
  'window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'indexedDB',
  'fetch', 'XMLHttpRequest', 'HTMLElement',
].map((name) => ({ name, message: 'shared/ runs in the renderer, in main and on the server alike: pass what it needs in.' }));

export default defineConfig(
  {
    ignores: [
      'node_modules/', 'dist/', 'out/', 'coverage/', '.tsbuild/', 'screenshots/', '.tmp*/', '**/*.tmp.*',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Off everywhere (docs/DECISIONS.md, "Lint"): an async function is how a Promise-returning
      // contract is implemented here (bridges, fakes) even when it awaits nothing; dropping
      // `async` would turn its throws into synchronous ones.
      '@typescript-eslint/require-await': 'off',
      // `const { _meta, ...rest } = doc` drops a field; `_`-named parameters are unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true,
      }],
      // An event handler may be async: React ignores what it returns, and the station's actions
      // answer with an Outcome that the screen shows (useOutcome) rather than rejecting.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // The ideographic space (U+3000) is Chinese typography in the sheets' and screens' text.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true, skipJSXText: true }],
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts', 'server/dashboard/**/*.tsx', 'server/dashboard/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Tests: the same rules, less the no-unsafe-* family (a test reads untyped JSON answers and
    // probes values on purpose — its assertions are the check), unbound-method (spies are passed
    // as `expect(fake.method)`) and prefer-promise-reject-errors (tests reject with odd values on
    // purpose).
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    // The JavaScript configuration files are not in a TypeScript project.
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { module: 'readonly', require: 'readonly', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/files': [{ category: 'entry', pattern: 'renderer/main.tsx' }],
      'boundaries/include': ['shared/**', 'renderer/**', 'main/**', 'server/**', 'build/**', 'tests/**'],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies }],
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only main/electron/ imports electron: pass what a service needs in.' }],
      }],
    },
  },
  {
    // Electron's own modules: the only place that may import electron (and its tests, for its types).
    files: ['main/electron/**', 'tests/main/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**'],
    rules: { 'no-restricted-globals': ['error', ...nodeAndDomGlobals] },
  },
);
