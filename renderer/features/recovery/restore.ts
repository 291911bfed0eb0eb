/**
 * Restoring main's pending journal recovery into the station database (docs/ELECTRON.md,
 * "Recovery"): check that it fits, store it with `restoreFromJournal`, record it in the audit
 * log, move the polling day past the import, and only then tell main it is consumed.
 *
 * It fits an empty database (the usual case: the browser profile was lost), or one that holds
 * the same election (a restore that was interrupted, or repeated: the package is not stored
 * again and the records are upserted, so restoring twice changes nothing). A database that
 * holds another election is refused, nothing stored.
 */
import type { PendingRecovery, StationBridge } from '../../../shared/bridge/StationBridge';
import { createAuditLog } from '../../db/audit';
import type { StationDatabase } from '../../db/database';
import { restoreFromJournal, type RestoreSummary } from '../../db/journalRecovery';
import { ELECTION_DOC_ID } from '../../db/schemas/election';

export type RestoreRefusal =
  /** The database holds another election (`stored`): nothing is stored. */
  | { readonly code: 'differentElection'; readonly stored: { readonly id: string; readonly title: string } }
  /** The journal has no package (an older journal): there is no roll to restore the records into. */
  | { readonly code: 'noPackage' };

export type RestorePlan = { readonly ok: true; readonly storePackage: boolean } | { readonly ok: false; readonly refusal: RestoreRefusal };

/** Whether (and how) `pending` can be restored into `db`. Reads only. */
export async function planRestore(db: StationDatabase, pending: PendingRecovery): Promise<RestorePlan> {
  const stored = (await db.election.findOne(ELECTION_DOC_ID).exec())?.toJSON() ?? null;
  const election = pending.recovered.election;
  if (stored) {
    if (!election || stored.electionHash !== election.electionHash) {
      return { ok: false, refusal: { code: 'differentElection', stored: { id: stored.election.id, title: stored.election.title } } };
    }
    return { ok: true, storePackage: false };
  }
  if (!election) return { ok: false, refusal: { code: 'noPackage' } };
  return { ok: true, storePackage: true };
}

export class RestoreRefused extends Error {
  constructor(readonly refusal: RestoreRefusal) {
    super(refusal.code === 'differentElection' ? `the station database holds another election (${refusal.stored.id})` : 'the journal holds no election package');
    this.name = 'RestoreRefused';
  }
}

export interface RestoreOptions {
  readonly now: string;
  readonly by: { readonly clerk: string; readonly desk: string };
  /**
   * Called after the records are stored and logged, before main is told: the polling day goes
   * on from the station setup when it was still at the import (the machine's PACKAGE_IMPORTED).
   */
  readonly afterRestore: (summary: RestoreSummary) => Promise<void>;
}

export interface RestoreOutcome extends RestoreSummary {
  readonly consumed: boolean;
}

/**
 * Restores `pending` into `db` (throws RestoreRefused when it does not fit; nothing is stored
 * then), logs `journal.restored`, then consumes it in main.
 */
export async function restorePendingRecovery(db: StationDatabase, bridge: StationBridge, pending: PendingRecovery, options: RestoreOptions): Promise<RestoreOutcome> {
  const plan = await planRestore(db, pending);
  if (!plan.ok) throw new RestoreRefused(plan.refusal);
  const summary = await restoreFromJournal(db, pending.recovered, options.now, { storePackage: plan.storePackage });
  await createAuditLog(db).append({
    type: 'journal.restored',
    data: {
      recovery: pending.id,
      electionId: pending.election?.id ?? null,
      electionHash: pending.election?.electionHash ?? null,
      packageStored: summary.packageStored,
      checkins: summary.checkins,
      ballotDocuments: summary.ballots,
      preparedAt: pending.preparedAt,
    },
    clerk: options.by.clerk,
    desk: options.by.desk,
    at: options.now,
  });
  await options.afterRestore(summary);
  let consumed = false;
  if (bridge.consumeRecovery) {
    await bridge.consumeRecovery(pending.id);
    consumed = true;
  }
  return { ...summary, consumed };
}
