/**
 * The host's journal recovery (`startHost({ recoverFromJournal })`, `npm run host --
 * --recover-from-journal`): prepared before it listens, offered by the bridge's pendingRecovery,
 * consumed by consumeRecovery with the validated id (POST /api/bridge/NAME) — the same services as Electron's IPC —
 * and the HTTP bridge (renderer/bridge/httpBridge.ts) over both.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../main/host/server';
import { closeAllJournals, journalPath, stationJournal } from '../../../main/services/journal';
import { createHttpBridge } from '../../../renderer/bridge/httpBridge';
import { tempDir } from '../services/support';

let running: RunningHost | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});
afterAll(() => closeAllJournals());

const checkin = (voterId: string) => ({ id: `1:${voterId}`, round: 1, voterId, kind: 'inPerson', status: 'issued', issuedAt: '2026-12-06T09:00:00+08:00', clerk: 'c', desk: 'd' });

async function dataDirWithJournal(): Promise<{ dataDir: string; staticDir: string }> {
  const root = tempDir('host-recovery-');
  const staticDir = join(root, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>投票站</title>');
  const dataDir = join(root, 'data');
  const journal = stationJournal(dataDir);
  await journal.append({ kind: 'checkin', record: checkin('V1') });
  await journal.append({ kind: 'checkin', record: checkin('V2') });
  await journal.close();
  return { dataDir, staticDir };
}

const post = (url: string, body: string, type = 'application/json') => fetch(url, { method: 'POST', headers: { 'content-type': type, 'x-station-secret': running?.secret ?? '' }, body });

describe('host: journal recovery', () => {
  it('without --recover-from-journal there is nothing to offer', async () => {
    const { dataDir, staticDir } = await dataDirWithJournal();
    running = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir, staticDir });
    expect(running.recovery).toBeNull();
    expect(await (await post(`${running.url}/api/bridge/pendingRecovery`, '[]')).json()).toBeNull();
    expect(await createHttpBridge(running.url, running.secret).pendingRecovery!()).toBeNull();
  });

  it('offers the data folder\'s journal, consumes it once by id, and a restart does not offer it again', async () => {
    const { dataDir, staticDir } = await dataDirWithJournal();
    running = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir, staticDir, recoverFromJournal: '' });
    expect(running.recovery).toMatchObject({ checkins: 2, ballots: 0, torn: false });
    const bridge = createHttpBridge(running.url, running.secret);
    const pending = (await bridge.pendingRecovery!())!;
    expect(pending).toMatchObject({ id: running.recovery!.id, checkins: 2, journal: journalPath(dataDir) });
    expect(pending.recovered.checkins.map((doc) => (doc as { voterId: string }).voterId)).toEqual(['V1', 'V2']);

    // Validated input: not JSON, not an id, not this recovery's id, wrong content type.
    const consume = `${running.url}/api/bridge/consumeRecovery`;
    expect((await post(consume, '{')).status).toBe(400);
    expect((await post(consume, JSON.stringify(['abc']))).status).toBe(400);
    expect((await post(consume, JSON.stringify(['f'.repeat(64)]))).status).toBe(409);
    expect((await post(consume, JSON.stringify([pending.id]), 'text/plain')).status).toBe(415);
    expect((await fetch(consume, { headers: { 'x-station-secret': running.secret } })).status).toBe(405);
    await expect(bridge.consumeRecovery!('f'.repeat(64))).rejects.toThrow(/Journal recovery failed: 409/);
    expect(await bridge.pendingRecovery!()).not.toBeNull();

    await bridge.consumeRecovery!(pending.id);
    expect(await bridge.pendingRecovery!()).toBeNull();
    const again = await post(consume, JSON.stringify([pending.id]));
    expect(await again.json()).toEqual(false);

    await running.close();
    running = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir, staticDir });
    expect(await createHttpBridge(running.url, running.secret).pendingRecovery!()).toBeNull();
  });

  it('--recover-from-journal=FILE reads that journal; a missing journal stops the start with a clear error', async () => {
    const { dataDir, staticDir } = await dataDirWithJournal();
    const other = tempDir('host-recovery-other-');
    running = await startHost({ port: 0, allowUnprotectedKeys: true, dataDir: other, staticDir, recoverFromJournal: journalPath(dataDir) });
    expect((await createHttpBridge(running.url, running.secret).pendingRecovery!())?.checkins).toBe(2);
    await running.close();
    running = undefined;
    await expect(startHost({ port: 0, allowUnprotectedKeys: true, dataDir: tempDir('host-recovery-none-'), staticDir, recoverFromJournal: '' })).rejects.toThrow(/no journal at/);
  });
});
