/**
 * A hub for the tests: a fresh `<tmp>/hub` folder, the demo package of a test station, a lead
 * key, a clock the test can move, and PGlite started from the migrated template (no initdb).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, type KeyPair } from '../../../shared/crypto/ed25519';
import { electionHash } from '../../../shared/crypto/hash';
import type { ElectionPackage } from '../../../shared/election/schemas';
import { startHub } from '../../../server/hub/server';
import type { Hub, HubListen, HubStation } from '../../../server/hub/types';
import { pgliteTemplate } from '../helpers/backends';
import { stationPackage } from '../helpers/fixtures';

export const SOFTWARE_VERSION = '1.0.0-test';

export interface TestHub {
  readonly hub: Hub;
  readonly dir: string;
  readonly station: HubStation;
  readonly pkg: ElectionPackage;
  readonly lead: KeyPair;
  /** Move the hub's clock by this many milliseconds (0: real time). */
  skew(ms: number): void;
  /** Start the hub again on the same folder (a restart of the lead). */
  restart(listen?: HubListen): Promise<Hub>;
  close(): Promise<void>;
}

export async function startTestHub(options: { readonly stationId?: string; readonly listen?: HubListen } = {}): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
  const pkg = stationPackage(options.stationId ?? 'S-HUB-01');
  const station: HubStation = { stationId: pkg.station.id, electionHash: electionHash(pkg.election), softwareVersion: SOFTWARE_VERSION, packageText: JSON.stringify(pkg) };
  const lead = generateKeyPair();
  let offset = 0;
  const template = await pgliteTemplate();
  const start = (listen?: HubListen) =>
    startHub({ dataDir: join(dir, 'hub'), station, leadPublicKey: lead.publicKey, now: () => new Date(Date.now() + offset), dbTemplate: template, ...(listen ? { listen } : {}) });
  let hub = await start(options.listen);
  return {
    get hub() {
      return hub;
    },
    dir,
    station,
    pkg,
    lead,
    skew(ms) {
      offset = ms;
    },
    async restart(listen) {
      await hub.close();
      hub = await start(listen);
      return hub;
    },
    async close() {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
