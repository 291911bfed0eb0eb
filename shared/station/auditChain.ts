/**
 * The audit log's hash chain (the renderer appends it, renderer/db/audit.ts; main seals it in
 * the election archive and `verify-archive` checks it): each event is numbered (`seq` 1, 2, 3 …)
 * and hashed together with the previous event's hash:
 *
 *   hash = sha256Hex(canonicalJson(event without `hash`)),  prevHash of seq 1 = '0' × 64.
 *
 * Changing, removing or reordering a stored event breaks the chain at that event.
 */
import { canonicalJson } from '../crypto/canonical';
import { sha256Hex } from '../crypto/hash';
import { auditChainOf, auditId } from './recordIds';
import type { AuditEvent } from './records';

export const GENESIS_HASH = '0'.repeat(64);

/** Where a chain (or a page of it) continues from: the event before the first one checked. */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
}

export const GENESIS: AuditAnchor = { seq: 0, hash: GENESIS_HASH };

export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  return sha256Hex(canonicalJson(event));
}

/**
 * Index of the first event that is out of sequence, not linked to the one before, or whose
 * hash does not match its content; -1 when the chain holds. `events` are in seq order and
 * start right after `after` (by default: the beginning of the log).
 */
export function verifyAuditChain(events: readonly AuditEvent[], after: AuditAnchor = GENESIS, chain = ''): number {
  let previous = after;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as AuditEvent;
    const { hash, ...content } = event;
    const seq = previous.seq + 1;
    if (event.seq !== seq || event.id !== auditId(seq, chain) || event.prevHash !== previous.hash) return index;
    let expected: string;
    try {
      expected = hashAuditEvent(content);
    } catch {
      return index; // content that has no canonical JSON cannot have been hashed
    }
    if (expected !== hash) return index;
    previous = { seq, hash };
  }
  return -1;
}

/** A desk's chain key (issue 16): `d` and 12 hex digits of the SHA-256 of its desk id. */
export function auditChainKey(deskId: string): string {
  return `d${sha256Hex(deskId).slice(0, 12)}`;
}

/**
 * The whole log of a station of several machines: each machine's chain (by its ids,
 * `auditChainOf`) checked from its own beginning, in the order given. Index in `events` of the
 * first event that breaks its chain (or is no audit event); -1 when every chain holds.
 */
export function verifyAuditChains(events: readonly AuditEvent[]): number {
  const chains = new Map<string, number[]>();
  for (let index = 0; index < events.length; index++) {
    const chain = auditChainOf(String((events[index] as AuditEvent).id));
    if (chain === null) return index;
    const indexes = chains.get(chain);
    if (indexes) indexes.push(index);
    else chains.set(chain, [index]);
  }
  let first = -1;
  for (const [chain, indexes] of chains) {
    const broken = verifyAuditChain(
      indexes.map((index) => events[index] as AuditEvent),
      GENESIS,
      chain,
    );
    const at = broken === -1 ? -1 : (indexes[broken] as number);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  return first;
}
