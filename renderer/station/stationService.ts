/**
 * The station's actions: each checks the rules of shared/rules against the records in RxDB,
 * writes its records and an audit event, and only then moves the polling-day machine.
 * Uniqueness that must hold across desks is enforced by document ids (one check-in per voter
 * and round, one proxy slot per holder and number), so two desks cannot both win a race.
 */
import { issue, type ValidationIssue } from '../../shared/election/issues';
import { electionRules } from '../../shared/election/profile';
import type { Voter } from '../../shared/election/schemas';
import {
  ballotAccount,
  checkIssueBallot,
  checkProxy,
  checkReconciliation,
  checkSetup,
  checkTripDeparture,
  checkTripReturn,
  checkinId,
  reconciliationDifference,
} from '../../shared/rules/polling';
import type {
  CheckinKind,
  CheckinRecord,
  MobileTripRecord,
  ProxyRecord,
  ReconciliationRecord,
  SpoiledBallotRecord,
  StationSetup,
} from '../../shared/station/records';
import type { StationBridge } from '../bridge/StationBridge';
import type { AuditLog } from '../db/audit';
import { openElection, storeImportedPackage } from '../db/importPackage';
import type { StationDatabase } from '../db/database';
import { withRecordLock } from '../db/lock';
import type { PollingDayActor } from '../machine/persistence';
import { stockOfRound } from './countService';
import { stepOf, type PollingStep } from '../machine/pollingDay';
import type { Operator, Outcome, ProxyRequestInput, StationActions } from './types';

export interface StationServiceDeps {
  readonly db: StationDatabase;
  readonly audit: AuditLog;
  readonly actor: PollingDayActor;
  readonly bridge: StationBridge;
  readonly now?: () => string;
}

const refused = <T>(issues: readonly ValidationIssue[]): Outcome<T> => ({ ok: false, issues });
const done = <T>(value: T): Outcome<T> => ({ ok: true, value });

function isConflict(error: unknown): boolean {
  const code = (error as { code?: string; status?: number } | null)?.code;
  return code === 'CONFLICT' || (error as { status?: number } | null)?.status === 409;
}

