/**
 * Filling a station's database again from main's journal (a recovery file of
 * `npm run recover-journal` or the app's `--recover-from-journal`; docs/ELECTRON.md,
 * "Recovery"): the package of the last import is stored again (the roll, the election), then
 * every check-in and ballot document as the journal last recorded it.
 *
 * What the journal does not hold — the station setup, proxies, trips, spoiled ballots, the
 * count's records, the polling-day step — is entered again by the clerks (the audit log of the
 * lost database is gone with it; the journal is the record of what was issued and read).
 */
import { keyFingerprint } from '../../shared/crypto/ed25519';
import { electionHash } from '../../shared/crypto/hash';
import type { ElectionPackage } from '../../shared/election/schemas';
import type { CheckinDoc } from './schemas/checkins';
import type { BallotDoc } from './schemas/count';
import type { StationDatabase } from './database';
import { storeImportedPackage } from './importPackage';
import type { RecoveredJournal } from '../../shared/bridge/StationBridge';

/** The recovery file's shape (main/services/journal/documents.ts RecoveredDocuments). */
export type { RecoveredJournal };

export interface RestoreSummary {
  readonly packageStored: boolean;
  readonly checkins: number;
  readonly ballots: number;
}

function describe(error: unknown): string {
  const { status, documentId } = (error ?? {}) as { status?: number; documentId?: string };
  return `${String(status)} for ${String(documentId)}`;
}

/**
 * Stores the recovered records. With `storePackage` (default true) the package is stored first,
 * which replaces every election record; without it the records are added to what is there.
 */
export async function restoreFromJournal(db: StationDatabase, recovered: RecoveredJournal, now: string, options: { storePackage?: boolean } = {}): Promise<RestoreSummary> {
  if (recovered.format !== 'polling-station/journal-recovery@1') throw new Error(`not a journal recovery file (format ${String(recovered.format)})`);
  let packageStored = false;
  if (recovered.election && options.storePackage !== false) {
    const pkg = recovered.election.package as ElectionPackage;
    const hash = electionHash(pkg.election);
    if (hash !== recovered.election.electionHash) throw new Error('the recovery file\'s package does not match its election hash');
    await storeImportedPackage(db, { package: pkg, electionHash: hash, districtKeyFingerprint: keyFingerprint(pkg.districtKey) }, now);
    packageStored = true;
  }
  const checkins = recovered.checkins as CheckinDoc[];
  const ballots = recovered.ballots as BallotDoc[];
  if (checkins.length > 0) {
    const { error } = await db.checkins.bulkUpsert(checkins.map((doc) => ({ ...doc })));
    if (error.length > 0) throw new Error(`could not restore check-ins: ${describe(error[0])}`);
  }
  if (ballots.length > 0) {
    const { error } = await db.ballots.bulkUpsert(ballots.map((doc) => ({ ...doc })));
    if (error.length > 0) throw new Error(`could not restore ballots: ${describe(error[0])}`);
  }
  return { packageStored, checkins: checkins.length, ballots: ballots.length };
}
