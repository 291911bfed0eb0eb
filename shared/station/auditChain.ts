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
import { auditId } from './recordIds';
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
export function verifyAuditChain(events: readonly AuditEvent[], after: AuditAnchor = GENESIS): number {
  let previous = after;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as AuditEvent;
    const { hash, ...content } = event;
    const seq = previous.seq + 1;
    if (event.seq !== seq || event.id !== auditId(seq) || event.prevHash !== previous.hash) return index;
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
