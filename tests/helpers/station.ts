/**
 * A station opened in Node: RxDB on fake-indexeddb (the browser's IndexedDB API), the real
 * main-process services called in-process as the bridge, a fresh data folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { nodeBridge } from '../../main/services/nodeBridge';
import type { StationBridge } from '../../shared/bridge/StationBridge';
import { createStationDatabase, validatedStorage, type StationDatabase } from '../../renderer/db/database';
import { openStation, type OpenStation } from '../../renderer/station/openStation';
import type { StationContextValue } from '../../renderer/station/StationContext';
import type { Operator } from '../../renderer/station/types';
import type { ElectionPackage } from '../../shared/election/schemas';
import type { StationSetup } from '../../shared/station/records';

let counter = 0;

export function testStorage() {
  return validatedStorage(getRxStorageDexie({ indexedDB, IDBKeyRange }));
}

export async function testDatabase(name = `test-${process.pid}-${++counter}-${Date.now()}`): Promise<StationDatabase> {
  return createStationDatabase({ name, storage: testStorage() });
}

export function directBridge(dataDir = mkdtempSync(join(tmpdir(), 'station-data-'))): StationBridge {
  return nodeBridge(dataDir);
}

export async function openTestStation(bridge: StationBridge = directBridge(), db?: StationDatabase): Promise<OpenStation> {
  return openStation(bridge, { db: db ?? (await testDatabase()) });
}

/** The package imported, the setup confirmed and the polls opened — each step must succeed. */
export async function openPollsOn(s: OpenStation, pkg: ElectionPackage, setup: StationSetup, by: Operator): Promise<void> {
  const steps = [() => s.actions.importPackage(JSON.stringify(pkg), false, by), () => s.actions.confirmSetup(setup, by), () => s.actions.openPolls(by)];
  for (const [i, step] of steps.entries()) {
    const outcome = await step();
    if (!outcome.ok) throw new Error(`${['import', 'setup', 'open polls'][i]} refused: ${JSON.stringify(outcome).slice(0, 500)}`);
  }
}

/** The station context a screen sees, for a station opened in a test (its view reduced to the station's identity). */
export function stationContextValue(s: OpenStation, bridge: StationBridge, stationId: string, operator: Operator): StationContextValue {
  return {
    view: { info: { station: { id: stationId, name: 'x' } } } as unknown as StationContextValue['view'],
    actor: s.actor,
    actions: s.actions,
    count: null,
    countActions: s.countActions,
    bridge,
    operator,
    setOperator: () => undefined,
    loadAudit: s.loadAudit,
    db: s.db,
  };
}
