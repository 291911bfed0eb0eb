/**
 * `npm start`: the desktop app where Electron can run — build dist/app, then start Electron on
 * it (arguments after `--` go to the app, e.g. `npm start -- --projector`). Where the Electron
 * binary is not installed (it is downloaded from GitHub, which some machines cannot reach), say
 * so in one line and run the same app in the browser instead (`npm run start:web`, which starts
 * the host with `--allow-unprotected-keys`: the operator's command on a machine without Electron,
 * where nothing can encrypt the station's keys — every sheet then says the key was stored
 * unprotected).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildElectronApp, ROOT } from './build';
import { findElectronBinary } from './electronBinary';

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' && command === 'npm' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const binary = findElectronBinary(ROOT);
if (binary === null) {
  process.stdout.write(
    'npm start: no Electron binary on this machine (node_modules/electron/dist is missing and ELECTRON_OVERRIDE_DIST_PATH is not set) — starting the browser build instead (npm run start:web, with --allow-unprotected-keys: its host cannot encrypt the station keys, and every sheet will say so).\n',
  );
  run('npm', ['run', 'start:web']);
} else {
  const out = join(ROOT, 'dist', 'app');
  buildElectronApp({ out, renderer: 'build' }).then(
    () => {
      // ELECTRON_RUN_AS_NODE would make the binary a plain Node: never for the app.
      const { ELECTRON_RUN_AS_NODE: _ignored, ...env } = process.env;
      run(binary, [out, ...process.argv.slice(2)], env);
    },
    (error: unknown) => {
      process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
