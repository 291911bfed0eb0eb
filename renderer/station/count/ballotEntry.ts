/**
 * Entering the ballots as read out (唱票/计票), desk by desk, in reading order: each ballot is
 * reserved and shown at once, then stored one after another (journal, database, audit); the
 * last one can be withdrawn with a reason. A failed store refuses the ballots reserved after it.
 */
import { merge, type Subject } from 'rxjs';
import type { Ballot } from '../../../shared/election/schemas';
import { checkBallot } from '../../../shared/rules/checkCountInput';
import { buildRoundContext } from '../../../shared/rules/context';
import type { BoxesRecord, Entry } from '../../../shared/station/countInput';
import { ballotDocId, boxesId, withdrawalId } from '../../../shared/station/recordIds';
import { openElection } from '../../db/importPackage';
import type { BallotDoc } from '../../db/schemas/count';
import { stepOf } from '../../machine/pollingDay';
import type { Operator, Outcome } from '../types';
import { countRecord, log, previousResult, refused, roundOf, type CountContext, type LocalBallotChange } from './context';

export interface BallotEntryInput {
  readonly status: Ballot['status'];
  readonly marks?: Ballot['marks'];
}

/** The end of one desk's pile: its last active ballot and the next place. */
interface Tip {
  readonly last: BallotDoc | null;
  readonly nextSeq: number;
  /** Ballots once entered (and withdrawn) at the next place: the next id's attempt number. */
  readonly attemptsAtNext: number;
}

/** What stays fixed while a round's ballots are entered: its boxes and who may be marked. */
interface EnteringRound {
  readonly round: number;
  readonly boxes: BoxesRecord;
  readonly context: ReturnType<typeof buildRoundContext>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const tipKey = (round: number, entry: Entry) => `${round}-${entry}`;

/**
 * The end of one desk's pile without reading the pile: only the last ballot can be
 * withdrawn, so the active ballots are always 1…k. Walks down from the highest sequence
 * number (index [round, entry, seq]) past withdrawn places; O(withdrawals at the end).
 */
async function entryTip(ctx: CountContext, round: number, entry: Entry): Promise<Tip> {
  const top = await ctx.db.ballots.findOne({ selector: { round, entry }, sort: [{ seq: 'desc' }] }).exec();
  let seq = top?.seq ?? 0;
  let attemptsAtNext = 0;
  while (seq > 0) {
    const docs = (await ctx.db.ballots.find({ selector: { round, entry, seq } }).exec()).map((doc) => doc.toJSON() as BallotDoc);
    const withdrawn = new Set(docs.filter((doc) => doc.kind === 'withdrawal').map((doc) => doc.withdraws));
    const last = docs.find((doc) => doc.kind === 'ballot' && !withdrawn.has(doc.id));
    if (last) return { last, nextSeq: seq + 1, attemptsAtNext };
    attemptsAtNext = docs.filter((doc) => doc.kind === 'ballot').length;
    seq--;
  }
  return { last: null, nextSeq: 1, attemptsAtNext };
}

/** One window's ballot entry: the storing queue and each desk's next place. Lives as long as the database. */
export class BallotEntry {
  /** Read once per round rather than once per ballot. */
  private entering: EnteringRound | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private generation = 0;
  /** Each desk's next place, kept as this window enters; reloaded after a withdrawal or a failure, or when another window stores a ballot. */
  private readonly tips = new Map<string, Tip>();
  private readonly ownIds = new Set<string>();
  private readonly tipLoads = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: CountContext,
    private readonly echo: Subject<LocalBallotChange>,
  ) {
    const watching = ctx.db.ballots.insert$.subscribe((event) => {
      const doc = event.documentData as BallotDoc;
      if (!this.ownIds.delete(doc.id)) this.tips.delete(tipKey(doc.round, doc.entry));
    });
    // A new import wipes the election's records: nothing read of the old election stays.
    watching.add(
      merge(ctx.db.ballots.remove$, ctx.db.countRecords.remove$).subscribe(() => {
        this.tips.clear();
        this.entering = null;
      }),
    );
  }

  /** Runs `job` after every ballot reserved before it is stored. */
  inOrder<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async enteringRound(round: number): Promise<EnteringRound | null> {
    if (this.entering?.round === round) return this.entering;
    const boxes = await countRecord<BoxesRecord>(this.ctx, boxesId(round));
    const stored = await openElection(this.ctx.db);
    if (!boxes || !stored) return null;
    this.entering = { round, boxes, context: buildRoundContext(stored.election, round, await previousResult(this.ctx, round)) };
    return this.entering;
  }

  private loadTip(round: number, entry: Entry): Promise<void> {
    const key = tipKey(round, entry);
    let load = this.tipLoads.get(key);
    if (!load) {
      // After the ballots in flight are stored, so the storage holds all of this window's.
      load = this.inOrder(async () => {
        if (!this.tips.has(key)) this.tips.set(key, await entryTip(this.ctx, round, entry));
      }).finally(() => this.tipLoads.delete(key));
      this.tipLoads.set(key, load);
    }
    return load;
  }

