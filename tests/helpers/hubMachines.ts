/**
 * Machines of one polling station on loopback addresses (issue 16), each a real host process
 * (`main/host/cli.ts --bind 127.0.0.x --port 0 --data DIR [--hub-lan HOST:PORT]`) with its own
 * data folder, serving the built renderer: the lead on 127.0.0.2 (its hub on the "LAN" there),
 * desks on 127.0.0.3/4/5. Each is talked to through its StationBridge over HTTP, as its renderer
 * does; a machine can be stopped (SIGTERM), killed (-9) and started again on the same folder.
 * Used by tests/e2e/hubDesks*.e2e.test.ts and tests/bench/hubBench.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpBridge } from '../../renderer/bridge/httpBridge';
import type { StationBridge } from '../../shared/bridge/StationBridge';
import type { HubAnswer } from '../../shared/hub/bridgeTypes';
import { HUB_PATH, type PairReply } from '../../shared/hub/protocol';
import type { CheckinRecord } from '../../shared/station/records';

const ROOT = join(import.meta.dirname, '..', '..');
export const LEAD_IP = '127.0.0.2';
export const DESK_IPS = ['127.0.0.3', '127.0.0.4', '127.0.0.5'] as const;

export type Bridge = Required<StationBridge>;

export interface MachineOptions {
  /** Shown in errors: 主机, 发票台 1… */
  readonly name: string;
  readonly bind: string;
  /** The data folder (a new one when absent); kept across restarts. */
  readonly dataDir?: string;
  /** This machine is the lead and its hub listens here. */
  readonly hubLan?: { readonly host: string; readonly port: number };
  /** The host's port (default 0: any); a restart keeps it, so its windows keep their origin and their stored records. */
  readonly port?: number;
  /** The renderer to serve (default dist/renderer). */
  readonly staticDir?: string;
}

export interface Machine {
  readonly name: string;
  readonly bind: string;
  readonly dataDir: string;
  /** `http://127.0.0.x:port` of this start. */
  readonly url: string;
  /** The URL with this start's session secret: what a Chromium page opens. */
  readonly launchUrl: string;
  readonly bridge: Bridge;
  readonly child: ChildProcess;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM and wait for the exit (the host closes its hub and journal). */
  stop(): Promise<void>;
  /** kill -9: nothing closed, nothing flushed beyond what was already confirmed. */
  kill9(): Promise<void>;
}

/** A lead's hub port must be fixed before it starts: desks dial it. */
export { freePort } from './freePort';

export function newDataDir(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), `hub-machine-${name}-`)), 'data');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Starts one machine as a real process; resolves once it printed its launch URL. */
export async function startMachine(options: MachineOptions): Promise<Machine> {
  const dataDir = options.dataDir ?? newDataDir(options.bind);
  const argv = ['--import', 'tsx', join(ROOT, 'main', 'host', 'cli.ts'), '--allow-unprotected-keys', '--bind', options.bind, '--port', String(options.port ?? 0), '--data', dataDir];
  if (options.hubLan) argv.push('--hub-lan', `${options.hubLan.host}:${options.hubLan.port}`);
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, STATION_STATIC_DIR: options.staticDir ?? join(ROOT, 'dist', 'renderer') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let ending = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      // A machine that ends unasked is a finding: say which and why, whatever the test then reports.
      if (!ending) process.stderr.write(`${options.name} (${options.bind}) exited unasked (${code ?? signal}): ${stderr.slice(-4000)}\n`);
      resolve();
    }),
  );
  const launch = await new Promise<URL>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${options.name}: no launch URL within 120 s: ${stderr}`)), 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /Polling Station: (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]!));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${code ?? signal}) before it listened: ${stderr}`));
    });
  });
  const secret = launch.searchParams.get('k') ?? '';
  const signal = async (name: NodeJS.Signals) => {
    ending = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    name: options.name,
    bind: options.bind,
    dataDir,
    url: launch.origin,
    launchUrl: launch.href,
    bridge: createHttpBridge(launch.origin, secret) as Bridge,
    child,
    stderr: () => stderr,
    stop: () => signal('SIGTERM'),
    kill9: () => signal('SIGKILL'),
  };
}

