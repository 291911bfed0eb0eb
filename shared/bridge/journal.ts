/**
 * What the renderer may send to main's journal (`journal(entry)` and the recovery ids of
 * `consumeRecovery(id)`), as zod schemas: main checks them at every door before the journal
 * service runs (shared/bridge/methods.ts), and main/services/journal writes and rebuilds them.
 *
 * The fields the rebuild needs are checked, other fields pass through so a new optional field
 * of a record does not stop polling.
 */
import { z } from 'zod';
import { MAX_ENTRY_BYTES } from './limits';

const id = z.string().min(1).max(200);
const round = z.number().int().min(1).max(100);
const time = z.string().min(1).max(40);
const person = z.string().max(64);

export const checkinRecordSchema = z.looseObject({
  id,
  round,
  voterId: id,
  kind: z.enum(['inPerson', 'proxy', 'mobile']),
  status: z.enum(['issued', 'undone']),
  issuedAt: time,
  clerk: person,
  desk: person,
});

export const ballotRecordSchema = z.looseObject({
  id,
  round,
  entry: z.enum(['A', 'B']),
  seq: z.number().int().min(1),
  kind: z.literal('ballot'),
  at: time,
  clerk: person,
  desk: person,
});

export const withdrawalRecordSchema = z.looseObject({
  id,
  round,
  entry: z.enum(['A', 'B']),
  seq: z.number().int().min(1),
  kind: z.literal('withdrawal'),
  withdraws: id,
  at: time,
  clerk: person,
  desk: person,
});

const count = z.number().int().min(0).max(10_000_000);

/** The boxes as opened (shared/station/countInput.ts BoxesRecord): main recounts from it. */
export const boxesDataSchema = z.looseObject({
  mainBox: count,
  mobileBoxes: z.array(z.looseObject({ tripId: id, count, served: count, void: z.boolean() })).max(1000),
  recovered: count,
  issued: count,
  registeredVoters: count,
  doubleEntry: z.boolean(),
  voidReason: z.string().max(64).nullable(),
});

/** The 监票人's choice for one double-entry disagreement. */
export const resolutionDataSchema = z.looseObject({ seq: z.number().int().min(1), chosen: z.enum(['A', 'B']) });

/** A count record the recount needs (the renderer's countRecords document, as stored). */
export const countRecordSchema = z.discriminatedUnion('kind', [
  z.looseObject({ id, round, kind: z.literal('boxes'), data: boxesDataSchema, at: time, clerk: person, desk: person }),
  z.looseObject({ id, round, kind: z.literal('resolution'), data: resolutionDataSchema, at: time, clerk: person, desk: person }),
]);

export const RECORD_KINDS = ['checkin', 'ballot', 'withdrawal', 'count'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What the renderer may send: `journal(entry)` of the StationBridge. */
export const journalEntrySchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('checkin'), record: checkinRecordSchema }),
    z.strictObject({ kind: z.literal('ballot'), record: ballotRecordSchema }),
    z.strictObject({ kind: z.literal('withdrawal'), record: withdrawalRecordSchema }),
    z.strictObject({ kind: z.literal('count'), record: countRecordSchema }),
    z.strictObject({
      kind: z.literal('rejected'),
      record: z.strictObject({ of: z.enum(RECORD_KINDS), record: z.looseObject({ id }) }),
    }),
  ])
  .refine((entry) => JSON.stringify(entry).length <= MAX_ENTRY_BYTES, { message: `an entry is at most ${MAX_ENTRY_BYTES} bytes of JSON` })
  .describe('journal entry');

export type ParsedEntry = z.infer<typeof journalEntrySchema>;

/** A recovery's id: the sha256 (lowercase hex) of its file. */
export const recoveryIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a recovery id (sha256 hex)').describe('recovery id');
