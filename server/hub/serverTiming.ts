/**
 * The hub's own time for a request (arrival → reply ready: authentication, the transaction, the
 * reply) as a `Server-Timing: hub;dur=…` header, and read back at the desk: the hub commit time
 * apart from the link and the desk's machine (`npm run bench -- hub`).
 */
export function serverTiming(ms: number): string {
  return `hub;dur=${ms.toFixed(2)}`;
}

/** The `hub` duration of a `Server-Timing` header, or undefined. */
export function serverTimingMs(header: string | string[] | undefined): number | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  const match = text === undefined ? null : /(?:^|,)\s*hub;dur=(\d+(?:\.\d+)?)/.exec(text);
  return match ? Number(match[1]) : undefined;
}