/** The same machine started again on its data folder and port (and, for the lead, its kept hub settings). */
export function restartMachine(machine: Machine, options: Omit<MachineOptions, 'name' | 'bind' | 'dataDir'> = {}): Promise<Machine> {
  return startMachine({ ...options, name: machine.name, bind: machine.bind, dataDir: machine.dataDir, port: Number(new URL(machine.url).port) });
}

export function removeMachineData(machine: Machine): void {
  rmSync(join(machine.dataDir, '..'), { recursive: true, force: true });
}

/** Imports `text` through the bridge as the renderer's import does (check, then complete). */
export async function importThroughBridge(bridge: Bridge, text: string): Promise<void> {
  const checked = await bridge.importPackage(text);
  if (!checked.ok) throw new Error(`import refused: ${JSON.stringify(checked.issues)}`);
  const completed = await bridge.completeImport(text);
  if (!completed.ok) throw new Error(`import not completed: ${JSON.stringify(completed.issues)}`);
}

/** A fresh pairing code's QR text from the lead. */
export async function offerText(lead: Machine): Promise<string> {
  const offer = await lead.bridge.hubOffer();
  if (!offer.ok) throw new Error(`${lead.name}: no pairing offer: ${JSON.stringify(offer.issues)}`);
  return offer.value.offerText;
}

/**
 * Pairs `desk` with `lead` through the desk's bridge (main pairs, pins the certificate, keeps its
 * key) from a fresh QR text, and imports the lead's package in the desk's main. For desks driven
 * by their bridge only; a desk with a Chromium page pairs through 加入主机 instead.
 */
export async function pairThroughBridge(lead: Machine, desk: Machine, deskName: string, role: 'checkin' | 'count' = 'checkin'): Promise<PairReply> {
  const paired = await desk.bridge.hubPair({ offerText: await offerText(lead), deskName, role });
  if (!paired.ok) throw new Error(`${desk.name}: pairing refused: ${JSON.stringify(paired.issues)}`);
  await importThroughBridge(desk.bridge, paired.value.packageText);
  return paired.value.desk;
}

/** A hub answer's status and JSON body; throws when the hub was not reached. */
export function answerOf<T = unknown>(answer: HubAnswer): { readonly status: number; readonly json: T } {
  if (answer.kind !== 'answer') throw new Error(`expected the hub's answer, got ${JSON.stringify(answer)}`);
  return { status: answer.status, json: JSON.parse(answer.body) as T };
}

export type HubDoc = Record<string, unknown> & { readonly id: string };

/** Every document of `collection` the hub holds, pulled through `bridge` by checkpoint. */
export async function pullAll(bridge: Bridge, collection: string): Promise<HubDoc[]> {
  const docs: HubDoc[] = [];
  let checkpoint: unknown = null;
  for (;;) {
    const { status, json } = answerOf<{ documents: HubDoc[]; checkpoint: unknown }>(
      await bridge.hubRequest('GET', `${HUB_PATH}/${collection}/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=200`),
    );
    if (status !== 200) throw new Error(`pull ${collection}: ${status} ${JSON.stringify(json)}`);
    if (json.documents.length === 0) return docs;
    docs.push(...json.documents);
    checkpoint = json.checkpoint;
  }
}

/** An in-person check-in record of round 1 as a desk's renderer writes it. */
export function checkinRecord(voterId: string, desk: string, clerk = `${desk} 登记员`, issuedAt = new Date().toISOString()): CheckinRecord {
  return { id: `1:${voterId}`, round: 1, voterId, kind: 'inPerson', status: 'issued', issuedAt, clerk, desk };
}

/** `POST /hub/v1/checkin` through the machine's bridge (its main signs it and sends it over the pinned link). */
export function claimThrough(bridge: Bridge, record: CheckinRecord): Promise<HubAnswer> {
  return bridge.hubRequest('POST', `${HUB_PATH}/checkin`, JSON.stringify({ record }));
}

/** Push documents as new (the replication's push of records made offline). */
export function pushThrough(bridge: Bridge, collection: string, docs: readonly object[]): Promise<HubAnswer> {
  const rows = docs.map((doc) => ({ assumedMasterState: null, newDocumentState: { _deleted: false, ...doc } }));
  return bridge.hubRequest('POST', `${HUB_PATH}/${collection}/push`, JSON.stringify(rows));
}
