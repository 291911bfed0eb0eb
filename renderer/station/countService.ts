/**
 * The public count (唱票/计票/监票): open the boxes, enter ballot by ballot as read out,
 * withdraw the last one with a reason, settle double-entry disagreements, decide the round
 * with the core's count, and start the runoff round when the result calls one.
 */
import { merge, Subject } from 'rxjs';
import { issue } from '../../shared/election/issues';
import { electionRules } from '../../shared/election/profile';
import type { Ballot, CountResult } from '../../shared/election/schemas';
import { checkBallot } from '../../shared/rules/checkCountInput';
import { buildRoundContext } from '../../shared/rules/context';
import { countRound, readCountInput, resultFromCounts } from '../../shared/rules/count';
import {
  activeBallots,
  asEntered,
  buildCountInput,
  countBallotId,
  countedBallots,
  type BoxesRecord,
  type Entry,
  type MobileBoxCount,
} from '../../shared/station/countInput';
import type { MobileTripRecord } from '../../shared/station/records';
import type { ProducedSheets, StationBridge } from '../bridge/StationBridge';
import type { AuditLog } from '../db/audit';
import type { StationDatabase } from '../db/database';
import { openElection } from '../db/importPackage';
import type { BallotDoc, CountRecordDoc } from '../db/schemas/count';
import type { PollingDayActor } from '../machine/persistence';
import { stepOf } from '../machine/pollingDay';
import type { Operator, Outcome } from './types';

export interface BallotEntryInput {
  readonly status: Ballot['status'];
  readonly marks?: Ballot['marks'];
}

export interface CountActions {
  startCount(by: Operator): Promise<void>;
  openBoxes(args: { readonly mainBox: number; readonly mobileBoxes: Readonly<Record<string, number>>; readonly doubleEntry: boolean }, by: Operator): Promise<Outcome<BoxesRecord>>;
  enterBallot(entry: Entry, ballot: BallotEntryInput, by: Operator): Promise<Outcome<BallotDoc>>;
  withdrawLast(entry: Entry, reason: string, by: Operator): Promise<Outcome<BallotDoc>>;
  resolveDisagreement(seq: number, chosen: Entry, by: Operator): Promise<Outcome<void>>;
  finishCount(by: Operator): Promise<Outcome<CountResult>>;
  startRunoff(ballotStock: number, by: Operator): Promise<Outcome<void>>;
  /** Main signs every round (after its own recount) and prints the signed sheet; then `certified`. */
  produceSheets(by: Operator): Promise<Outcome<ProducedSheets>>;
}

export const sheetId = (round: number) => `sheet-${round}`;

export const boxesId = (round: number) => `boxes-${round}`;
export const resultId = (round: number) => `result-${round}`;
export const resolutionId = (round: number, seq: number) => `resolution-${round}-${String(seq).padStart(6, '0')}`;
export { activeBallots, asEntered, countBallotId, type BoxesRecord, type Entry, type MobileBoxCount };

/** The end of one desk's pile: its last active ballot and the next place. */
interface Tip {
  readonly last: BallotDoc | null;
  readonly nextSeq: number;
  /** Ballots once entered (and withdrawn) at the next place: the next id's attempt number. */
  readonly attemptsAtNext: number;
}

