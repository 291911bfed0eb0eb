/**
 * Machines of one station on loopback addresses (issue 16): a lead host as a real process
 * (`main/host/cli.ts --bind … --data … --hub-lan …`), desks as hosts in this process, each with
 * its own data folder, all talked to through their StationBridge over HTTP as the renderer does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startHost, type RunningHost } from '../../../main/host/server';
import { hubService } from '../../../main/services/hub/service';
import { createHttpBridge } from '../../../renderer/bridge/httpBridge';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { pgliteTemplate } from '../../server/helpers/backends';
import { tempDir } from '../services/support';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export function staticFolder(): string {
  const dir = tempDir('hub-static-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>投票站</title>');
  return dir;
}

/** The hub's LAN port must be fixed before it starts: desks dial it. */
export { freePort } from '../../helpers/freePort';

/** Whether a TCP connection to host:port is accepted. */
export function tcpReachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Machine {
  readonly url: string;
  readonly bridge: Required<StationBridge>;
  stop(): Promise<void>;
}

/** A station host as a real process: `npm run host` with the hub's flags. */
export async function hostProcess(args: { readonly dataDir: string; readonly bind: string; readonly hubLan?: string }): Promise<Machine & { readonly child: ChildProcess; kill(): Promise<void> }> {
  const argv = ['--import', 'tsx', join(ROOT, 'main', 'host', 'cli.ts'), '--allow-unprotected-keys', '--bind', args.bind, '--port', '0', '--data', args.dataDir];
  if (args.hubLan) argv.push('--hub-lan', args.hubLan);
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, STATION_STATIC_DIR: staticFolder() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const launch = await new Promise<URL>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /Polling Station: (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(new URL(match[1]!));
    });
    child.once('exit', (code) => reject(new Error(`host exited (${code}) before it listened: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const bridge = createHttpBridge(launch.origin, launch.searchParams.get('k')!) as Required<StationBridge>;
  return {
    url: launch.origin,
    bridge,
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A station host in this process on `bind`, its hub database started from a migrated template. */
export async function hostHere(args: { readonly dataDir: string; readonly bind: string; readonly hubLan?: { host: string; port: number } }): Promise<Machine & { readonly host: RunningHost }> {
  hubService(args.dataDir, { dbTemplate: await pgliteTemplate() });
  const host = await startHost({
    port: 0,
    host: args.bind,
    dataDir: args.dataDir,
    staticDir: staticFolder(),
    allowUnprotectedKeys: true,
    warn: () => undefined,
    ...(args.hubLan ? { hubLan: args.hubLan } : {}),
  });
  return { url: host.url, host, bridge: createHttpBridge(host.url, host.secret) as Required<StationBridge>, stop: () => host.close() };
}

export function dataFolder(name: string): string {
  const dir = join(tempDir(`hub-${name}-`), 'data');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Imports `text` through the bridge as the renderer does (check, store, complete); throws on a refusal. */
export async function importThrough(bridge: Required<StationBridge>, text: string): Promise<void> {
  const checked = await bridge.importPackage(text);
  if (!checked.ok) throw new Error(`import refused: ${JSON.stringify(checked.issues)}`);
  const completed = await bridge.completeImport(text);
  if (!completed.ok) throw new Error(`import not completed: ${JSON.stringify(completed.issues)}`);
}
