/**
 * This machine's place in the station hub (issue 16) as the renderer knows it: standalone, the
 * lead, or a paired desk (`bridge.hubStatus`), and — for a desk — whether the hub answered the
 * last request (the top bar's 离线). One link per bridge (every part of a window asks the same),
 * read synchronously by the gate (a desk follows the lead) and the check-in (claim at the hub).
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import type { StationBridge } from '../../shared/bridge/StationBridge';
import type { HubAnswer, HubStatus } from '../../shared/hub/bridgeTypes';
import type { DeskRole } from '../../shared/hub/protocol';
import { auditChainKey } from '../../shared/station/auditChain';
import { HUB_TIMING } from '../../shared/hub/timing';

export type HubBridge = Pick<StationBridge, 'hubStatus'>;

export interface HubLink {
  readonly status$: Observable<HubStatus>;
  status(): HubStatus;
  /** The hub answered the last request (always true for standalone and the lead's in-process hub). */
  readonly online$: Observable<boolean>;
  isOnline(): boolean;
  /** This machine is a paired desk: it follows the lead's polling-day state. */
  isDesk(): boolean;
  /** What this machine does at the hub: `lead`, the desk's role, or null when standalone. */
  role(): DeskRole | null;
  /** Asks main again (after enabling the lead, pairing, revoking). */
  refresh(): Promise<HubStatus>;
  /** Told by every request to the hub: did it answer? */
  noteContact(reached: boolean): void;
  /** The hub is there but slow to answer (主机响应慢…, not 离线): a request waiting past HUB_TIMING.slowNoticeMs, or a slow answer. */
  readonly slow$: Observable<boolean>;
  noteSlow(slow: boolean): void;
}

const STANDALONE: HubStatus = { role: 'standalone' };

export function createHubLink(bridge: HubBridge): HubLink {
  const status = new BehaviorSubject<HubStatus>(STANDALONE);
  const online = new BehaviorSubject<boolean>(true);
  const slow = new BehaviorSubject<boolean>(false);
  return {
    slow$: slow.asObservable(),
    noteSlow(next) {
      if (status.getValue().role !== 'desk') return;
      if (next !== slow.getValue()) slow.next(next);
    },
    status$: status.asObservable(),
    status: () => status.getValue(),
    online$: online.asObservable(),
    isOnline: () => online.getValue(),
    isDesk: () => status.getValue().role === 'desk',
    role() {
      const current = status.getValue();
      return current.role === 'standalone' ? null : current.role === 'lead' ? 'lead' : current.deskRole;
    },
    async refresh() {
      if (!bridge.hubStatus) return status.getValue();
      const next = await bridge.hubStatus();
      status.next(next);
      if (next.role === 'desk' && next.online !== online.getValue()) online.next(next.online);
      if (next.role !== 'desk' && !online.getValue()) online.next(true);
      return next;
    },
    noteContact(reached) {
      if (status.getValue().role !== 'desk') return;
      if (reached !== online.getValue()) online.next(reached);
    },
  };
}

const links = new WeakMap<object, HubLink>();

/** The window's link for this bridge (made at the first ask). */
export function hubLinkFor(bridge: HubBridge): HubLink {
  let link = links.get(bridge);
  if (!link) {
    link = createHubLink(bridge);
    links.set(bridge, link);
  }
  return link;
}

/** The audit chain this machine appends to: its own as a desk, the lead's ('') otherwise. */
export function auditChainOfMachine(status: HubStatus): string {
  return status.role === 'desk' ? auditChainKey(status.deskId) : '';
}

/**
 * Waits for a request to the hub, telling the link the hub is slow (主机响应慢…) while it is
 * unanswered past HUB_TIMING.slowNoticeMs — a check-in claim, a count table's claim.
 */
export async function withSlowNotice<T>(link: HubLink, request: Promise<T>): Promise<T> {
  const timer = setTimeout(() => link.noteSlow(true), HUB_TIMING.slowNoticeMs);
  try {
    return await request;
  } finally {
    clearTimeout(timer);
    link.noteSlow(false);
  }
}

/** What a claim at the hub (a check-in, a count table) met: no hub, no answer in time, or the hub's answer. */
export type HubPostOutcome = { readonly kind: 'standalone' } | { readonly kind: 'offline'; readonly reason: string } | Extract<HubAnswer, { kind: 'answer' }>;

/**
 * One POST to the hub for a claim, with the link told what happened: 主机响应慢… while it waits,
 * 离线 when the hub could not be reached — but not for one slow answer (the claim is not
 * confirmed, as offline, yet the desk is not 离线 for it) — and back online when it answered.
 */
export async function postToHub(bridge: Pick<StationBridge, 'hubRequest' | 'hubStatus'>, path: string, body: unknown): Promise<HubPostOutcome> {
  const link = hubLinkFor(bridge);
  if (!bridge.hubRequest || link.role() === null) return { kind: 'standalone' };
  const answer = await withSlowNotice(link, bridge.hubRequest('POST', path, JSON.stringify(body)));
  if (answer.kind === 'standalone') return answer;
  if (answer.kind === 'offline') {
    if (answer.slow !== true) link.noteContact(false);
    return { kind: 'offline', reason: answer.reason };
  }
  link.noteContact(true);
  return answer;
}
