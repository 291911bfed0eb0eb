/**
 * "Adding a method = one entry in the contract + its implementation": a fixture contract — the
 * StationBridge's methods plus one new one — is served over IPC (a fake ipcMain, as
 * tests/main/electron/ipc.test.ts) and over HTTP (a real host on 127.0.0.1, and the generated
 * HTTP client) with nothing else written for it: same input checks, same service, same answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { invoke, type ServicesOf } from '../../../shared/bridge/define';
import { BRIDGE_METHODS } from '../../../shared/bridge/methods';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { registerBridgeHandlers, type InvokeEventLike, type IpcMainLike } from '../../../main/electron/ipc';
import { startHost, type RunningHost } from '../../../main/host/server';
import { closeAllJournals } from '../../../main/services/journal';
import { nodeBridge } from '../../../main/services/nodeBridge';
import { createHttpClient } from '../../../renderer/bridge/httpBridge';

/** The fixture: one new entry. */
const FIXTURE = {
  ...BRIDGE_METHODS,
  greet: invoke('Greeting', z.tuple([z.string().min(1).max(20).describe('name'), z.strictObject({ loud: z.boolean() }).optional()])),
} as const;

interface FixtureBridge extends StationBridge {
  greet(name: string, options?: { readonly loud: boolean }): Promise<{ readonly greeting: string }>;
}

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener({ senderFrame: { url: 'app://station/index.html', parent: null } }, ...args);
  }
}

const dirs: string[] = [];
let running: RunningHost | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});
afterAll(async () => {
  await closeAllJournals();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function services(): { readonly all: ServicesOf<typeof FIXTURE>; readonly greet: ReturnType<typeof vi.fn> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'fixture-contract-'));
  dirs.push(dataDir);
  const greet = vi.fn(async (name: string, options?: { readonly loud: boolean }) => ({ greeting: options?.loud ? `你好，${name}！` : `你好，${name}` }));
  return { all: { ...nodeBridge(dataDir), greet }, greet };
}

describe('a method added to a fixture contract', () => {
  it('is served over IPC: channel station:greet, arguments checked by its schema before the service runs', async () => {
    const ipc = new FakeIpcMain();
    const { all, greet } = services();
    const refused: string[] = [];
    registerBridgeHandlers(ipc, all, { contract: FIXTURE, onRefused: (method) => refused.push(method) });

    expect(ipc.handlers.has('station:greet')).toBe(true);
    expect(ipc.handlers.size).toBe(Object.keys(BRIDGE_METHODS).length); // every invoke method, plus greet, minus local sheetUrl
    expect(await ipc.invoke('station:greet', '李华')).toEqual({ greeting: '你好，李华' });
    expect(await ipc.invoke('station:greet', '李华', { loud: true })).toEqual({ greeting: '你好，李华！' });
    await expect(ipc.invoke('station:greet', '')).rejects.toThrow(/greet: invalid name/);
    await expect(ipc.invoke('station:greet', '李华', { loud: 'yes' })).rejects.toThrow(TypeError);
    expect(greet).toHaveBeenCalledTimes(2);
    expect(refused).toEqual(['greet', 'greet']);
    // The StationBridge's own methods are still there.
    expect(typeof (await ipc.invoke('station:demoPackage'))).toBe('string');
  });

  it('is served over HTTP by a real host (POST /api/bridge/greet) and reached by the generated client', async () => {
    const { all, greet } = services();
    running = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir: dirs.at(-1)!, staticDir: mkdtempSync(join(tmpdir(), 'fixture-static-')), bridge: { contract: FIXTURE, services: all } });
    const client = createHttpClient<FixtureBridge>(FIXTURE, running.url, { sheetUrl: (file: string) => `/sheets/${file}` }, running.secret);

    expect(await client.greet('李华')).toEqual({ greeting: '你好，李华' });
    expect(await client.greet('李华', { loud: true })).toEqual({ greeting: '你好，李华！' });
    await expect(client.greet('')).rejects.toThrow(/^Greeting failed: 400 invalid name/);
    expect(greet).toHaveBeenCalledTimes(2);

    const raw = await fetch(`${running.url}/api/bridge/greet`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-station-secret': running.secret }, body: '["王芳"]' });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toEqual({ greeting: '你好，王芳' });
    expect((await fetch(`${running.url}/api/bridge/greet`, { headers: { 'x-station-secret': running.secret } })).status).toBe(405);
    // The station's own methods over the same door, and nothing that is not in the contract.
    expect(typeof (await client.demoPackage())).toBe('string');
    expect((await fetch(`${running.url}/api/bridge/sheetUrl`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-station-secret': running.secret }, body: '["x.pdf"]' })).status).toBe(404);
    expect((await fetch(`${running.url}/api/bridge/toString`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-station-secret': running.secret }, body: '[]' })).status).toBe(404);
  });
});
