/**
 * A desk's side of the station hub (issue 16): pairing (a desk key kept like the station key, the
 * hub's certificate pinned, `<data>/hub/desk.json`) and the link afterwards — every request signed
 * and sent over the pinned TLS connection; a hub that cannot be reached is `offline` within the
 * connection's bound (the desk keeps working, 离线), never a hang; a hub that accepted the
 * connection but answers slowly is waited for up to the answer's bound and is `slow`, not 离线 —
 * until it is slow `slowAnswersOffline` times in a row (shared/hub/timing.ts).
 */
import { HubClient, HubRefusal, pairWithHub } from '../../../server/hub';
import { issue, ValidationError, type Outcome } from '../../../shared/election/issues';
import type { HubAnswer, HubPairRequest, HubPairResult, HubStatus } from '../../../shared/hub/bridgeTypes';
import { decodePairingOffer } from '../../../shared/hub/protocol';
import { HUB_TIMING, type HubBounds } from '../../../shared/hub/timing';
import { ensureDataDir } from '../dataDir';
import { loadOrCreateKeyPair } from '../keys';
import { DESK_FORMAT, hubKeyDir, writeDeskLink, type DeskLink } from './files';
import { importedHubStation } from './station';

export interface DeskOptions {
  readonly softwareVersion: string;
  /** The bounds of a request (shared/hub/timing.ts HUB_BOUNDS; tests shorten them). */
  readonly bounds: HubBounds;
  readonly now: () => Date;
}

/** The desk's own key (`<data>/hub/desk/`), made at its first pairing. */
function deskKey(dataDir: string): { readonly publicKey: string; readonly secretKey: string } {
  return loadOrCreateKeyPair(ensureDataDir(hubKeyDir(dataDir, 'desk')));
}

function failed(error: unknown): Outcome<never> {
  if (error instanceof ValidationError) return { ok: false, issues: error.issues };
  return { ok: false, issues: [issue('hub.failed', [], { detail: error instanceof Error ? error.message : String(error) })] };
}

/** Pairs this machine as a desk; on success the link is kept and the hub's package returned. */
export async function pairDesk(dataDir: string, request: HubPairRequest, options: { readonly softwareVersion: string; readonly now: Date; readonly timeoutMs?: number }): Promise<Outcome<HubPairResult>> {
  const offerText = request.offerText?.trim() ?? '';
  const offer = offerText === '' ? null : decodePairingOffer(offerText);
  if (offerText !== '' && offer === null) return { ok: false, issues: [issue('hub.offerInvalid', ['offerText'])] };
  if (offer === null && (request.hub?.trim() ?? '') === '') return { ok: false, issues: [issue('hub.pairingMissing', ['hub'])] };
  if (offer === null && (request.code?.trim() ?? '') === '') return { ok: false, issues: [issue('hub.pairingMissing', ['code'])] };
  const own = importedHubStation(dataDir, options.softwareVersion);
  try {
    const paired = await pairWithHub({
      ...(offer ? { offer } : { hub: request.hub!, code: request.code! }),
      deskName: request.deskName.trim(),
      role: request.role,
      softwareVersion: options.softwareVersion,
      ...(own ? { own: { stationId: own.stationId, electionHash: own.electionHash } } : {}),
      secretKey: deskKey(dataDir).secretKey,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    // The link afterwards is the DeskConnection's (with its own bound): this one's kept connections go.
    paired.client.close();
    writeDeskLink(dataDir, {
      format: DESK_FORMAT,
      hub: paired.hub,
      fingerprint: paired.fingerprint,
      deskId: paired.desk.deskId,
      deskName: paired.desk.deskName,
      role: paired.desk.role === 'count' ? 'count' : 'checkin',
      stationId: paired.desk.stationId,
      electionHash: paired.desk.electionHash,
      pairedAt: paired.desk.pairedAt,
    });
    return { ok: true, value: { packageText: paired.packageText, desk: paired.desk } };
  } catch (error) {
    return failed(error);
  }
}

/** A paired desk's link to its hub: signed requests, and whether the last one reached the hub. */
export class DeskConnection {
  private readonly client: HubClient;
  private online = false;
  private lastContact: string | null = null;
  /** Slow answers since the last answer or offline. */
  private slowInARow = 0;

  constructor(
    dataDir: string,
    private readonly link: DeskLink,
    private readonly options: DeskOptions,
  ) {
    this.client = new HubClient({
      hub: link.hub,
      fingerprint: link.fingerprint,
      identity: { deskId: link.deskId, secretKey: deskKey(dataDir).secretKey, stationId: link.stationId, electionHash: link.electionHash, softwareVersion: options.softwareVersion },
      bounds: options.bounds,
    });
  }

  status(): HubStatus {
    return { role: 'desk', deskId: this.link.deskId, deskName: this.link.deskName, deskRole: this.link.role, hub: this.link.hub, online: this.online, lastContact: this.lastContact };
  }

  async request(method: 'GET' | 'POST', path: string, body?: string): Promise<HubAnswer> {
    try {
      const outcome = await this.client.request(method, path, body ?? '');
      if (outcome.kind === 'offline' && outcome.slow === true) {
        // The hub is there but slow: not offline on one slow answer; as offline once it stays slow.
        this.slowInARow++;
        if (this.slowInARow < HUB_TIMING.slowAnswersOffline) return outcome;
        this.online = false;
        return { kind: 'offline', reason: outcome.reason };
      }
      this.slowInARow = 0;
      this.online = outcome.kind === 'answer';
      if (outcome.kind === 'offline') return outcome;
      this.lastContact = this.options.now().toISOString();
      return outcome;
    } catch (error) {
      // Another certificate than the one pinned at pairing: nothing was sent; the desk works
      // offline (its records stay here) and the reason says why.
      this.online = false;
      return { kind: 'offline', reason: error instanceof HubRefusal || error instanceof ValidationError ? error.message : String(error) };
    }
  }

  close(): void {
    this.online = false;
    this.client.close();
  }
}
