/**
 * The station hub as one machine's main sees it (issue 16), one per data folder: standalone, the
 * lead (its hub runs here, server/hub) or a paired desk (desk.ts). The StationBridge's hub
 * methods (bridge.ts) call it; the Node host and Electron resume it at start (a lead's hub
 * listens again with its settings) and close it at the end.
 */
import type { Hub } from '../../../server/hub';
import { issue, ValidationError, type Outcome } from '../../../shared/election/issues';
import type { AnomalyResolutionRequest, HubAnswer, HubLanSettings, HubOfferView, HubPairRequest, HubPairResult, HubStatus } from '../../../shared/hub/bridgeTypes';
import type { Anomaly } from '../../../shared/hub/protocol';
import { HUB_BOUNDS } from '../../../shared/hub/timing';
import { leadAnomalies, leadResolvedAnomalies, resolveLeadAnomaly } from './anomalies';
import { DeskConnection, pairDesk } from './desk';
import { readDeskLink, readLeadSettings, writeLeadSettings, type LeadSettings } from './files';
import { defaultLanHost, nextSettings } from './lan';
import { startLeadHub } from './lead';
import { offerView } from './offer';
import { journalHubRecords } from './journalHub';
import { importedHubStation, type HubStation } from './station';
import { softwareVersion } from './version';

export interface HubServiceOptions {
  /** This build's version (default package.json's); tests give a desk another one. */
  readonly softwareVersion?: string;
  readonly now?: () => Date;
  /** How long a desk waits to connect to the hub before it answers `offline` (default HUB_TIMING.connectMs). */
  readonly offlineAfterMs?: number;
  /** How long a desk waits for the answer once connected before it answers `slow` (default HUB_TIMING.answerMs). */
  readonly slowAfterMs?: number;
  /** Tests: a PGlite dump of a migrated cluster for a new hub database (skips initdb). */
  readonly dbTemplate?: Blob;
}

function refused<T>(code: Parameters<typeof issue>[0], params?: Record<string, string | number>): Outcome<T> {
  return { ok: false, issues: [issue(code, [], params)] };
}

function failure(error: unknown): { readonly detail: string } {
  return { detail: error instanceof Error ? error.message : String(error) };
}

