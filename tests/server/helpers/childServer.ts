/** The district server as a child process (`server/cli.ts serve`), to be killed and restarted. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export { freePort } from '../../helpers/freePort';

export interface ChildServer {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Start `serve` on `host:port` (127.0.0.1 unless given) with PGlite in `dataDir`, or on PostgreSQL at `databaseUrl`; `env`
 * adds variables for this process only (e.g. DISTRICT_TEST_KILL_AT, server/sync/faults.ts).
 */
export async function startChildServer(options: { port: number; host?: string; dataDir?: string; databaseUrl?: string; env?: Record<string, string> }): Promise<ChildServer> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DISTRICT_TEST_KILL_AT;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  Object.assign(env, options.env);
  const host = options.host ?? '127.0.0.1';
  const args = ['--import', 'tsx', join(ROOT, 'server/cli.ts'), 'serve', '--port', String(options.port), '--host', host, '--no-dashboard'];
  if (options.dataDir) args.push('--data', options.dataDir);
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`child server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('District server running')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`child server exited (${code}):\n${output}`));
    });
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return {
    url: `http://${host}:${options.port}`,
    process: child,
    output: () => output,
    exited,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
