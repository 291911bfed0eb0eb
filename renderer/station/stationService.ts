/**
 * The station's actions: each asks the polling-day gate (renderer/machine/gate.ts), checks the
 * rules of shared/rules against the records in RxDB, writes its records and an audit event, and
 * moves the day only through the gate.
 * Uniqueness that must hold across desks is enforced by document ids (one check-in per voter
 * and round, one proxy slot per holder and number), so two desks cannot both win a race.
 *
 * The parts live in ./actions: the check-in desk (checkin.ts), proxies, mobile box trips, the
 * polls and the setup (polls.ts), and the reconciliation at the close; this puts them together.
 */
import type { StationBridge } from '../../shared/bridge/StationBridge';
import type { AuditLog } from '../db/audit';
import type { StationDatabase } from '../db/database';
import type { PollingDayGate } from '../machine/gate';
import { beginCheckin, endCheckin, issueBallot, replaceSpoiled, undoCheckin } from './actions/checkin';
import { roundOf, type ActionContext } from './actions/context';
import { resolveAnomaly, resolvedBallotsBeyondCheckins } from './actions/hubAnomalies';
import { abandonCheckins, closePolls, confirmSetup, importPackage, moveDay, packageRestored } from './actions/polls';
import { entrust } from './actions/proxies';
import { reconcile } from './actions/reconciliation';
import { departTrip, returnTrip, serveByTrip } from './actions/trips';
import type { StationActions } from './types';

export interface StationServiceDeps {
  readonly db: StationDatabase;
  readonly audit: AuditLog;
  readonly actor: PollingDayGate;
  readonly bridge: StationBridge;
  readonly now?: () => string;
}

export function createStationService(deps: StationServiceDeps): StationActions {
  const ctx: ActionContext = { db: deps.db, audit: deps.audit, actor: deps.actor, bridge: deps.bridge, now: deps.now ?? (() => new Date().toISOString()) };
  return {
    importPackage: (text, reprovision, by) => importPackage(ctx, text, reprovision, by),
    packageRestored: (by) => packageRestored(ctx, by),
    confirmSetup: (setup, by) => confirmSetup(ctx, setup, by),
    editSetup: (by) => moveDay(ctx, 'setup.reopened', 'EDIT_SETUP', by),
    reprovision: (by) => moveDay(ctx, 'station.reprovision', 'REPROVISION', by),
    openPolls: (by) => moveDay(ctx, 'polls.opened', 'OPEN_POLLS', by),
    pausePolls: (by) => moveDay(ctx, 'polls.paused', 'PAUSE_POLLS', by),
    resumePolls: (by) => moveDay(ctx, 'polls.resumed', 'RESUME_POLLS', by),
    closePolls: (by) => closePolls(ctx, by),
    abandonCheckins: (by) => abandonCheckins(ctx, by),
    beginCheckin: (voterId, by) => void beginCheckin(ctx, voterId, by),
    endCheckin: (by) => void endCheckin(ctx, by),
    checkIn: (voterId, by) => issueBallot(ctx, voterId, by, 'inPerson'),
    entrust: (request, by) => entrust(ctx, request, by),
    departTrip: (args, by) => departTrip(ctx, args, by),
    serveByTrip: (tripId, voterId, by) => serveByTrip(ctx, tripId, voterId, by),
    returnTrip: (tripId, ballotsBack, by) => returnTrip(ctx, tripId, ballotsBack, by),
    replaceSpoiled: (voterId, reason, by) => replaceSpoiled(ctx, voterId, reason, by),
    undoCheckin: (voterId, reason, by) => undoCheckin(ctx, voterId, reason, by),
    reconcile: (args, by) => reconcile(ctx, args, by),
    ballotsBeyondCheckins: () => resolvedBallotsBeyondCheckins(ctx, roundOf(ctx)),
    resolveAnomaly: (anomaly, standing, reason, by) => resolveAnomaly(ctx, anomaly, standing, reason, by),
  };
}
