/**
 * Loopback names, for servers that answer this computer only (the station host) or trust it
 * (the district dashboard): a request must name a loopback host in its `Host` header, against
 * DNS rebinding, and a browser page calling from a loopback origin is this computer's.
 */
export const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A loopback host name: one of LOOPBACK_NAMES or any address of 127.0.0.0/8 (a station host bound
 * to 127.0.0.3 stands for another machine in the tests, issue 16).
 */
export function isLoopbackName(name: string): boolean {
  if (LOOPBACK_NAMES.has(name)) return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}

/** The host name of a `Host` header, lower-case, without its port (`[::1]` keeps its brackets). */
export function hostnameOf(hostHeader: string | undefined): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec((hostHeader ?? '').trim().toLowerCase());
  return match?.[1] ?? '';
}

export function isLoopbackHost(hostHeader: string | undefined): boolean {
  return isLoopbackName(hostnameOf(hostHeader));
}

/** An `http:` origin of this computer. */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && isLoopbackName(url.hostname);
  } catch {
    return false;
  }
}