export function createStationService(deps: StationServiceDeps): StationActions {
  const { db, audit, actor, bridge } = deps;
  const now = deps.now ?? (() => new Date().toISOString());
  const round = () => actor.getSnapshot().context.round;
  const step = () => stepOf(actor.getSnapshot().value);
  const log = (type: string, data: Record<string, unknown>, by: Operator) => audit.append({ type, data, clerk: by.clerk, desk: by.desk });

  async function voter(id: string): Promise<Voter | undefined> {
    const doc = await db.voters.findOne(id).exec();
    return doc ? (doc.toMutableJSON() as Voter) : undefined;
  }
  async function checkinOf(voterId: string): Promise<CheckinRecord | undefined> {
    const doc = await db.checkins.findOne(checkinId(round(), voterId)).exec();
    return doc ? (doc.toMutableJSON() as CheckinRecord) : undefined;
  }
  async function election() {
    const stored = await openElection(db);
    if (!stored) throw new Error('no election imported');
    return stored;
  }
  async function setupOf(): Promise<StationSetup & { runoffBallotStocks?: number[] }> {
    const doc = await db.setup.findOne('setup').exec();
    if (!doc) throw new Error('station setup missing');
    return doc.toMutableJSON();
  }
  async function stockLeft(): Promise<number> {
    const r = round();
    const [setup, issued, spoiled, tripDocs] = await Promise.all([
      setupOf(),
      db.checkins.count({ selector: { round: r, status: 'issued' } }).exec(),
      db.spoiled.count({ selector: { round: r } }).exec(),
      db.trips.find({ selector: { round: r, status: 'out' } }).exec(),
    ]);
    const trips = tripDocs.map((doc) => doc.toJSON() as MobileTripRecord);
    const served = await Promise.all(trips.map((trip) => db.checkins.count({ selector: { round: r, status: 'issued', tripId: trip.id } }).exec()));
    const servedByTrip = new Map(trips.map((trip, index) => [trip.id, served[index] ?? 0]));
    return ballotAccount({ stock: stockOfRound(setup, r), issued, spoiled, trips, servedByTrip }).left;
  }

  /** Issue one ballot: the check-in document's id makes a second one impossible. */
  async function issueBallot(
    voterId: string,
    by: Operator,
    kind: CheckinKind,
    extra: Pick<CheckinRecord, 'holderVoterId' | 'proxyId' | 'tripId'> = {},
  ): Promise<Outcome<CheckinRecord>> {
    const closed = unlessStep(['open'], 'polls.notOpen');
    if (closed) return closed;
    const found = await voter(voterId);
    const existing = await checkinOf(voterId);
    const issues = checkIssueBallot(found, existing);
    if (issues.length > 0) return refused(issues);
    if (kind !== 'mobile' && (await stockLeft()) < 1) return refused([issue('checkin.noStock', [])]);
    const record: CheckinRecord = {
      id: checkinId(round(), voterId),
      round: round(),
      voterId,
      kind,
      status: 'issued',
      issuedAt: now(),
      clerk: by.clerk,
      desk: by.desk,
      ...extra,
    };
    // Main's journal first (fsync'd): every ballot the clerk sees issued can be rebuilt from it.
    const { undoneAt: _ua, undoneBy: _ub, undoReason: _ur, ...journaled } = { ...existing, ...record };
    await bridge.journal({ kind: 'checkin', record: journaled });
    try {
      if (existing) {
        // Re-issue after an undo: the same document, back to issued, only if still undone.
        const doc = await db.checkins.findOne(record.id).exec();
        let raced = false;
        await doc?.incrementalModify((current: CheckinRecord) => {
          if (current.status === 'issued') {
            raced = true;
            return current;
          }
          const { undoneAt: _a, undoneBy: _b, undoReason: _c, ...rest } = { ...current, ...record };
          return rest;
        });
        if (raced) {
          await bridge.journal({ kind: 'rejected', record: { of: 'checkin', record: journaled } });
          return refused(checkIssueBallot(found, await checkinOf(voterId)));
        }
      } else {
        await db.checkins.insert(record);
      }
    } catch (error) {
      if (isConflict(error)) {
        await bridge.journal({ kind: 'rejected', record: { of: 'checkin', record: journaled } });
        return refused(checkIssueBallot(found, await checkinOf(voterId)));
      }
      throw error;
    }
    await log('checkin.issued', { voterId, kind, ...extra }, by);
    return done(record);
  }

  /** Refused unless the day is at one of `steps` (the service enforces what the screens only hide). */
  function unlessStep(steps: readonly PollingStep[], code: 'polls.notOpen' | 'checkin.undoAfterClose' | 'reconcile.notClosed'): Outcome<never> | null {
    return steps.includes(step()) ? null : refused([issue(code, [])]);
  }

  async function entrust(request: ProxyRequestInput, by: Operator, attempt = 0): Promise<Outcome<CheckinRecord>> {
    const stored = await election();
    const r = round();
    const [entrusting, holder, entrustingCheckin, held, holderEntrusted, entrustingHolds] = await Promise.all([
      voter(request.entrustingVoterId),
      voter(request.holderVoterId),
      checkinOf(request.entrustingVoterId),
      db.proxies.find({ selector: { round: r, holderVoterId: request.holderVoterId } }).exec(),
      db.proxies.find({ selector: { round: r, entrustingVoterId: request.holderVoterId } }).exec(),
      db.proxies.find({ selector: { round: r, holderVoterId: request.entrustingVoterId } }).exec(),
    ]);
    const issues = checkProxy({
      election: stored.election,
      entrusting,
      holder,
      formNumber: request.formNumber,
      relationship: request.relationship,
      heldByHolder: held.length,
      holderHasEntrusted: holderEntrusted.length > 0,
      entrustingHoldsProxies: entrustingHolds.length > 0,
      entrustingCheckin,
    });
    if (issues.length > 0) return refused(issues);
    // One document per holder slot (1…max): two desks cannot both take the holder's last slot.
    const taken = new Set(held.map((doc) => doc.primary));
    let slot = 1;
    while (taken.has(`${r}:${request.holderVoterId}:${slot}`)) slot++;
    const proxy: ProxyRecord = {
      id: `${r}:${request.holderVoterId}:${slot}`,
      round: r,
      entrustingVoterId: request.entrustingVoterId,
      holderVoterId: request.holderVoterId,
      formNumber: request.formNumber.trim(),
      relationship: request.relationship,
      recordedAt: now(),
      clerk: by.clerk,
      desk: by.desk,
    };
    try {
      await db.proxies.insert(proxy);
    } catch (error) {
      // Another desk took this slot meanwhile: look again (the count check then decides).
      if (isConflict(error) && attempt <= electionRules(stored.election).maxProxiesPerHolder) return entrust(request, by, attempt + 1);
      throw error;
    }
    const issued = await issueBallot(request.entrustingVoterId, by, 'proxy', { holderVoterId: request.holderVoterId, proxyId: proxy.id });
    if (!issued.ok) {
      await (await db.proxies.findOne(proxy.id).exec())?.remove();
      return issued;
    }
    await log('proxy.recorded', { ...proxy }, by);
    return issued;
  }

  return {
    async importPackage(text, reprovision, by) {
      const outcome = await bridge.importPackage(text, { reprovision });
      if (!outcome.ok) return outcome;
      await storeImportedPackage(db, outcome.value, now());
      await log(
        'package.imported',
        { electionId: outcome.value.package.election.id, electionHash: outcome.value.electionHash, districtKey: outcome.value.districtKeyFingerprint, keyStatus: outcome.value.keyStatus },
        by,
      );
      actor.send({ type: 'PACKAGE_IMPORTED' });
      return done(outcome.value);
    },

    async packageRestored(by) {
      if (step() !== 'unconfigured') return;
      const stored = await openElection(db);
      if (!stored) return;
      await log('package.restored', { electionId: stored.election.id, electionHash: stored.electionHash }, by);
      actor.send({ type: 'PACKAGE_IMPORTED' });
    },

    async confirmSetup(setup, by) {
      const stored = await election();
      const check = checkSetup(setup, stored.election);
      if (check.errors.length > 0) return refused(check.errors);
      await db.setup.upsert({ id: 'setup', ...setup, scrutineers: [...setup.scrutineers], callers: [...setup.callers], recorders: [...setup.recorders], checkinClerks: [...setup.checkinClerks] });
      await log('setup.confirmed', { ...setup, warnings: check.warnings.map((w) => w.code) }, by);
      actor.send({ type: 'SETUP_CONFIRMED', setup, election: stored.election });
      return done(check.warnings);
    },

    async editSetup(by) {
      await log('setup.reopened', {}, by);
      actor.send({ type: 'EDIT_SETUP' });
    },

    async reprovision(by) {
      await log('station.reprovision', {}, by);
      actor.send({ type: 'REPROVISION' });
    },

    async openPolls(by) {
      await log('polls.opened', {}, by);
      actor.send({ type: 'OPEN_POLLS' });
    },
    async pausePolls(by) {
      await log('polls.paused', {}, by);
      actor.send({ type: 'PAUSE_POLLS' });
    },
    async resumePolls(by) {
      await log('polls.resumed', {}, by);
      actor.send({ type: 'RESUME_POLLS' });
    },
    async closePolls(by) {
      if (!actor.getSnapshot().can({ type: 'CLOSE_POLLS' })) {
        const desks = Object.keys(actor.getSnapshot().context.checkinsInProgress).join('、');
        return refused([issue('polls.checkinInProgress', [], { desks })]);
      }
      await log('polls.closed', { issued: (await db.checkins.find({ selector: { round: round(), status: 'issued' } }).exec()).length }, by);
      actor.send({ type: 'CLOSE_POLLS' });
      return done(undefined);
    },

    beginCheckin(voterId, by) {
      actor.send({ type: 'CHECKIN_STARTED', desk: by.desk, voterId });
    },
    endCheckin(by) {
      actor.send({ type: 'CHECKIN_FINISHED', desk: by.desk });
    },

    checkIn: (voterId, by) => issueBallot(voterId, by, 'inPerson'),

    // Behind one lock per round: "a proxy holder may not pass it on" reads both sides before writing.
    entrust: async (request, by) => unlessStep(['open'], 'polls.notOpen') ?? withRecordLock(db, `proxies-${round()}`, () => entrust(request, by)),

    async departTrip(args, by) {
      const closed = unlessStep(['open'], 'polls.notOpen');
      if (closed) return closed;
      const stored = await election();
      const issues = checkTripDeparture(stored.election, args.staff, args.ballotsOut, await stockLeft());
      if (issues.length > 0) return refused(issues);
      const count = await db.trips.count({ selector: { round: round() } }).exec();
      const trip: MobileTripRecord = {
        id: `${round()}-M${count + 1}`,
        round: round(),
        ballotsOut: args.ballotsOut,
        staff: args.staff.map((name) => name.trim()).filter(Boolean),
        departedAt: now(),
        status: 'out',
        clerk: by.clerk,
        desk: by.desk,
      };
      await db.trips.insert({ ...trip, staff: [...trip.staff] });
      await log('trip.departed', { ...trip }, by);
      return done(trip);
    },

    // Behind the trip's lock: two desks cannot both serve its last ballot.
    serveByTrip: (tripId, voterId, by) =>
      withRecordLock(db, `trip-${tripId}`, async () => {
        const doc = await db.trips.findOne(tripId).exec();
        const trip = doc?.toJSON() as MobileTripRecord | undefined;
        if (!trip || trip.status !== 'out') return refused([issue('trip.notOut', [])]);
        const served = await db.checkins.count({ selector: { round: round(), status: 'issued', tripId } }).exec();
        if (served >= trip.ballotsOut) return refused([issue('trip.boxFull', [], { out: trip.ballotsOut })]);
        return issueBallot(voterId, by, 'mobile', { tripId });
      }),

    async returnTrip(tripId, ballotsBack, by) {
      const doc = await db.trips.findOne(tripId).exec();
      if (!doc) return refused([issue('trip.notOut', [])]);
      const trip = doc.toMutableJSON() as MobileTripRecord;
      const served = await db.checkins.count({ selector: { round: round(), status: 'issued', tripId } }).exec();
      const issues = checkTripReturn(trip, served, ballotsBack);
      if (issues.length > 0) return refused(issues);
      const returned: MobileTripRecord = { ...trip, status: 'returned', ballotsBack, returnedAt: now() };
      await doc.incrementalPatch({ status: 'returned', ballotsBack, returnedAt: returned.returnedAt });
      await log('trip.returned', { tripId, served, ballotsBack }, by);
      return done(returned);
    },

    async replaceSpoiled(voterId, reason, by) {
      const closed = unlessStep(['open'], 'polls.notOpen');
      if (closed) return closed;
      const found = await voter(voterId);
      const existing = await checkinOf(voterId);
      if (!found || existing?.status !== 'issued') return refused([issue('spoiled.notIssued', [], { name: found?.name ?? voterId })]);
      if ((await stockLeft()) < 1) return refused([issue('spoiled.noStock', [])]);
      const count = await db.spoiled.count({ selector: { round: round() } }).exec();
      const record: SpoiledBallotRecord = {
        id: `${round()}-S${String(count + 1).padStart(4, '0')}-${voterId}`,
        round: round(),
        voterId,
        at: now(),
        reason: reason.trim() || '—',
        clerk: by.clerk,
        desk: by.desk,
      };
      await db.spoiled.insert(record);
      await log('ballot.spoiled', { ...record }, by);
      return done(record);
    },

    async undoCheckin(voterId, reason, by) {
      // Once the polls are closed the ballot account is being (or has been) settled.
      const closed = unlessStep(['open', 'paused'], 'checkin.undoAfterClose');
      if (closed) return closed;
      const found = await voter(voterId);
      if (!reason.trim()) return refused([issue('checkin.reasonRequired', ['reason'])]);
      const doc = await db.checkins.findOne(checkinId(round(), voterId)).exec();
      const current = doc?.toMutableJSON() as CheckinRecord | undefined;
      if (!doc || current?.status !== 'issued') return refused([issue('checkin.notIssued', [], { name: found?.name ?? voterId })]);
      const undone: CheckinRecord = { ...current, status: 'undone', undoneAt: now(), undoneBy: by.clerk, undoReason: reason.trim() };
      await bridge.journal({ kind: 'checkin', record: undone });
      await doc.incrementalPatch({ status: 'undone', undoneAt: undone.undoneAt, undoneBy: by.clerk, undoReason: undone.undoReason });
      if (current.proxyId) await (await db.proxies.findOne(current.proxyId).exec())?.remove();
      await log('checkin.undone', { voterId, reason: undone.undoReason, kind: current.kind }, by);
      return done(undone);
    },

    async reconcile(args, by) {
      const early = unlessStep(['closed'], 'reconcile.notClosed');
      if (early) return early;
      const setup = await setupOf();
      const r = round();
      const [issued, spoiled, tripsOut] = await Promise.all([
        db.checkins.count({ selector: { round: r, status: 'issued' } }).exec(),
        db.spoiled.count({ selector: { round: r } }).exec(),
        db.trips.count({ selector: { round: r, status: 'out' } }).exec(),
      ]);
      if (tripsOut > 0) return refused([issue('reconcile.tripsOut', [], { count: tripsOut })]);
      if (!Number.isInteger(args.unused) || args.unused < 0) return refused([issue('schema.integer', ['unused'])]);
      const stock = stockOfRound(setup, r);
      const difference = reconciliationDifference(stock, issued, spoiled, args.unused);
      const issues = checkReconciliation({ difference, explanation: args.explanation, signedOffBy: args.signedOffBy, chiefScrutineer: setup.chiefScrutineer });
      if (issues.length > 0) return refused(issues);
      const record: ReconciliationRecord = {
        id: `round-${r}`,
        round: r,
        stock,
        issued,
        spoiled,
        unused: args.unused,
        difference,
        ...(difference !== 0 ? { explanation: args.explanation.trim(), signedOffBy: args.signedOffBy.trim() } : {}),
        at: now(),
        clerk: by.clerk,
        desk: by.desk,
      };
      await db.reconciliation.upsert(record);
      await log('polls.reconciled', { ...record }, by);
      actor.send({
        type: 'RECONCILED',
        difference,
        explanation: record.explanation,
        signedOffBy: record.signedOffBy,
        chiefScrutineer: setup.chiefScrutineer,
        mobileBoxesOut: tripsOut,
      });
      return done(record);
    },
  };
}
