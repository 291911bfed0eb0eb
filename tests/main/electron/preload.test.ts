/**
 * The preload with a fake `electron` module: it exposes exactly one object, `window.station`,
 * with exactly the StationBridge's methods — the invoke ones forwarding their arguments over
 * IPC on `station:NAME`, sheetUrl answered locally — and nothing else.
 */
import { describe, expect, it, vi } from 'vitest';

const exposed: Array<[string, Record<string, unknown>]> = [];
const invoke = vi.fn(async (channel: string, ...args: unknown[]) => ({ channel, args }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
  ipcRenderer: { invoke },
}));

describe('preload', () => {
  it('exposes exactly the StationBridge as window.station', async () => {
    await import('../../../main/electron/preload');
    const { BRIDGE_METHODS, INVOKE_METHODS } = await import('../../../shared/bridge/methods');
    expect(exposed.map(([key]) => key)).toEqual(['station']);
    const api = exposed[0]![1];
    expect(Object.keys(api).sort()).toEqual(Object.keys(BRIDGE_METHODS).sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');

    for (const method of INVOKE_METHODS) {
      invoke.mockClear();
      await expect((api[method] as (...args: unknown[]) => Promise<unknown>)('a', { b: 1 })).resolves.toEqual({ channel: `station:${method}`, args: ['a', { b: 1 }] });
      expect(invoke).toHaveBeenCalledTimes(1);
    }
    invoke.mockClear();
    expect((api.sheetUrl as (file: string) => string)('0f.pdf')).toBe('app://station/sheets/0f.pdf');
    expect(invoke).not.toHaveBeenCalled();
  });
});
