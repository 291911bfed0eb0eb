/**
 * What the renderer asks main about the hub (issue 16), through the StationBridge
 * (shared/bridge/methods.ts: hubStatus, hubEnableLead, hubOffer, hubRevoke, hubPair, hubRequest,
 * hubAnomalies, hubResolveAnomaly). Pure types.
 */
import type { DeskRole, DeskSummary, PairReply } from './protocol';

/** This machine's place in the station: alone (as before the hub), the lead, or a paired desk. */
export type HubStatus =
  | { readonly role: 'standalone' }
  | {
      readonly role: 'lead';
      readonly url: string;
      readonly fingerprint: string;
      /** Off by default: the hub answers this machine only (loopback). */
      readonly lan: { readonly enabled: boolean; readonly host: string; readonly port: number };
      readonly desks: readonly DeskSummary[];
    }
  | {
      readonly role: 'desk';
      readonly deskId: string;
      readonly deskName: string;
      readonly deskRole: Exclude<DeskRole, 'lead'>;
      readonly hub: string;
      /** The last request reached the hub. */
      readonly online: boolean;
      readonly lastContact: string | null;
    };

export interface HubLanSettings {
  readonly lan: boolean;
  readonly host?: string;
  readonly port?: number;
}

export interface HubOfferView {
  /** The QR's text (encodePairingOffer). */
  readonly offerText: string;
  readonly code: string;
  /** The QR as an SVG document (the `qrcode` package's encoder). */
  readonly qrSvg: string;
  readonly expiresAt: string;
}

/** A desk pairs from the QR's text, or from the hub's address and the code typed by hand. */
export interface HubPairRequest {
  readonly offerText?: string;
  readonly hub?: string;
  readonly code?: string;
  readonly deskName: string;
  readonly role: Exclude<DeskRole, 'lead'>;
}

export interface HubPairResult {
  /** The signed election package the hub holds: the desk imports it like any package. */
  readonly packageText: string;
  readonly desk: PairReply;
}

/** One request to the hub on the renderer's behalf (replication pull/push, a check-in claim). */
export type HubAnswer =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly body: string;
      /** How long the hub took, from the request's arrival to its reply (its `Server-Timing`), when it said. */
      readonly hubMs?: number;
    }
  /**
   * The hub could not be reached: the desk keeps working (离线) — or, `slow`, the hub accepted the
   * connection but did not answer in time: not 离线 (shared/hub/timing.ts).
   */
  | { readonly kind: 'offline'; readonly reason: string; readonly slow?: true }
  /** This machine has no hub (neither lead nor desk). */
  | { readonly kind: 'standalone' };

export interface AnomalyResolutionRequest {
  readonly standing: string | null;
  readonly reason: string;
  readonly clerk: string;
  readonly desk: string;
}
