/**
 * The pieces of a signed request's headers that the district's sync (server/sync/auth.ts) and
 * the station hub's desks (server/hub/auth.ts) check alike: a header's single value, an ISO
 * timestamp within the clock window, a 16-byte base64url nonce.
 */
import { base64urlDecode } from '../../shared/crypto/encoding';

/** A request's time may differ from the server's clock by this much. */
export const CLOCK_WINDOW_MS = 5 * 60_000;
/** A nonce is kept this long: past the window on either side, its request is refused for its time. */
export const NONCE_TTL_MS = 10 * 60_000;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

/** The header's value when it is given once; undefined when absent or repeated. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** `Date.toISOString()`'s form, to the millisecond, in UTC. */
export function isRequestTimestamp(text: string): boolean {
  return TIMESTAMP.test(text);
}

export function nonceIsWellFormed(nonce: string): boolean {
  try {
    return base64urlDecode(nonce).length === 16;
  } catch {
    return false;
  }
}

/** Whether `timestamp` is within CLOCK_WINDOW_MS of `now`. */
export function withinClockWindow(timestamp: string, now: Date): boolean {
  const at = Date.parse(timestamp);
  return Number.isFinite(at) && Math.abs(at - now.getTime()) <= CLOCK_WINDOW_MS;
}