/** What the clerk sees of the count before storage confirms (countView shows it at once). */
export interface LocalBallotChange {
  readonly type: 'entered' | 'dropped';
  readonly doc: BallotDoc;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const refused = <T>(code: Parameters<typeof issue>[0], params?: Record<string, string | number>): Outcome<T> => ({ ok: false, issues: [issue(code, [], params)] });

export function createCountService(deps: { db: StationDatabase; audit: AuditLog; actor: PollingDayActor; bridge: StationBridge; now?: () => string; echo?: Subject<LocalBallotChange> }): CountActions {
  const { db, audit, actor, bridge } = deps;
  const echo = deps.echo ?? new Subject<LocalBallotChange>();
  const now = deps.now ?? (() => new Date().toISOString());
  const round = () => actor.getSnapshot().context.round;
  const log = (type: string, data: Record<string, unknown>, by: Operator) => audit.append({ type, data, clerk: by.clerk, desk: by.desk });

  async function record<T>(id: string): Promise<T | null> {
    const doc = await db.countRecords.findOne(id).exec();
    return doc ? ((doc.toJSON() as CountRecordDoc).data as T) : null;
  }
  async function previousResult(r: number): Promise<CountResult | null> {
    return r === 1 ? null : ((await record<{ result: CountResult }>(resultId(r - 1)))?.result ?? null);
  }
  /**
   * What stays fixed while a round's ballots are entered (its boxes and who may be marked),
   * read once per round rather than once per ballot.
   */
  let entering: { round: number; boxes: BoxesRecord; context: ReturnType<typeof buildRoundContext> } | null = null;
  async function enteringRound(r: number) {
    if (entering?.round === r) return entering;
    const boxes = await record<BoxesRecord>(boxesId(r));
    const stored = await openElection(db);
    if (!boxes || !stored) return null;
    entering = { round: r, boxes, context: buildRoundContext(stored.election, r, await previousResult(r)) };
    return entering;
  }

  /**
   * Ballots are stored one after another in reading order (journal, database, audit), while
   * each is reserved and shown at once. A failed store refuses the ballots reserved after it.
   */
  let queue: Promise<unknown> = Promise.resolve();
  let generation = 0;
  function inOrder<T>(job: () => Promise<T>): Promise<T> {
    const run = queue.then(job);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Each desk's next place, kept as this window enters; reloaded after a withdrawal or a failure, or when another window stores a ballot. */
  const tips = new Map<string, Tip>();
  const tipKey = (r: number, entry: Entry) => `${r}-${entry}`;
  const ownIds = new Set<string>();
  const tipLoads = new Map<string, Promise<void>>();
  function loadTip(r: number, entry: Entry): Promise<void> {
    const key = tipKey(r, entry);
    let load = tipLoads.get(key);
    if (!load) {
      // After the ballots in flight are stored, so the storage holds all of this window's.
      load = inOrder(async () => {
        if (!tips.has(key)) tips.set(key, await entryTip(r, entry));
      }).finally(() => tipLoads.delete(key));
      tipLoads.set(key, load);
    }
    return load;
  }
  const watching = db.ballots.insert$.subscribe((event) => {
    const doc = event.documentData as BallotDoc;
    if (!ownIds.delete(doc.id)) tips.delete(tipKey(doc.round, doc.entry));
  });
  // A new import wipes the election's records: nothing read of the old election stays.
  watching.add(
    merge(db.ballots.remove$, db.countRecords.remove$).subscribe(() => {
      tips.clear();
      entering = null;
    }),
  );
  void watching; // lives as long as the database

  /**
   * The end of one desk's pile without reading the pile: only the last ballot can be
   * withdrawn, so the active ballots are always 1…k. Walks down from the highest sequence
   * number (index [round, entry, seq]) past withdrawn places; O(withdrawals at the end).
   */
  async function entryTip(r: number, entry: Entry): Promise<Tip> {
    const top = await db.ballots.findOne({ selector: { round: r, entry }, sort: [{ seq: 'desc' }] }).exec();
    let seq = top?.seq ?? 0;
    let attemptsAtNext = 0;
    while (seq > 0) {
      const docs = (await db.ballots.find({ selector: { round: r, entry, seq } }).exec()).map((doc) => doc.toJSON() as BallotDoc);
      const withdrawn = new Set(docs.filter((doc) => doc.kind === 'withdrawal').map((doc) => doc.withdraws));
      const last = docs.find((doc) => doc.kind === 'ballot' && !withdrawn.has(doc.id));
      if (last) return { last, nextSeq: seq + 1, attemptsAtNext };
      attemptsAtNext = docs.filter((doc) => doc.kind === 'ballot').length;
      seq--;
    }
    return { last: null, nextSeq: 1, attemptsAtNext };
  }

  async function save(kind: CountRecordDoc['kind'], id: string, data: Record<string, unknown>, by: Operator) {
    await db.countRecords.upsert({ id, round: round(), kind, data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>, at: now(), clerk: by.clerk, desk: by.desk });
  }

  /** The ballots the count uses: entry A, with each double-entry disagreement settled. */
  async function ballotsToCount(r: number, boxes: BoxesRecord): Promise<{ ballots: BallotDoc[]; unresolved: number }> {
    const docs = (await db.ballots.find({ selector: { round: r } }).exec()).map((doc) => doc.toJSON() as BallotDoc);
    const resolutions = new Map<number, Entry>();
    for (const doc of await db.countRecords.find({ selector: { round: r, kind: 'resolution' } }).exec()) {
      const data = (doc.toJSON() as CountRecordDoc).data as { seq: number; chosen: Entry };
      resolutions.set(data.seq, data.chosen);
    }
    return countedBallots(docs, boxes.doubleEntry, resolutions);
  }

  return {
    async startCount(by) {
      await log('count.started', { round: round() }, by);
      actor.send({ type: 'START_COUNT' });
    },

    async openBoxes(args, by) {
      if (stepOf(actor.getSnapshot().value) !== 'opening') return refused('count.notOpening');
      const r = round();
      const stored = await openElection(db);
      if (!stored) return refused('checkin.unknownVoter');
      const rules = electionRules(stored.election);
      const [issued, trips, registeredVoters] = await Promise.all([
        db.checkins.count({ selector: { round: r, status: 'issued' } }).exec(),
        db.trips.find({ selector: { round: r } }).exec(),
        db.voters.count({ selector: { status: 'registered' } }).exec(),
      ]);
      if (!Number.isInteger(args.mainBox) || args.mainBox < 0) return refused('count.boxCount', { box: '主票箱 / main box' });
      const mobileBoxes: MobileBoxCount[] = [];
      for (const doc of trips) {
        const trip = doc.toJSON() as MobileTripRecord;
        const count = args.mobileBoxes[trip.id];
        if (count === undefined || !Number.isInteger(count) || count < 0) return refused('count.boxCount', { box: trip.id });
        const served = await db.checkins.count({ selector: { round: r, status: 'issued', tripId: trip.id } }).exec();
        mobileBoxes.push({ tripId: trip.id, count, served, void: rules.mobileBoxOvercount === 'voidBox' && count > served });
      }
      const recovered = args.mainBox + mobileBoxes.filter((box) => !box.void).reduce((sum, box) => sum + box.count, 0);
      const counts = { registeredVoters, participants: issued, ballotsIssued: issued, ballotsRecovered: recovered };
      const verdict = resultFromCounts(stored.election, r, await previousResult(r), counts);
      const boxes: BoxesRecord = { mainBox: args.mainBox, mobileBoxes, recovered, issued, registeredVoters, doubleEntry: args.doubleEntry, voidReason: verdict.voidReason };
      await save('boxes', boxesId(r), { ...boxes }, by);
      if (!verdict.valid) await save('result', resultId(r), { result: verdict }, by);
      await log('count.boxesOpened', { ...boxes }, by);
      actor.send({ type: 'BOXES_OPENED', voidReason: verdict.voidReason });
      return { ok: true, value: boxes };
    },

    async enterBallot(entry, ballot, by) {
      if (stepOf(actor.getSnapshot().value) !== 'entering') return refused('count.notEntering');
      const r = round();
      // Every ballot after the first takes the warm path: nothing is awaited before the ballot
      // is reserved and shown, so the screen updates within the clerk's keypress.
      if (entering?.round !== r) await enteringRound(r);
      const current = entering?.round === r ? entering : null;
      if (!current) return refused('count.notEntering');
      const { boxes, context } = current;
      if (entry === 'B' && !boxes.doubleEntry) return refused('count.noDoubleEntry');
      const asBallot: Ballot = { id: 'new', status: ballot.status, marks: ballot.status === 'valid' ? (ballot.marks ?? {}) : null };
      const issues = checkBallot(context, asBallot, []);
      if (issues.length > 0) return { ok: false, issues };
      // (Another window's ballot may drop the place again while it loads: then it is read again.)
      while (!tips.has(tipKey(r, entry))) await loadTip(r, entry);
      const tip = tips.get(tipKey(r, entry)) as Tip;
      if (tip.nextSeq - 1 >= boxes.recovered) return refused('count.allEntered', { recovered: boxes.recovered });
      const seq = tip.nextSeq;
      const doc: BallotDoc = {
        // Two windows entering the same place get the same id: the second insert conflicts.
        id: `R${r}-${entry}-${String(seq).padStart(6, '0')}-${tip.attemptsAtNext + 1}`,
        round: r,
        entry,
        seq,
        kind: 'ballot',
        status: ballot.status,
        marks: asBallot.marks === null ? null : JSON.parse(JSON.stringify(asBallot.marks)),
        at: now(),
        clerk: by.clerk,
        desk: by.desk,
      };
      // Reserve the place and show the ballot now; storing it follows in reading order.
      tips.set(tipKey(r, entry), { last: doc, nextSeq: seq + 1, attemptsAtNext: 0 });
      const reservedIn = generation;
      echo.next({ type: 'entered', doc });
      return inOrder(async (): Promise<Outcome<BallotDoc>> => {
        const refuse = (outcome: Outcome<BallotDoc>) => {
          // Ballots reserved after this one were numbered after it: they are refused too.
          generation++;
          tips.delete(tipKey(r, entry));
          echo.next({ type: 'dropped', doc });
          return outcome;
        };
        if (reservedIn !== generation) return refuse(refused('count.earlierNotStored', { seq }));
        try {
          await bridge.journal({ kind: 'ballot', record: doc }); // main's fsync'd journal first
        } catch (error) {
          return refuse(refused('count.entryNotStored', { seq, detail: messageOf(error) }));
        }
        try {
          ownIds.add(doc.id);
          await db.ballots.insert(doc);
        } catch (error) {
          ownIds.delete(doc.id);
          await bridge.journal({ kind: 'rejected', record: { of: 'ballot', record: doc } }).catch(() => undefined);
          if ((error as { code?: string }).code === 'CONFLICT') return refuse(refused('count.concurrentEntry'));
          return refuse(refused('count.entryNotStored', { seq, detail: messageOf(error) }));
        }
        await log('ballot.entered', { id: doc.id, entry, seq }, by);
        return { ok: true, value: doc };
      });
    },

    async withdrawLast(entry, reason, by) {
      if (stepOf(actor.getSnapshot().value) !== 'entering') return refused('count.notEntering');
      if (!reason.trim()) return refused('checkin.reasonRequired');
      const r = round();
      // Ballots entered from now on wait for the withdrawal (their place is read again after it).
      tips.delete(tipKey(r, entry));
      // After every ballot before it is stored; the pile's end is read from storage.
      return inOrder(async (): Promise<Outcome<BallotDoc>> => {
        const { last } = await entryTip(r, entry);
        if (!last) return refused('count.nothingToWithdraw');
        const withdrawal: BallotDoc = { id: `${last.id}-W`, round: r, entry, seq: last.seq, kind: 'withdrawal', withdraws: last.id, reason: reason.trim(), at: now(), clerk: by.clerk, desk: by.desk };
        await bridge.journal({ kind: 'withdrawal', record: withdrawal }); // main's fsync'd journal first
        ownIds.add(withdrawal.id);
        await db.ballots.insert(withdrawal);
        await log('ballot.withdrawn', { id: last.id, entry, seq: last.seq, reason: withdrawal.reason }, by);
        return { ok: true, value: withdrawal };
      });
    },

    async resolveDisagreement(seq, chosen, by) {
      const r = round();
      await save('resolution', resolutionId(r, seq), { seq, chosen }, by);
      await log('count.disagreementResolved', { seq, chosen }, by);
      return { ok: true, value: undefined };
    },

    async finishCount(by) {
      await inOrder(async () => undefined); // the ballots still being stored first
      const r = round();
      const boxes = await record<BoxesRecord>(boxesId(r));
      const stored = await openElection(db);
      if (!boxes || !stored) return refused('count.notEntering');
      const { ballots, unresolved } = await ballotsToCount(r, boxes);
      if (ballots.length !== boxes.recovered) return refused('count.notAllEntered', { entered: ballots.length, recovered: boxes.recovered });
      if (unresolved > 0) return refused('count.disagreementsOpen', { count: unresolved });
      const input = buildCountInput({ election: stored.election, round: r, boxes, ballots, previous: await previousResult(r) });
      const checked = readCountInput(input);
      if (!checked.ok) return checked;
      const result = countRound(checked.value);
      await save('result', resultId(r), { result }, by);
      await log('count.finished', { round: r, valid: result.valid, runoff: result.runoff !== null }, by);
      actor.send({ type: 'BALLOTS_COMPLETE', entered: ballots.length, recovered: boxes.recovered, disagreements: unresolved });
      return { ok: true, value: result };
    },

    async produceSheets(by) {
      const step = stepOf(actor.getSnapshot().value);
      const r = round();
      const stored = await openElection(db);
      const setup = (await db.setup.findOne('setup').exec())?.toJSON();
      if (!stored || !setup || (step !== 'results' && step !== 'void')) return refused('count.notFinal');
      const rounds: unknown[] = [];
      for (let n = 1; n <= r; n++) {
        const boxes = await record<BoxesRecord>(boxesId(n));
        const result = (await record<{ result: CountResult }>(resultId(n)))?.result;
        if (!boxes || !result) return refused('count.notFinal');
        const previous = await previousResult(n);
        if (boxes.voidReason !== null) {
          const counts = { registeredVoters: boxes.registeredVoters, participants: boxes.issued, ballotsIssued: boxes.issued, ballotsRecovered: boxes.recovered };
          rounds.push({ kind: 'void', round: n, counts, previous, result });
        } else {
          const { ballots } = await ballotsToCount(n, boxes);
          rounds.push({ kind: 'counted', input: buildCountInput({ election: stored.election, round: n, boxes, ballots, previous }), result });
        }
      }
      if ((await record<{ result: CountResult }>(resultId(r)))?.result.runoff) return refused('count.notFinal');
      const checkins = (await db.checkins.find({ selector: { round: r, status: 'issued' } }).exec()).map((doc) => doc.toJSON());
      const registeredWomen = await db.voters.count({ selector: { status: 'registered', gender: 'F' } }).exec();
      const participation = {
        registeredWomen,
        inPerson: checkins.filter((c) => c.kind === 'inPerson').length,
        mobile: checkins.filter((c) => c.kind === 'mobile').length,
        proxy: checkins.filter((c) => c.kind === 'proxy').length,
      };
      const staff = { chair: setup.chair, chiefScrutineer: setup.chiefScrutineer, scrutineers: setup.scrutineers, callers: setup.callers, recorders: setup.recorders };
      const outcome = await bridge.produceSheets({ election: stored.election, station: stored.station, rounds, signedAt: now(), setup: staff, participation });
      if (!outcome.ok) return { ok: false, issues: outcome.issues };
      await save('sheet', sheetId(r), { ...outcome.value }, by);
      await log('sheet.produced', { round: r, sheetSha256: outcome.value.sheetSha256, files: outcome.value.files }, by);
      actor.send({ type: 'SHEET_PRODUCED', sheetHash: outcome.value.sheetSha256 });
      return { ok: true, value: outcome.value };
    },

    async startRunoff(ballotStock, by) {
      const r = round();
      const result = (await record<{ result: CountResult }>(resultId(r)))?.result;
      if (!result || !result.runoff) return refused('count.noRunoff');
      if (!Number.isInteger(ballotStock) || ballotStock < 1) return refused('setup.ballotStock');
      const setup = await db.setup.findOne('setup').exec();
      if (!setup) return refused('setup.ballotStock');
      const stocks = [...(setup.runoffBallotStocks ?? [])];
      stocks[r - 1] = ballotStock;
      await setup.incrementalPatch({ runoffBallotStocks: stocks });
      await log('runoff.started', { round: r + 1, ballotStock, positions: result.runoff.positions.map((p) => p.id) }, by);
      actor.send({ type: 'START_RUNOFF', result });
      return { ok: true, value: undefined };
    },
  };
}

/** The ballot stock of a round: setup's for round 1, the runoff stocks after it. */
export function stockOfRound(setup: { ballotStock: number; runoffBallotStocks?: readonly number[] }, round: number): number {
  return round === 1 ? setup.ballotStock : (setup.runoffBallotStocks?.[round - 2] ?? 0);
}
