/**
 * Entering the ballots as read out (唱票/计票), desk by desk, in reading order: each ballot is
 * reserved and shown at once, then stored one after another (journal, database, audit); the
 * last one can be withdrawn with a reason. A failed store refuses the ballots reserved after it;
 * the failed ballot is kept for the clerk to store again as it was (`retryBallot`) or to drop.
 *
 * Places and ids come from durable state, never from the screen's counter: a desk's next place
 * follows its stored ballots, and main's journal is asked what it holds from there on — ballots
 * a closed window journaled but never stored (their papers must be read again: `resumePoint`),
 * and the attempts used at each place, so no ballot id is ever given twice.
 */
import { merge, type Subject } from 'rxjs';
import type { JournaledRecord } from '../../../shared/bridge/StationBridge';
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import type { Ballot } from '../../../shared/election/schemas';
import { checkBallot } from '../../../shared/rules/checkCountInput';
import { buildRoundContext } from '../../../shared/rules/context';
import type { BoxesRecord, Entry } from '../../../shared/station/countInput';
import { firstPlaceOf, isCountTable, lastPlaceOf, tableOfPlace } from '../../../shared/station/countTables';
import { attemptOfBallotDocId, ballotDocId, boxesId, withdrawalId } from '../../../shared/station/recordIds';
import { highestIndexed } from '../../db/highest';
import { openElection } from '../../db/importPackage';
import type { BallotDoc } from '../../db/schemas/count';
import type { Operator, Outcome } from '../types';
import { countRecord, log, previousResult, refused, roundOf, type CountContext, type LocalBallotChange } from './context';
import { claimCountTable } from './tableClaim';

export interface BallotEntryInput {
  readonly status: Ballot['status'];
  readonly marks?: Ballot['marks'];
}

/** The end of one desk's pile: its last active ballot and the next place. */
interface Tip {
  readonly last: BallotDoc | null;
  readonly nextSeq: number;
  /** Ballot ids once given at the next place (withdrawn, or held by main's journal): the next id's attempt is one more. */
  readonly attemptsAtNext: number;
  /** Past the next place: the highest attempt main's journal holds at each place (a gap a closed window left). */
  readonly journaledAhead: ReadonlyMap<number, number>;
  /** Ballots main's journal holds as standing at places the database has none: taken back when their place is entered again. */
  readonly orphans: ReadonlyMap<number, readonly JournaledRecord['record'][]>;
  /** The last place main's journal holds a ballot for past the stored ones (0: none): papers nextSeq…reenterTo must be read again. */
  readonly reenterTo: number;
}

/** Where a desk stands when its screen opens: the papers stored, and those to read again. */
export interface ResumePoint {
  /** Ballots stored at this desk (places 1…saved). */
  readonly saved: number;
  /** The place of the next paper. */
  readonly next: number;
  /** When a window closed before papers next…reenterTo were confirmed: the last of them; else null. */
  readonly reenterTo: number | null;
}

/** A ballot whose store failed, kept until the clerk stores it again or drops it. */
interface FailedBallot {
  readonly doc: BallotDoc;
  /** Another window stored a ballot at its place: storing it again means the next place. */
  readonly placeTaken: boolean;
}

