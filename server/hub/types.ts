/** The station hub's interface (issue 16): what the lead's main starts and talks to. */
import type { DeskSummary, PairingOffer } from '../../shared/hub/protocol';
import type { Db } from '../db/types';

export interface HubStation {
  readonly stationId: string;
  readonly electionHash: string;
  readonly softwareVersion: string;
  /** The signed election package as imported on the lead: desks import the same text. */
  readonly packageText: string;
}

export interface HubListen {
  readonly host: string;
  readonly port: number;
}

export interface HubOptions {
  /** `<data>/hub`: the certificate and key, and the database (`db/`). */
  readonly dataDir: string;
  readonly station: HubStation;
  /** base64url Ed25519: enrolled at start as desk `lead` (role lead). */
  readonly leadPublicKey: string;
  /** Default `{ host: '127.0.0.1', port: 0 }`: this machine only (LAN off). */
  readonly listen?: HubListen;
  readonly now?: () => Date;
  /** Tests: a PGlite `dumpDataDir()` archive of a migrated cluster, to skip initdb (seconds). */
  readonly dbTemplate?: Blob;
}

export interface HubRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query under /hub/v1, e.g. `/hub/v1/hello`. */
  readonly path: string;
  readonly body: string;
}

export interface HubReply {
  readonly status: number;
  /** JSON text; a refusal is the shared error body `{ code, message, issues }` (server/http/io.ts). */
  readonly body: string;
}

/** `GET /hub/v1/hello`: who the desk is to the hub, and what the hub is. */
export interface HelloReply {
  readonly desk: { readonly deskId: string; readonly deskName: string; readonly role: DeskSummary['role'] };
  readonly stationId: string;
  readonly electionHash: string;
  readonly softwareVersion: string;
  readonly time: string;
}

/** `GET /hub/v1/package`. */
export interface PackageReply {
  readonly packageText: string;
}

export interface Hub {
  /** `https://host:port` as desks reach it. */
  readonly url: string;
  readonly fingerprint: string;
  readonly listen: HubListen;
  /** A fresh single-use code (5 minutes) and what the QR holds. */
  offer(): Promise<PairingOffer>;
  desks(): Promise<DeskSummary[]>;
  revoke(deskId: string): Promise<void>;
  /** The lead's own windows, in-process, as the desk `lead` (no TLS, no signature). */
  handleAsLead(request: HubRequest): Promise<HubReply>;
  /** Listen elsewhere (LAN on / off): open connections are closed. */
  relisten(listen: HubListen): Promise<void>;
  readonly db: Db;
  close(): Promise<void>;
}