export class HubService {
  private lead: { hub: Hub; station: HubStation } | null = null;
  private desk: DeskConnection | null = null;
  /** One change of the lead's hub at a time (start, restart, relisten, close). */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly dataDir: string,
    private readonly options: HubServiceOptions = {},
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private version(): string {
    return this.options.softwareVersion ?? softwareVersion();
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * At the start of main: a lead's hub listens again with its settings (or `lan`, the
   * command line's `--hub-lan`, which is then kept as the settings); a desk opens its link.
   * A lead without an imported package starts its hub once the import completes.
   */
  resume(lan?: { readonly host: string; readonly port: number }): Promise<void> {
    return this.serial(async () => {
      if (lan) {
        if (readDeskLink(this.dataDir)) throw new Error(`--hub-lan: this data folder is a paired desk (${this.dataDir}); a desk cannot be the lead`);
        writeLeadSettings(this.dataDir, nextSettings({ lan: true, host: lan.host, port: lan.port }, readLeadSettings(this.dataDir), this.now()));
      }
      // The command line's address was just chosen: a failure is the answer. Kept settings fall
      // back to loopback when their address is gone (startLeadHub).
      await this.startLeadIfDue({ lanFallback: lan === undefined });
      this.openDesk();
    });
  }

  /** After an import completed: the lead's hub serves the package just imported. */
  async importCompleted(): Promise<void> {
    await this.serial(() => this.startLeadIfDue({ lanFallback: true }));
  }

  private openDesk(): DeskConnection | null {
    if (this.desk) return this.desk;
    const link = readDeskLink(this.dataDir);
    if (!link) return null;
    this.desk = new DeskConnection(this.dataDir, link, { softwareVersion: this.version(), bounds: { connectMs: this.options.offlineAfterMs ?? HUB_BOUNDS.connectMs, answerMs: this.options.slowAfterMs ?? HUB_BOUNDS.answerMs }, now: () => this.now() });
    return this.desk;
  }

  /** Starts (or restarts, for another package) the lead's hub when the settings say lead and a package is imported. */
  private async startLeadIfDue(how: { readonly lanFallback: boolean }): Promise<Hub | null> {
    if (this.closed) return null;
    const settings = readLeadSettings(this.dataDir);
    if (!settings) return null;
    const station = importedHubStation(this.dataDir, this.version());
    if (!station) return null;
    if (this.lead && this.lead.station.electionHash === station.electionHash && this.lead.station.stationId === station.stationId) return this.lead.hub;
    if (this.lead) {
      await this.lead.hub.close();
      this.lead = null;
    }
    const hub = await startLeadHub(this.dataDir, settings, station, { now: this.options.now, dbTemplate: this.options.dbTemplate, lanFallback: how.lanFallback });
    this.lead = { hub, station };
    return hub;
  }

  /** The running lead hub; started first when the settings say lead and it is not running yet. */
  private async leadHub(): Promise<Hub | null> {
    if (this.lead) return this.lead.hub;
    if (!readLeadSettings(this.dataDir)) return null;
    return this.serial(() => this.startLeadIfDue({ lanFallback: true }));
  }

  async status(): Promise<HubStatus> {
    const desk = this.openDesk();
    if (desk) return desk.status();
    const hub = await this.leadHub();
    const settings = readLeadSettings(this.dataDir);
    if (!hub || !settings) return { role: 'standalone' };
    return {
      role: 'lead',
      url: hub.url,
      fingerprint: hub.fingerprint,
      // Enabled when the hub listens where the settings say (a kept LAN address that is gone
      // falls back to loopback: the lead enables it again).
      lan: { enabled: settings.lan && hub.listen.host === settings.host && hub.listen.port === settings.port, host: settings.host, port: settings.port },
      desks: await hub.desks(),
    };
  }

  enableLead(request: HubLanSettings): Promise<Outcome<HubStatus>> {
    return this.serial(async (): Promise<Outcome<HubStatus>> => {
      const link = readDeskLink(this.dataDir);
      if (link) return refused('hub.isDesk', { deskName: link.deskName, hub: link.hub });
      if (!importedHubStation(this.dataDir, this.version())) return refused('hub.noPackage');
      const before = readLeadSettings(this.dataDir);
      const settings = nextSettings(request, before, this.now());
      const changed = await this.applySettings(settings, before);
      if (!changed.ok) return changed;
      return { ok: true, value: await this.status() };
    });
  }

  /** Listens as `settings` say, then keeps them; a refused address leaves the hub and the settings as they were. */
  private async applySettings(settings: LeadSettings, before: LeadSettings | null): Promise<Outcome<null>> {
    try {
      if (this.lead && before) {
        await this.lead.hub.relisten(settings.lan ? { host: settings.host, port: settings.port } : { host: '127.0.0.1', port: settings.port });
      } else {
        writeLeadSettings(this.dataDir, settings);
        try {
          await this.startLeadIfDue({ lanFallback: false });
        } catch (error) {
          if (before) writeLeadSettings(this.dataDir, before);
          throw error;
        }
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? failure(error).detail;
      return refused('hub.lanUnavailable', { host: settings.host, port: settings.port, detail: code });
    }
    writeLeadSettings(this.dataDir, settings);
    return { ok: true, value: null };
  }

  async offer(): Promise<Outcome<HubOfferView>> {
    const hub = await this.leadHub();
    if (!hub) return refused('hub.notLead');
    const offer = await hub.offer();
    // A hub listening on every address (0.0.0.0) is dialled at this computer's LAN address.
    const url = new URL(offer.hub);
    if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = defaultLanHost();
    return { ok: true, value: await offerView({ ...offer, hub: url.origin }, this.now()) };
  }

  async revoke(deskId: string): Promise<Outcome<HubStatus>> {
    const hub = await this.leadHub();
    if (!hub) return refused('hub.notLead');
    try {
      await hub.revoke(deskId);
    } catch (error) {
      if (error instanceof ValidationError) return { ok: false, issues: error.issues };
      return refused('hub.failed', failure(error));
    }
    return { ok: true, value: await this.status() };
  }

  pair(request: HubPairRequest): Promise<Outcome<HubPairResult>> {
    return this.serial(async (): Promise<Outcome<HubPairResult>> => {
      const link = readDeskLink(this.dataDir);
      if (link) return refused('hub.isDesk', { deskName: link.deskName, hub: link.hub });
      if (readLeadSettings(this.dataDir)) return refused('hub.isLead');
      const paired = await pairDesk(this.dataDir, request, { softwareVersion: this.version(), now: this.now() });
      if (paired.ok) this.openDesk();
      return paired;
    });
  }

  async request(method: 'GET' | 'POST', path: string, body?: string): Promise<HubAnswer> {
    const desk = this.openDesk();
    if (desk) return desk.request(method, path, body);
    const hub = await this.leadHub();
    if (!hub) return { kind: 'standalone' };
    const reply = await hub.handleAsLead({ method, path, body: body ?? '' });
    return { kind: 'answer', status: reply.status, body: reply.body };
  }

  /**
   * On the lead, before main recounts (the sheet): the desks' records the hub holds, written into
   * the lead's journal (journalHub.ts); elsewhere nothing. The number of entries written.
   */
  async journalDeskRecords(): Promise<number> {
    if (readDeskLink(this.dataDir)) return 0;
    const hub = await this.leadHub();
    return hub ? journalHubRecords(this.dataDir, hub) : 0;
  }

  async anomalies(): Promise<readonly Anomaly[]> {
    const hub = await this.leadHub();
    return hub ? leadAnomalies(hub) : [];
  }

  /** On the lead, the resolved anomalies of `round` (the sheet's 异常及处理); elsewhere none. */
  async resolvedAnomalies(round: number): Promise<readonly Anomaly[]> {
    if (readDeskLink(this.dataDir)) return [];
    const hub = await this.leadHub();
    return hub ? leadResolvedAnomalies(hub, round) : [];
  }

  async resolveAnomaly(id: string, resolution: AnomalyResolutionRequest): Promise<Outcome<Anomaly>> {
    const hub = await this.leadHub();
    if (!hub) return refused('hub.notLead');
    return resolveLeadAnomaly(hub, id, resolution, this.now());
  }

  close(): Promise<void> {
    return this.serial(async () => {
      this.closed = true;
      this.desk?.close();
      this.desk = null;
      const lead = this.lead;
      this.lead = null;
      if (lead) await lead.hub.close();
    });
  }
}

const services = new Map<string, HubService>();

/** The hub service of data folder `dataDir` (made on first use; `options` apply when it is made). */
export function hubService(dataDir: string, options?: HubServiceOptions): HubService {
  let service = services.get(dataDir);
  if (!service) {
    service = new HubService(dataDir, options);
    services.set(dataDir, service);
  }
  return service;
}

/** Closes the hub service of `dataDir` (the host's or the app's end); the next use makes a new one. */
export async function closeHubService(dataDir: string): Promise<void> {
  const service = services.get(dataDir);
  if (!service) return;
  services.delete(dataDir);
  await service.close();
}