  async enterBallot(entry: Entry, ballot: BallotEntryInput, by: Operator): Promise<Outcome<BallotDoc>> {
    const { ctx, tips } = this;
    if (stepOf(ctx.actor.getSnapshot().value) !== 'entering') return refused('count.notEntering');
    const r = roundOf(ctx);
    // Every ballot after the first takes the warm path: nothing is awaited before the ballot
    // is reserved and shown, so the screen updates within the clerk's keypress.
    if (this.entering?.round !== r) await this.enteringRound(r);
    const current = this.entering?.round === r ? this.entering : null;
    if (!current) return refused('count.notEntering');
    const { boxes, context } = current;
    if (entry === 'B' && !boxes.doubleEntry) return refused('count.noDoubleEntry');
    const asBallot: Ballot = { id: 'new', status: ballot.status, marks: ballot.status === 'valid' ? (ballot.marks ?? {}) : null };
    const issues = checkBallot(context, asBallot, []);
    if (issues.length > 0) return { ok: false, issues };
    // (Another window's ballot may drop the place again while it loads: then it is read again.)
    while (!tips.has(tipKey(r, entry))) await this.loadTip(r, entry);
    const tip = tips.get(tipKey(r, entry)) as Tip;
    if (tip.nextSeq - 1 >= boxes.recovered) return refused('count.allEntered', { recovered: boxes.recovered });
    const seq = tip.nextSeq;
    const doc: BallotDoc = {
      // Two windows entering the same place get the same id: the second insert conflicts.
      id: ballotDocId(r, entry, seq, tip.attemptsAtNext + 1),
      round: r,
      entry,
      seq,
      kind: 'ballot',
      status: ballot.status,
      marks: asBallot.marks === null ? null : JSON.parse(JSON.stringify(asBallot.marks)),
      at: ctx.now(),
      clerk: by.clerk,
      desk: by.desk,
    };
    // Reserve the place and show the ballot now; storing it follows in reading order.
    tips.set(tipKey(r, entry), { last: doc, nextSeq: seq + 1, attemptsAtNext: 0 });
    const reservedIn = this.generation;
    this.echo.next({ type: 'entered', doc });
    return this.inOrder(() => this.store(doc, reservedIn, by));
  }

  /** Stores a reserved ballot: main's fsync'd journal first, then the database and the audit log. */
  private async store(doc: BallotDoc, reservedIn: number, by: Operator): Promise<Outcome<BallotDoc>> {
    const { ctx } = this;
    const { round: r, entry, seq } = doc;
    const refuse = (outcome: Outcome<BallotDoc>) => {
      // Ballots reserved after this one were numbered after it: they are refused too.
      this.generation++;
      this.tips.delete(tipKey(r, entry));
      this.echo.next({ type: 'dropped', doc });
      return outcome;
    };
    if (reservedIn !== this.generation) return refuse(refused('count.earlierNotStored', { seq }));
    try {
      await ctx.bridge.journal({ kind: 'ballot', record: doc }); // main's fsync'd journal first
    } catch (error) {
      return refuse(refused('count.entryNotStored', { seq, detail: messageOf(error) }));
    }
    try {
      this.ownIds.add(doc.id);
      await ctx.db.ballots.insert(doc);
    } catch (error) {
      this.ownIds.delete(doc.id);
      await ctx.bridge.journal({ kind: 'rejected', record: { of: 'ballot', record: doc } }).catch(() => undefined);
      if ((error as { code?: string }).code === 'CONFLICT') return refuse(refused('count.concurrentEntry'));
      return refuse(refused('count.entryNotStored', { seq, detail: messageOf(error) }));
    }
    await log(ctx, 'ballot.entered', { id: doc.id, entry, seq }, by);
    return { ok: true, value: doc };
  }

  async withdrawLast(entry: Entry, reason: string, by: Operator): Promise<Outcome<BallotDoc>> {
    const { ctx } = this;
    if (stepOf(ctx.actor.getSnapshot().value) !== 'entering') return refused('count.notEntering');
    if (!reason.trim()) return refused('checkin.reasonRequired');
    const r = roundOf(ctx);
    // Ballots entered from now on wait for the withdrawal (their place is read again after it).
    this.tips.delete(tipKey(r, entry));
    // After every ballot before it is stored; the pile's end is read from storage.
    return this.inOrder(async (): Promise<Outcome<BallotDoc>> => {
      const { last } = await entryTip(ctx, r, entry);
      if (!last) return refused('count.nothingToWithdraw');
      const withdrawal: BallotDoc = {
        id: withdrawalId(last.id),
        round: r,
        entry,
        seq: last.seq,
        kind: 'withdrawal',
        withdraws: last.id,
        reason: reason.trim(),
        at: ctx.now(),
        clerk: by.clerk,
        desk: by.desk,
      };
      await ctx.bridge.journal({ kind: 'withdrawal', record: withdrawal }); // main's fsync'd journal first
      this.ownIds.add(withdrawal.id);
      await ctx.db.ballots.insert(withdrawal);
      await log(ctx, 'ballot.withdrawn', { id: last.id, entry, seq: last.seq, reason: withdrawal.reason }, by);
      return { ok: true, value: withdrawal };
    });
  }

  /** Resolves once the ballots still being stored are stored (or refused). */
  settled(): Promise<void> {
    return this.inOrder(async () => undefined);
  }
}
