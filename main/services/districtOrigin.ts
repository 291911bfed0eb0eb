/**
 * The district server the imported package names (`districtServer`), as a CSP source: the only
 * place besides the app itself that the renderer's sync may connect to (Electron's protocol and
 * the Node host send it in `connect-src`). Read from the journal's last election marker — the
 * package main accepted — never from the renderer.
 */
import { districtOriginOf } from '../../shared/station/sync';
import { journalPath, lastElectionMark, readJournalFile } from './journal';

/** `https://host[:port]` of the imported package's district server, or null (none imported, none named). */
export function importedDistrictOrigin(dataDir: string): string | null {
  const mark = lastElectionMark(readJournalFile(journalPath(dataDir)).lines);
  return districtOriginOf((mark?.package as { districtServer?: unknown } | null | undefined)?.districtServer);
}

/** The `connect-src` sources besides 'self': the district origin, or none. */
export function districtConnectSources(dataDir: string): string[] {
  const origin = importedDistrictOrigin(dataDir);
  return origin === null ? [] : [origin];
}
