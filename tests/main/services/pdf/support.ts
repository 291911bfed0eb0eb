/** Helpers for the sheet tests: a station key file with the fixed test key, poppler tools. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { STATION_KEY_FORMAT } from '../../../../main/services/keys';
import { publicKeyFromSecret } from '../../../../shared/crypto/ed25519';
import { STATION_SECRET } from '../../../shared/sheets/fixtures';

export const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

/** A new temporary folder; call the returned cleanup in afterAll. */
export function scratch(prefix = 'sheet-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A station key file (the station-key@1 format) holding `secret`. */
export function writeKeyFile(file: string, secret = STATION_SECRET): string {
  mkdirSync(dirname(file), { recursive: true });
  const body = { format: STATION_KEY_FORMAT, publicKey: publicKeyFromSecret(secret), secretKey: secret, createdAt: '2026-11-01T00:00:00.000Z' };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export async function pdftotext(file: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 8 * 1024 * 1024 });
  return stdout;
}

export async function pdfsig(file: string): Promise<string> {
  try {
    const { stdout } = await run('pdfsig', [file]);
    return stdout;
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? String(error);
  }
}

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run --silent <script> -- args…` in the repository, as a reviewer runs it. */
export async function npmRun(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 8 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
