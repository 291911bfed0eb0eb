/**
 * Where the Electron binary is, without `require('electron')` (which downloads it when it is
 * missing — impossible offline). In order: ELECTRON_OVERRIDE_DIST_PATH (a folder holding the
 * binary, as the electron package itself reads it), then node_modules/electron/dist with the
 * name in node_modules/electron/path.txt (what the package's install step writes). Null when
 * neither holds an executable file.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_NAMES: Readonly<Partial<Record<NodeJS.Platform, string>>> = {
  linux: 'electron',
  win32: 'electron.exe',
  darwin: 'Electron.app/Contents/MacOS/Electron',
};

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathTxt = join(packageDir, 'path.txt');
  const name = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : (DEFAULT_NAMES[platform] ?? 'electron');
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  if (override) {
    const candidate = join(override, name);
    return executable(candidate) ? candidate : null;
  }
  const installed = join(packageDir, 'dist', name);
  return existsSync(pathTxt) && executable(installed) ? installed : null;
}