/** What stays fixed while a round's ballots are entered: its boxes and who may be marked. */
interface EnteringRound {
  readonly round: number;
  readonly boxes: BoxesRecord;
  readonly context: ReturnType<typeof buildRoundContext>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const tipKey = (round: number, table: number, entry: Entry) => `${round}-${table}-${entry}`;

/** The desk's highest place at the table holding a document, 0 for none (by lookups in the index [round, entry, seq]). */
async function highestPlace(ctx: CountContext, round: number, table: number, entry: Entry): Promise<number> {
  const first = firstPlaceOf(table);
  const firstFrom = async (seq: number): Promise<number | null> =>
    (await ctx.db.ballots.findOne({ selector: { round, entry, seq: { $gte: Math.max(first, seq), $lte: lastPlaceOf(table) } }, sort: [{ seq: 'asc' }] }).exec())?.seq ?? null;
  return (await highestIndexed(firstFrom)) ?? 0;
}

/**
 * The end of one desk's pile in the database without reading the pile: only the last ballot can
 * be withdrawn, so the active ballots are always 1…k. Walks down from the highest sequence
 * number (index [round, entry, seq]) past withdrawn places; O(log n + withdrawals at the end).
 */
async function storedTip(ctx: CountContext, round: number, table: number, entry: Entry): Promise<{ last: BallotDoc | null; nextSeq: number; attemptsAtNext: number }> {
  const first = firstPlaceOf(table);
  let seq = await highestPlace(ctx, round, table, entry);
  let attemptsAtNext = 0;
  while (seq >= first) {
    const docs = (await ctx.db.ballots.find({ selector: { round, entry, seq } }).exec()).map((doc) => doc.toJSON() as BallotDoc);
    const withdrawn = new Set(docs.filter((doc) => doc.kind === 'withdrawal').map((doc) => doc.withdraws));
    const last = docs.find((doc) => doc.kind === 'ballot' && !withdrawn.has(doc.id));
    if (last) return { last, nextSeq: seq + 1, attemptsAtNext };
    const given = docs.filter((doc) => doc.kind === 'ballot');
    attemptsAtNext = Math.max(given.length, ...given.map((doc) => attemptOfBallotDocId(doc.id)));
    seq--;
  }
  return { last: null, nextSeq: first, attemptsAtNext };
}

/**
 * A withdrawal of the desk's last stored ballot that main's journal holds but the database does
 * not (the window closed in between): the database kept the ballot, so the journal takes the
 * withdrawal back — a rebuild from it keeps the ballot too, and the clerk may withdraw it again.
 */
async function takeBackUnstoredWithdrawals(ctx: CountContext, records: readonly JournaledRecord[], last: BallotDoc): Promise<void> {
  for (const { record, standing } of records) {
    if (standing && record.kind === 'withdrawal' && record.withdraws === last.id) await ctx.bridge.journal({ kind: 'rejected', record: { of: 'withdrawal', record } });
  }
}

/**
 * The end of one desk's pile: the database's, and what main's journal holds from its last
 * stored place on — ids already given at the next places, ballots journaled but never stored
 * (the window closed, or the database refused them), a withdrawal never stored. Without a
 * journal (a bridge without main) the database's alone.
 */
async function entryTip(ctx: CountContext, round: number, table: number, entry: Entry): Promise<Tip> {
  const stored = await storedTip(ctx, round, table, entry);
  const none: Tip = { ...stored, journaledAhead: new Map(), orphans: new Map(), reenterTo: 0 };
  if (!ctx.bridge.journaledBallots) return none;
  const { records } = await ctx.bridge.journaledBallots(round, entry, Math.max(firstPlaceOf(table), stored.nextSeq - 1));
  if (stored.last) await takeBackUnstoredWithdrawals(ctx, records, stored.last);
  // (Another table's places lie after this one's: they are that table's.)
  const ahead = records.filter((r) => r.record.seq >= stored.nextSeq && r.record.seq <= lastPlaceOf(table));
  const withdrawn = new Set(ahead.filter((r) => r.standing && r.record.kind === 'withdrawal').map((r) => r.record.withdraws));
  const attempts = new Map<number, number>();
  const orphans = new Map<number, JournaledRecord['record'][]>();
  let reenterTo = 0;
  for (const { record, standing } of ahead) {
    if (record.kind !== 'ballot') continue;
    attempts.set(record.seq, Math.max(attempts.get(record.seq) ?? 0, attemptOfBallotDocId(record.id)));
    if (withdrawn.has(record.id)) continue;
    reenterTo = Math.max(reenterTo, record.seq);
    if (standing) orphans.set(record.seq, [...(orphans.get(record.seq) ?? []), record]);
  }
  return {
    ...stored,
    attemptsAtNext: Math.max(stored.attemptsAtNext, attempts.get(stored.nextSeq) ?? 0),
    journaledAhead: attempts,
    orphans,
    reenterTo,
  };
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
  /** Each desk's ballot whose store failed, until it is stored again or dropped. */
  private readonly failed = new Map<string, FailedBallot>();
  /** The table this window enters (countTables.ts): 0, the station's own, unless a count desk chose another. */
  private table = 0;
  /** The count tables and entries of a round this machine holds at the hub (tableClaim.ts), by tipKey. */
  private readonly heldTables = new Set<string>();

  constructor(
    private readonly ctx: CountContext,
    private readonly echo: Subject<LocalBallotChange>,
  ) {
    const watching = ctx.db.ballots.insert$.subscribe((event) => {
      const doc = event.documentData as BallotDoc;
      if (!this.ownIds.delete(doc.id)) this.tips.delete(tipKey(doc.round, tableOfPlace(doc.seq), doc.entry));
    });
    // A new import wipes the election's records: nothing read of the old election stays.
    watching.add(
      merge(ctx.db.ballots.remove$, ctx.db.countRecords.remove$).subscribe(() => {
        this.tips.clear();
        this.failed.clear();
        this.heldTables.clear();
        this.entering = null;
      }),
    );
  }

  /** The table this window enters from now on (its places, countTables.ts); false for a number that is not a table. */
  useTable(table: number): boolean {
    if (!isCountTable(table)) return false;
    this.table = table;
    return true;
  }

  get currentTable(): number {
    return this.table;
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

  private loadTip(round: number, table: number, entry: Entry): Promise<void> {
    const key = tipKey(round, table, entry);
    let load = this.tipLoads.get(key);
    if (!load) {
      // After the ballots in flight are stored, so the storage holds all of this window's.
      load = this.inOrder(async () => {
        if (!this.tips.has(key)) this.tips.set(key, await entryTip(this.ctx, round, table, entry));
      }).finally(() => this.tipLoads.delete(key));
      this.tipLoads.set(key, load);
    }
    return load;
  }

  /** The desk's tip, read from storage and main's journal when it is not known; null (with the reason) when main cannot be asked. */
  private async tipOf(round: number, entry: Entry): Promise<Tip | Outcome<never>> {
    const table = this.table;
    // (Another window's ballot may drop the place again while it loads: then it is read again.)
    try {
      while (!this.tips.has(tipKey(round, table, entry))) await this.loadTip(round, table, entry);
    } catch (error) {
      return refused('count.placeUnknown', { detail: messageOf(error) });
    }
    return this.tips.get(tipKey(round, table, entry)) as Tip;
  }

  async enterBallot(entry: Entry, ballot: BallotEntryInput, by: Operator): Promise<Outcome<BallotDoc>> {
    const { ctx, tips } = this;
    if (!ctx.actor.can({ type: 'ENTER_BALLOT' })) return refused('count.notEntering');
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
    // A new ballot at this desk drops the one that failed (its paper is entered anew).
    this.failed.delete(tipKey(r, this.table, entry));
    // A count desk's first ballot at a table and entry: the hub gives it to this machine (or names who has it).
    if (!this.heldTables.has(tipKey(r, this.table, entry))) {
      const gate = await this.takeTable(r, entry, by);
      if (gate) return gate;
    }
    const tip = tips.get(tipKey(r, this.table, entry)) ?? (await this.tipOf(r, entry));
    if ('ok' in tip) return tip;
    // A count desk's table and entry are one machine's (two machines would number the same papers).
    if (this.table !== 0 && tip.last && tip.last.desk !== by.desk) return refused('count.tableTaken', { table: this.table, entry, desk: tip.last.desk });
    // (A table's papers are at most the recovered ballots; that every table's add up to them is finishCount's check.)
    if (tip.nextSeq - firstPlaceOf(this.table) >= boxes.recovered) return refused('count.allEntered', { recovered: boxes.recovered });
    const seq = tip.nextSeq;
    const doc: BallotDoc = {
      // Two windows entering the same place get the same id: the second insert conflicts.
      id: ballotDocId(r, entry, seq, tip.attemptsAtNext + 1),
      round: r,
      entry,
      seq,
      kind: 'ballot',
      status: ballot.status,
      marks: asBallot.marks === null ? null : (JSON.parse(JSON.stringify(asBallot.marks)) as BallotDoc['marks']),
      at: ctx.now(),
      clerk: by.clerk,
      desk: by.desk,
    };
    return this.reserve(doc, tip, by);
  }

  /**
   * Takes this window's table and entry of the round at the station hub before its first ballot
   * there (tableClaim.ts): null when this machine holds it (or needs none: table 0, no hub),
   * else the refusal — another desk holds it (named), or the hub cannot be reached and this
   * machine never entered there (a desk that did took it before, and keeps entering offline).
   */
  private async takeTable(round: number, entry: Entry, by: Operator): Promise<Outcome<never> | null> {
    const table = this.table;
    const key = tipKey(round, table, entry);
    const claimed = await claimCountTable(this.ctx.bridge, { round, table, entry, clerk: by.clerk, take: true });
    if (claimed.kind === 'refused') return { ok: false, issues: claimed.issues };
    if (claimed.kind === 'offline' && !(await this.enteredHere(round, entry, by))) return refused('hub.tableClaimOffline', { table, entry, detail: claimed.reason.slice(0, 200) });
    this.heldTables.add(key);
    return null;
  }

  /** This desk entered the round's last ballot at this table and entry: offline, it keeps the table it took before. */
  private async enteredHere(round: number, entry: Entry, by: Operator): Promise<boolean> {
    const tip = await this.tipOf(round, entry);
    return !('ok' in tip) && tip.last !== null && tip.last.desk === by.desk;
  }

  /**
   * Whether this window may start entering at its table and entry (the entry screen, on opening):
   * no issue when this machine holds it or nobody does; else why not — another desk holds it
   * (named, with its clerk and when), or the hub cannot confirm it (offline, never entered here).
   * Asks only: the table is taken with the first ballot.
   */
  async tableStanding(entry: Entry, by: Operator): Promise<readonly ValidationIssue[]> {
    const round = roundOf(this.ctx);
    const table = this.table;
    if (table === 0 || this.heldTables.has(tipKey(round, table, entry))) return [];
    const asked = await claimCountTable(this.ctx.bridge, { round, table, entry, clerk: by.clerk, take: false });
    if (asked.kind === 'refused') return asked.issues;
    if (asked.kind !== 'offline' || (await this.enteredHere(round, entry, by))) return [];
    return [issue('hub.tableClaimOffline', [], { table, entry, detail: asked.reason.slice(0, 200) })];
  }

  /** Reserves the ballot's place, shows it now, and stores it in reading order. */
  private reserve(doc: BallotDoc, tip: Tip, by: Operator): Promise<Outcome<BallotDoc>> {
    const { round: r, entry, seq } = doc;
    this.tips.set(tipKey(r, this.table, entry), { ...tip, last: doc, nextSeq: seq + 1, attemptsAtNext: tip.journaledAhead.get(seq + 1) ?? 0 });
    // What main's journal holds at this place from a closed window is taken back before this ballot is journaled.
    const stale = tip.orphans.get(seq)?.filter((record) => record.id !== doc.id) ?? [];
    const reservedIn = this.generation;
    this.echo.next({ type: 'entered', doc });
    return this.inOrder(() => this.store(doc, reservedIn, stale, by));
  }

  /**
   * Stores again, as it was, the desk's ballot whose store failed (same id, same contents: main's
   * journal acknowledges it if it holds it already). If another window took its place meanwhile,
   * the same reading goes to the next place.
   */
  async retryBallot(entry: Entry, by: Operator): Promise<Outcome<BallotDoc>> {
    if (!this.ctx.actor.can({ type: 'ENTER_BALLOT' })) return refused('count.notEntering');
    const r = roundOf(this.ctx);
    const failed = this.failed.get(tipKey(r, this.table, entry));
    if (!failed) return refused('count.nothingToRetry');
    const { doc } = failed;
    const again = (): Promise<Outcome<BallotDoc>> => this.enterBallot(entry, doc.status === 'valid' ? { status: 'valid', marks: doc.marks ?? {} } : { status: doc.status ?? 'blank' }, by);
    if (failed.placeTaken) return again();
    const tip = this.tips.get(tipKey(r, this.table, entry)) ?? (await this.tipOf(r, entry));
    if ('ok' in tip) return tip;
    if (tip.nextSeq !== doc.seq) return again();
    this.failed.delete(tipKey(r, this.table, entry));
    return this.reserve(doc, tip, by);
  }

  /** Drops the desk's ballot whose store failed: its paper is entered anew (at the same place, under a new id if main's journal holds the old one). */
  discardBallot(entry: Entry): void {
    this.failed.delete(tipKey(roundOf(this.ctx), this.table, entry));
  }

  /**
   * Where the desk stands, from storage and main's journal (what a screen opening shows): the
   * ballots stored, the next place, and the papers a closed window left unconfirmed.
   */
  async resumePoint(entry: Entry): Promise<Outcome<ResumePoint>> {
    if (!this.ctx.actor.can({ type: 'ENTER_BALLOT' })) return refused('count.notEntering');
    const r = roundOf(this.ctx);
    const tip = this.tips.get(tipKey(r, this.table, entry)) ?? (await this.tipOf(r, entry));
    if ('ok' in tip) return tip;
    return { ok: true, value: { saved: tip.nextSeq - firstPlaceOf(this.table), next: tip.nextSeq, reenterTo: tip.reenterTo >= tip.nextSeq ? tip.reenterTo : null } };
  }

  /** Stores a reserved ballot: main's fsync'd journal first, then the database and the audit log. */
  private async store(doc: BallotDoc, reservedIn: number, stale: readonly JournaledRecord['record'][], by: Operator): Promise<Outcome<BallotDoc>> {
    const { ctx } = this;
    const { round: r, entry, seq } = doc;
    const refuse = (outcome: Outcome<BallotDoc>, keep: FailedBallot | null) => {
      // Ballots reserved after this one were numbered after it: they are refused too.
      this.generation++;
      this.tips.delete(tipKey(r, tableOfPlace(seq), entry));
      if (keep) this.failed.set(tipKey(r, tableOfPlace(seq), entry), keep);
      this.echo.next({ type: 'dropped', doc });
      return outcome;
    };
    if (reservedIn !== this.generation) return refuse(refused('count.earlierNotStored', { seq }), null);
    try {
      for (const record of stale) await ctx.bridge.journal({ kind: 'rejected', record: { of: 'ballot', record } });
      await ctx.bridge.journal({ kind: 'ballot', record: doc }); // main's fsync'd journal first
    } catch (error) {
      return refuse(refused('count.entryNotStored', { seq, detail: messageOf(error) }), { doc, placeTaken: false });
    }
    try {
      this.ownIds.add(doc.id);
      await ctx.db.ballots.insert(doc);
    } catch (error) {
      this.ownIds.delete(doc.id);
      await ctx.bridge.journal({ kind: 'rejected', record: { of: 'ballot', record: doc } }).catch(() => undefined);
      if ((error as { code?: string }).code === 'CONFLICT') return refuse(refused('count.concurrentEntry'), { doc, placeTaken: true });
      return refuse(refused('count.entryNotStored', { seq, detail: messageOf(error) }), { doc, placeTaken: false });
    }
    this.failed.delete(tipKey(r, tableOfPlace(seq), entry));
    await log(ctx, 'ballot.entered', { id: doc.id, entry, seq }, by);
    return { ok: true, value: doc };
  }

  async withdrawLast(entry: Entry, reason: string, by: Operator): Promise<Outcome<BallotDoc>> {
    const { ctx } = this;
    if (!ctx.actor.can({ type: 'ENTER_BALLOT' })) return refused('count.notEntering');
    if (!reason.trim()) return refused('checkin.reasonRequired');
    const r = roundOf(ctx);
    // Ballots entered from now on wait for the withdrawal (their place is read again after it).
    this.tips.delete(tipKey(r, this.table, entry));
    // After every ballot before it is stored; the pile's end is read from storage.
    return this.inOrder(async (): Promise<Outcome<BallotDoc>> => {
      const { last } = await storedTip(ctx, r, this.table, entry);
      if (!last) return refused('count.nothingToWithdraw');
      if (this.table !== 0 && last.desk !== by.desk) return refused('count.tableTaken', { table: this.table, entry, desk: last.desk });
      // A withdrawal of it a closed window journaled but never stored is taken back first.
      if (ctx.bridge.journaledBallots) await takeBackUnstoredWithdrawals(ctx, (await ctx.bridge.journaledBallots(r, entry, last.seq)).records, last);
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
      try {
        await ctx.db.ballots.insert(withdrawal);
      } catch (error) {
        // Taken back in the journal too, so a rebuild from it keeps the ballot the database kept.
        this.ownIds.delete(withdrawal.id);
        await ctx.bridge.journal({ kind: 'rejected', record: { of: 'withdrawal', record: withdrawal } }).catch(() => undefined);
        throw error;
      }
      await log(ctx, 'ballot.withdrawn', { id: last.id, entry, seq: last.seq, reason: withdrawal.reason }, by);
      return { ok: true, value: withdrawal };
    });
  }

  /** Resolves once the ballots still being stored are stored (or refused). */
  settled(): Promise<void> {
    return this.inOrder(async () => undefined);
  }
}
