/**
 * Two machines of one station for the renderer's hub tests (issue 16): the real main services of
 * each (the lead's hub on PGlite over HTTPS on loopback, the desk paired with the hub client) and
 * each machine's station database with its replication with the hub.
 *
 * Free RxDB opens at most 13 collections per process and a station has 12: the two machines'
 * databases take turns (`session`: each closed and opened again by name, as a window would
 * reopen it); their main services and the hub run throughout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { closeAllJournals } from '../../../main/services/journal';
import { closeHubService, hubService } from '../../../main/services/hub/service';
import { nodeBridge } from '../../../main/services/nodeBridge';
import { startHubSync } from '../../../renderer/db/replication/hubSync';
import type { StationSync } from '../../../renderer/db/replication/startStationSync';
import { stepOf } from '../../../renderer/machine/pollingDay';
import { hubLinkFor } from '../../../renderer/station/hubLink';
import type { OpenStation } from '../../../renderer/station/openStation';
import type { Operator } from '../../../renderer/station/types';
import type { AuditEvent } from '../../../shared/station/records';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { smallDemoPackage } from '../../e2e/smallPackage';
import { testSetup as setup } from '../../helpers/setup';
import { openTestStation, testDatabase } from '../../helpers/station';
import { pgliteTemplate } from '../../server/helpers/backends';

export const atLead: Operator = { clerk: '冯静', desk: '1号台' };
export const atDesk: Operator = { clerk: '李娜', desk: '发票台 2' };

const dirs: string[] = [];

/** Closes every machine's hub service and journal and removes their data folders (afterAll). */
export async function removeMachines(): Promise<void> {
  for (const dir of dirs) await closeHubService(dir);
  await closeAllJournals();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function dataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const stepAt = (station: OpenStation) => stepOf(station.actor.getSnapshot().value);

export async function auditOf(station: OpenStation): Promise<AuditEvent[]> {
  return (await station.db.audit.find({ sort: [{ seq: 'asc' }] }).exec()).map((doc) => doc.toMutableJSON() as AuditEvent);
}


export interface Machine {
  readonly bridge: StationBridge;
  readonly dbName: string;
  readonly role: 'lead' | 'checkin' | 'count';
}

let dbCounter = 0;

export function machine(role: Machine['role'], dir: string): Machine {
  return { bridge: nodeBridge(dir), dbName: `hub-${role}-${process.pid}-${++dbCounter}-${Date.now()}`, role };
}

export interface SessionOptions {
  /** The bridge the station uses (default the machine's), given the station once it is open. */
  readonly bridge?: (station: () => OpenStation) => StationBridge;
  /** Replicate with the hub (default true). */
  readonly sync?: boolean;
}

/** Opens the machine's station and its replication with the hub (once it has a hub), runs `work`, waits until in sync, closes both. */
export async function session<T>(m: Machine, stationId: string, work: (station: OpenStation) => Promise<T>, options: SessionOptions = {}): Promise<T> {
  let opened: OpenStation | null = null;
  const bridge = options.bridge?.(() => opened as OpenStation) ?? m.bridge;
  const replicate = options.sync !== false;
  const station = await openTestStation(bridge, await testDatabase(m.dbName));
  opened = station;
  const link = hubLinkFor(bridge);
  let sync: StationSync | null = null;
  const startSync = () =>
    (sync ??= startHubSync({ db: station.db, stationId, bridge, role: m.role, onContact: (reached) => link.noteContact(reached), options: { lock: null, storage: null } }));
  if (replicate && link.role() !== null) startSync();
  try {
    const result = await work(station);
    if (replicate && link.role() !== null) {
      startSync();
      if (link.isOnline()) await (sync as StationSync | null)?.awaitInSync();
    }
    return result;
  } finally {
    await (sync as StationSync | null)?.stop();
    await station.close();
  }
}

export async function pairedStation(pkgSize: number, offlineAfterMs = 1500) {
  const leadDir = dataDir('hub-lead-');
  const deskDir = dataDir('hub-desk-');
  hubService(leadDir, { dbTemplate: await pgliteTemplate() });
  hubService(deskDir, { offlineAfterMs });
  const lead = machine('lead', leadDir);
  const desk = machine('checkin', deskDir);
  const pkg = smallDemoPackage(pkgSize);
  const stationId = pkg.station.id;

  // The lead imports, becomes the lead, confirms its setup and opens the polls; the hub gets its day.
  const offerText = await session(lead, stationId, async (station) => {
    expect((await station.actions.importPackage(JSON.stringify(pkg), false, atLead)).ok).toBe(true);
    expect((await lead.bridge.hubEnableLead!({ lan: false })).ok).toBe(true);
    expect((await hubLinkFor(lead.bridge).refresh()).role).toBe('lead');
    expect((await station.actions.confirmSetup(setup, atLead)).ok).toBe(true);
    expect((await station.actions.openPolls(atLead)).ok).toBe(true);
    const offer = await lead.bridge.hubOffer!();
    if (!offer.ok) throw new Error(JSON.stringify(offer.issues));
    return offer.value.offerText;
  });

  // A fresh machine pairs from the QR's text and imports the lead's package; its day follows the lead's.
  await session(desk, stationId, async (station) => {
    const paired = await desk.bridge.hubPair!({ offerText, deskName: atDesk.desk, role: 'checkin' });
    if (!paired.ok) throw new Error(JSON.stringify(paired.issues));
    expect((await hubLinkFor(desk.bridge).refresh()).role).toBe('desk');
    expect((await station.actions.importPackage(paired.value.packageText, false, atDesk)).ok).toBe(true);
    expect(stepAt(station)).toBe('unconfigured'); // a desk's import does not move the day: the lead's does
  });
  return { lead, desk, pkg, stationId, leadDir, deskDir };
}
