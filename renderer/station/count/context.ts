/**
 * What every part of the count works with: the station's database, audit log, machine and
 * bridge, and the count records of a round (boxes, result, resolutions, sheet).
 */
import { issue } from '../../../shared/election/issues';
import type { CountResult } from '../../../shared/election/schemas';
import { resultId } from '../../../shared/station/recordIds';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import type { AuditLog } from '../../db/audit';
import type { StationDatabase } from '../../db/database';
import type { BallotDoc, CountRecordDoc } from '../../db/schemas/count';
import type { PollingDayGate } from '../../machine/gate';
import type { Operator, Outcome } from '../types';

/** What the clerk sees of the count before storage confirms (countView shows it at once). */
export interface LocalBallotChange {
  readonly type: 'entered' | 'dropped';
  readonly doc: BallotDoc;
}

export interface CountContext {
  readonly db: StationDatabase;
  readonly audit: AuditLog;
  readonly actor: PollingDayGate;
  readonly bridge: StationBridge;
  readonly now: () => string;
}

export const roundOf = (ctx: CountContext): number => ctx.actor.getSnapshot().context.round;

export const log = (ctx: CountContext, type: string, data: Record<string, unknown>, by: Operator) =>
  ctx.audit.append({ type, data, clerk: by.clerk, desk: by.desk });

export const refused = <T>(code: Parameters<typeof issue>[0], params?: Record<string, string | number>): Outcome<T> => ({
  ok: false,
  issues: [issue(code, [], params)],
});

/** The data of one count record, or null when there is none. */
export async function countRecord<T>(ctx: CountContext, id: string): Promise<T | null> {
  const doc = await ctx.db.countRecords.findOne(id).exec();
  return doc ? ((doc.toJSON() as CountRecordDoc).data as T) : null;
}

/** The result of the round before `round` (what a runoff is counted against). */
export async function previousResult(ctx: CountContext, round: number): Promise<CountResult | null> {
  return round === 1 ? null : ((await countRecord<{ result: CountResult }>(ctx, resultId(round - 1)))?.result ?? null);
}

/** The count records main recounts from before it signs (main/services/countFromJournal.ts): journaled first. */
const JOURNALED_KINDS: ReadonlySet<CountRecordDoc['kind']> = new Set(['boxes', 'resolution']);

export async function saveCountRecord(ctx: CountContext, kind: CountRecordDoc['kind'], id: string, data: Record<string, unknown>, by: Operator): Promise<void> {
  const doc = {
    id,
    round: roundOf(ctx),
    kind,
    data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>,
    at: ctx.now(),
    clerk: by.clerk,
    desk: by.desk,
  };
  // On disk in main's journal before the database holds it, as check-ins and ballots are: main
  // signs only what it can recount from its journal.
  if (JOURNALED_KINDS.has(kind)) await ctx.bridge.journal({ kind: 'count', record: doc });
  await ctx.db.countRecords.upsert(doc);
}
