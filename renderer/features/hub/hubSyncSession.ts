/**
 * The window's one replication with the station hub (renderer/db/replication/hubSync.ts):
 * started once this machine is the lead or a desk and an election is stored, restarted when the
 * station or the role changes, kept for the page's lifetime (like the district's sync).
 */
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import type { DeskRole } from '../../../shared/hub/protocol';
import type { StationDatabase } from '../../db/database';
import { startHubSync } from '../../db/replication/hubSync';
import type { StationSync } from '../../db/replication/startStationSync';
import type { HubLink } from '../../station/hubLink';

interface Current {
  readonly key: string;
  readonly db: StationDatabase;
  readonly sync: StationSync;
}

let current: Current | null = null;

export function hubSyncFor(config: {
  readonly db: StationDatabase;
  readonly stationId: string;
  readonly role: DeskRole;
  readonly bridge: StationBridge;
  readonly link: HubLink;
}): StationSync {
  const key = `${config.stationId}\u0001${config.role}`;
  if (current && current.key === key && current.db === config.db) return current.sync;
  if (current) void current.sync.stop();
  const sync = startHubSync({ db: config.db, stationId: config.stationId, bridge: config.bridge, role: config.role, onContact: (reached) => config.link.noteContact(reached), onSlow: (slow) => config.link.noteSlow(slow) });
  current = { key, db: config.db, sync };
  return sync;
}

export function stopHubSync(): Promise<void> {
  const stopping = current?.sync.stop() ?? Promise.resolve();
  current = null;
  return stopping;
}
