/**
 * The day around the desks: importing the election package, confirming the station's setup,
 * and opening, pausing, resuming and closing the polls.
 */
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import { checkSetup } from '../../../shared/rules/polling';
import { SETUP_ID } from '../../../shared/station/recordIds';
import type { StationSetup } from '../../../shared/station/records';
import type { ImportedPackage } from '../../bridge/StationBridge';
import { clearStation, openElection, storeImportedPackage } from '../../db/importPackage';
import type { Operator, Outcome } from '../types';
import { done, electionOf, log, refused, roundOf, stepNow, type ActionContext } from './context';

export async function importPackage(ctx: ActionContext, text: string, reprovision: boolean, by: Operator): Promise<Outcome<ImportedPackage>> {
  const checked = await ctx.bridge.importPackage(text, { reprovision });
  if (!checked.ok) return checked;
  await storeImportedPackage(ctx.db, checked.value, ctx.now());
  // Only now, with everything stored, main pins the key and marks its journal (step 2); when it
  // refuses or cannot be reached, what was stored goes again: nothing half-imported stays.
  let outcome: Outcome<ImportedPackage> = checked;
  if (ctx.bridge.completeImport) {
    try {
      outcome = await ctx.bridge.completeImport(text, { reprovision });
    } catch (error) {
      await clearStation(ctx.db).catch(() => undefined);
      throw error;
    }
    if (!outcome.ok) {
      await clearStation(ctx.db);
      return outcome;
    }
  }
  await log(
    ctx,
    'package.imported',
    { electionId: outcome.value.package.election.id, electionHash: outcome.value.electionHash, districtKey: outcome.value.districtKeyFingerprint, keyStatus: outcome.value.keyStatus },
    by,
  );
  ctx.actor.send({ type: 'PACKAGE_IMPORTED' });
  return done(outcome.value);
}

/** After a journal restore stored the package again (features/recovery): the day goes on to the setup. */
export async function packageRestored(ctx: ActionContext, by: Operator): Promise<void> {
  if (stepNow(ctx) !== 'unconfigured') return;
  const stored = await openElection(ctx.db);
  if (!stored) return;
  await log(ctx, 'package.restored', { electionId: stored.election.id, electionHash: stored.electionHash }, by);
  ctx.actor.send({ type: 'PACKAGE_IMPORTED' });
}

export async function confirmSetup(ctx: ActionContext, setup: StationSetup, by: Operator): Promise<Outcome<readonly ValidationIssue[]>> {
  const stored = await electionOf(ctx);
  const check = checkSetup(setup, stored.election);
  if (check.errors.length > 0) return refused(check.errors);
  await ctx.db.setup.upsert({
    id: SETUP_ID,
    ...setup,
    scrutineers: [...setup.scrutineers],
    callers: [...setup.callers],
    recorders: [...setup.recorders],
    checkinClerks: [...setup.checkinClerks],
  });
  await log(ctx, 'setup.confirmed', { ...setup, warnings: check.warnings.map((w) => w.code) }, by);
  ctx.actor.send({ type: 'SETUP_CONFIRMED', setup, election: stored.election });
  return done(check.warnings);
}

type StepEvent = 'EDIT_SETUP' | 'REPROVISION' | 'OPEN_POLLS' | 'PAUSE_POLLS' | 'RESUME_POLLS';

/** A step the machine decides alone: the audit event, then the event. */
export async function moveDay(ctx: ActionContext, auditType: string, event: StepEvent, by: Operator): Promise<void> {
  await log(ctx, auditType, {}, by);
  ctx.actor.send({ type: event });
}

/** Refused while a desk has a voter on its confirm card. */
export async function closePolls(ctx: ActionContext, by: Operator): Promise<Outcome<void>> {
  const { actor, db } = ctx;
  if (!actor.getSnapshot().can({ type: 'CLOSE_POLLS' })) {
    const desks = Object.keys(actor.getSnapshot().context.checkinsInProgress).join('、');
    return refused([issue('polls.checkinInProgress', [], { desks })]);
  }
  await log(ctx, 'polls.closed', { issued: (await db.checkins.find({ selector: { round: roundOf(ctx), status: 'issued' } }).exec()).length }, by);
  actor.send({ type: 'CLOSE_POLLS' });
  return done(undefined);
}
