/**
 * The station a hub serves: the package main accepted last (the journal's last `election`
 * marker — never what the renderer says), its station id and election hash, and this build's
 * version. A desk imports the package text the hub gives it through the normal, checked import.
 */
import type { ElectionPackage } from '../../../shared/election/schemas';
import { journalPath, lastElectionMark, readJournalFile } from '../journal';
import { softwareVersion } from './version';

export interface HubStation {
  readonly stationId: string;
  readonly electionHash: string;
  readonly softwareVersion: string;
  readonly packageText: string;
}

/** The station of the imported package, or null when none is imported yet. */
export function importedHubStation(dataDir: string, version: string = softwareVersion()): HubStation | null {
  const mark = lastElectionMark(readJournalFile(journalPath(dataDir)).lines);
  const pkg = mark?.package as ElectionPackage | null | undefined;
  if (!mark || !pkg || typeof pkg !== 'object' || typeof pkg.station?.id !== 'string') return null;
  return { stationId: pkg.station.id, electionHash: mark.electionHash, softwareVersion: version, packageText: JSON.stringify(pkg) };
}
