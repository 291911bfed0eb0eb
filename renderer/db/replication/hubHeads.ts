/**
 * When a machine pulls from its station hub (issue 16): one small request every `probeMs` asks
 * the hub for each collection's head (`GET /hub/v1/heads`, its highest sequence number), and a
 * collection pulls only when its head moved — and, in case, every `fallbackMs` anyway. Pulling
 * all twelve collections on every tick was 24 signed requests a second per desk for a hub that
 * mostly had nothing new; now it is 4, and a record reaches the other desks within a probe.
 */
import { catchError, distinctUntilChanged, EMPTY, exhaustMap, filter, from, interval, map, merge, type Observable, share, skip, timer } from 'rxjs';
import { HEADS_PATH, type HubHeads } from '../../../shared/hub/protocol';
import type { ProtocolSend } from './client';
import type { SyncCollectionName } from './protocol';

export const HEADS_PROBE_MS = 250;
export const HEADS_FALLBACK_MS = 5000;

function readHeads(value: unknown): Readonly<Record<string, number>> | null {
  const heads = typeof value === 'object' && value !== null ? (value as Partial<HubHeads>).heads : undefined;
  return typeof heads === 'object' && heads !== null ? heads : null;
}

/** A RESYNC for `name` whenever its head at the hub moves (and the first time it is known), and every `fallbackMs`. */
export function hubPullTrigger(send: ProtocolSend, probeMs = HEADS_PROBE_MS, fallbackMs = HEADS_FALLBACK_MS): (name: SyncCollectionName) => Observable<'RESYNC'> {
  // One probe for every collection of the sync; no probe while the one before is unanswered.
  const heads$ = timer(0, probeMs).pipe(
    exhaustMap(() => from(send('GET', HEADS_PATH)).pipe(catchError(() => EMPTY))),
    map(readHeads),
    filter((heads): heads is Readonly<Record<string, number>> => heads !== null),
    share(),
  );
  return (name) =>
    merge(
      heads$.pipe(
        map((heads) => heads[name] ?? 0),
        distinctUntilChanged(),
        // The replication pulls once when it starts: the first head known is no news.
        skip(1),
      ),
      interval(fallbackMs),
    ).pipe(map(() => 'RESYNC' as const));
}
