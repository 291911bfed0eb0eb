/**
 * The day around the desks: importing the election package, confirming the station's setup,
 * and opening, pausing, resuming and closing the polls. Each asks the polling-day gate first and
 * moves the day through it: the audit event is written only for a transition that was stored.
 */
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import { checkSetup } from '../../../shared/rules/polling';
import { ballotStockDifferences, checkBallotStockReason } from '../../../shared/rules/ballotStock';
import { SETUP_ID } from '../../../shared/station/recordIds';
import type { StationSetup } from '../../../shared/station/records';
import type { ImportedPackage } from '../../../shared/bridge/StationBridge';
import { clearStation, openElection, storeImportedPackage } from '../../db/importPackage';
import { stepOf } from '../../machine/pollingDay';
import type { Operator, Outcome } from '../types';
import { hubLinkFor } from '../hubLink';
import { asVoid, done, electionOf, log, refused, roundOf, type ActionContext } from './context';

export async function importPackage(ctx: ActionContext, text: string, reprovision: boolean, by: Operator): Promise<Outcome<ImportedPackage>> {
  // Another window may have imported (and moved on) meanwhile: nothing is stored then.
  if (!(await ctx.actor.allows({ type: 'PACKAGE_IMPORTED' }))) return refused([stale(ctx)]);
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
  const data = { electionId: outcome.value.package.election.id, electionHash: outcome.value.electionHash, districtKey: outcome.value.districtKeyFingerprint, keyStatus: outcome.value.keyStatus };
  // A desk of the station hub (issue 16) follows the lead's day, replicated from the hub: it logs its import only.
  if (hubLinkFor(ctx.bridge).isDesk()) {
    await log(ctx, 'package.imported', data, by);
    return done(outcome.value);
  }
  const moved = await ctx.actor.transition({ type: 'PACKAGE_IMPORTED' }, { type: 'package.imported', data, clerk: by.clerk, desk: by.desk });
  return moved.ok ? done(outcome.value) : moved;
}

/** The day has moved on (in another window): the step it is at now. */
function stale(ctx: ActionContext) {
  return issue('day.stale', [], { step: stepOf(ctx.actor.getSnapshot().value) });
}

/** After a journal restore stored the package again (features/recovery): the day goes on to the setup. */
export async function packageRestored(ctx: ActionContext, by: Operator): Promise<void> {
  if (!(await ctx.actor.allows({ type: 'PACKAGE_IMPORTED' }))) return;
  const stored = await openElection(ctx.db);
  if (!stored) return;
  const data = { electionId: stored.election.id, electionHash: stored.electionHash };
  await ctx.actor.transition({ type: 'PACKAGE_IMPORTED' }, { type: 'package.restored', data, clerk: by.clerk, desk: by.desk });
}

export async function confirmSetup(ctx: ActionContext, setup: StationSetup, by: Operator): Promise<Outcome<readonly ValidationIssue[]>> {
  const stored = await electionOf(ctx);
  const check = checkSetup(setup, stored.election);
  // The stock against the package's allocation and the electorate: a difference needs a reason.
  const registered = await ctx.db.voters.count({ selector: { status: 'registered' } }).exec();
  const stock = { entered: setup.ballotStock, allocated: stored.ballotStock, registered };
  const errors = [...check.errors, ...(check.errors.some((found) => found.path[0] === 'ballotStock') ? [] : checkBallotStockReason(stock, setup.ballotStockReason))];
  if (errors.length > 0) return refused(errors);
  const differences = ballotStockDifferences(stock);
  const ballotStockReason = differences.length > 0 ? setup.ballotStockReason!.trim() : null;
  const event = { type: 'SETUP_CONFIRMED', setup, election: stored.election } as const;
  // Not once the polls are open (another window may have opened them): the setup stays as it was.
  if (!(await ctx.actor.allows(event))) return refused([stale(ctx)]);
  await ctx.db.setup.upsert({
    id: SETUP_ID,
    ...setup,
    scrutineers: [...setup.scrutineers],
    callers: [...setup.callers],
    recorders: [...setup.recorders],
    checkinClerks: [...setup.checkinClerks],
    ballotStockReason,
  });
  const data = {
    ...setup,
    ballotStockReason,
    ...(differences.length > 0 ? { ballotStockDifferences: differences.map((found) => ({ code: found.code, ...found.params })) } : {}),
    warnings: check.warnings.map((w) => w.code),
  };
  const moved = await ctx.actor.transition(event, { type: 'setup.confirmed', data, clerk: by.clerk, desk: by.desk });
  return moved.ok ? done(check.warnings) : moved;
}

type StepEvent = 'EDIT_SETUP' | 'REPROVISION' | 'OPEN_POLLS' | 'PAUSE_POLLS' | 'RESUME_POLLS';

/** A step the machine decides alone: through the gate, audited only when it happened. */
export async function moveDay(ctx: ActionContext, auditType: string, event: StepEvent, by: Operator): Promise<Outcome<void>> {
  return asVoid(await ctx.actor.transition({ type: event }, { type: auditType, data: {}, clerk: by.clerk, desk: by.desk }));
}

/**
 * The chair clears the half-done marks of desks whose window went away with a voter on the card
 * (the mark would stop the close for good). Safe for the ballot account: a desk still there is
 * refused its ballot by the gate once the polls are closed.
 */
export async function abandonCheckins(ctx: ActionContext, by: Operator): Promise<Outcome<void>> {
  const desks = { ...ctx.actor.getSnapshot().context.checkinsInProgress };
  return asVoid(await ctx.actor.transition({ type: 'CHECKINS_ABANDONED' }, { type: 'checkin.abandoned', data: { desks }, clerk: by.clerk, desk: by.desk }));
}

/** Refused while a desk (in any window) has a voter on its confirm card. */
export async function closePolls(ctx: ActionContext, by: Operator): Promise<Outcome<void>> {
  const issued = await ctx.db.checkins.count({ selector: { round: roundOf(ctx), status: 'issued' } }).exec();
  const moved = await ctx.actor.transition(
    { type: 'CLOSE_POLLS' },
    { type: 'polls.closed', data: { issued }, clerk: by.clerk, desk: by.desk },
    {
      refuse: (stored) => {
        const desks = Object.keys(stored.context.checkinsInProgress);
        return desks.length > 0
          ? [issue('polls.checkinInProgress', [], { desks: desks.join('、') })]
          : [issue('day.notAllowed', [], { step: stepOf(stored.value) })];
      },
    },
  );
  return asVoid(moved);
}
