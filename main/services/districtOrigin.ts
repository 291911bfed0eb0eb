/**
 * The district server the imported package names (`districtServer`), as a CSP source: the only
 * place besides the app itself that the renderer's sync may connect to (Electron's protocol and
 * the Node host send it in `connect-src`). Read from the journal's last election marker — the
 * package main accepted — never from the renderer.
 */
import { journalPath, lastElectionMark, readJournalFile } from './journal';

/** `https://host[:port]` of the imported package's district server, or null (none imported, none named). */
export function importedDistrictOrigin(dataDir: string): string | null {
  const mark = lastElectionMark(readJournalFile(journalPath(dataDir)).lines);
  const url = (mark?.package as { districtServer?: unknown } | null | undefined)?.districtServer;
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The `connect-src` sources besides 'self': the district origin, or none. */
export function districtConnectSources(dataDir: string): string[] {
  const origin = importedDistrictOrigin(dataDir);
  return origin === null ? [] : [origin];
}
