/**
 * Loopback names, for servers that answer this computer only (the station host) or trust it
 * (the district dashboard): a request must name a loopback host in its `Host` header, against
 * DNS rebinding, and a browser page calling from a loopback origin is this computer's.
 */
export const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The host name of a `Host` header, lower-case, without its port (`[::1]` keeps its brackets). */
export function hostnameOf(hostHeader: string | undefined): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec((hostHeader ?? '').trim().toLowerCase());
  return match?.[1] ?? '';
}

export function isLoopbackHost(hostHeader: string | undefined): boolean {
  return LOOPBACK_NAMES.has(hostnameOf(hostHeader));
}

/** An `http:` origin of this computer. */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && LOOPBACK_NAMES.has(url.hostname);
  } catch {
    return false;
  }
}
