/**
 * The replication with the station hub (issue 16): the station sync of `startStationSync.ts`
 * — the same replications, conflict policy and state — with the hub as its target, through the
 * bridge (`hubClient.ts`). The lead pushes everything it writes and pulls the desks' records; a
 * desk pushes its own records and pulls the rest, but never pushes the lead's polling-day state
 * (`machine`, `setup`, `reconciliation`). There is no stream over the bridge: the hub's heads
 * are asked every 250 ms and a collection whose head moved is pulled (hubHeads.ts; every 5 s in
 * any case), so the lead's close reaches a desk within a second.
 */
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import type { DeskRole } from '../../../shared/hub/protocol';
import { SYNC_COLLECTIONS, type SyncCollectionName } from '../../../shared/station/sync';
import type { StationDatabase } from '../database';
import { createHubSyncClient, hubSend, type ContactListener, type SlowListener } from './hubClient';
import { hubPullTrigger } from './hubHeads';
import { manualNetwork } from './stationSync/environment';
import { startStationSync } from './startStationSync';
import type { StationSync, StationSyncOptions } from './stationSync/types';

/** The lead's polling-day state: only the lead pushes it (the hub refuses it from a desk: hub.leadOnly). */
export const LEAD_ONLY_COLLECTIONS: readonly SyncCollectionName[] = ['machine', 'setup', 'reconciliation'];

/** What a desk of each role writes (the hub refuses the rest): a check-in desk issues, a count desk enters. */
const DESK_WRITES: Readonly<Record<Exclude<DeskRole, 'lead'>, readonly SyncCollectionName[]>> = {
  checkin: ['checkins', 'proxies', 'trips', 'spoiled', 'audit'],
  count: ['ballots', 'countRecords', 'audit'],
};

/**
 * The collections whose hub copy a desk keeps in a conflict: the hub refuses a desk's check-in
 * (or proxy form) that lost to another desk's and keeps the losing one in an anomaly for the
 * 总监票人; the desk's own (later) copy would otherwise win by the district's policy and be pushed
 * again forever. The lead claims every check-in at its hub first, and its district sync shares
 * the collections' handler: it keeps the district's policy.
 */
export function keptAtHubFor(role: DeskRole): readonly SyncCollectionName[] {
  return role === 'lead' ? [] : ['checkins', 'proxies'];
}

/** The collections a machine of `role` pulls but does not push. */
export function pullOnlyFor(role: DeskRole): readonly SyncCollectionName[] {
  if (role === 'lead') return [];
  const writes = new Set(DESK_WRITES[role]);
  return SYNC_COLLECTIONS.filter((name) => !writes.has(name));
}

export interface HubSyncOptions {
  readonly db: StationDatabase;
  readonly stationId: string;
  readonly bridge: Pick<StationBridge, 'hubRequest' | 'signSyncRequest'>;
  readonly role: DeskRole;
  /** Told after every request whether the hub answered (the desk's 离线). */
  readonly onContact?: ContactListener;
  /** Told whether the hub answered slowly (主机响应慢…, not 离线). */
  readonly onSlow?: SlowListener;
  /** Tests: the other options of startStationSync (lock, retry, storage, …). */
  readonly options?: Omit<Partial<StationSyncOptions>, 'db' | 'stationId' | 'serverUrl' | 'bridge' | 'client' | 'name' | 'pullOnly' | 'keepTarget'>;
}

export function startHubSync(options: HubSyncOptions): StationSync {
  return startStationSync({
    liveStreams: 0,
    pullTrigger: hubPullTrigger(hubSend(options.bridge, options.onContact, options.onSlow)),
    // Short: a desk that was offline resumes within a second or two of the hub coming back.
    retry: { base: 500, max: 2000 },
    // The hub is on the station's own network: navigator.onLine says nothing about it; the
    // requests themselves tell (offline answers are failures the sync retries).
    network: manualNetwork(true),
    postResults: false,
    ...options.options,
    db: options.db,
    stationId: options.stationId,
    serverUrl: `hub:${options.stationId}`,
    bridge: options.bridge,
    name: 'hub',
    client: () => createHubSyncClient(options.bridge, options.onContact, options.onSlow),
    pullOnly: pullOnlyFor(options.role),
    keepTarget: keptAtHubFor(options.role),
  });
}
