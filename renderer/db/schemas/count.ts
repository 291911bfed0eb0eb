/** Schemas of the count: ballots as read (append-only) and the count's records. */
import type { RxJsonSchema } from 'rxdb';
import { actorFields, idField, roundField, textField, timeField } from './fields';

/**
 * One paper ballot as read, or the withdrawal of one. Never edited: a withdrawal is a new
 * document naming the ballot it withdraws, and the re-read ballot takes the same `seq` again.
 */
export interface BallotDoc {
  id: string;
  round: number;
  /** Entry desk: 'A', or 'B' for the second clerk of a double entry. */
  entry: 'A' | 'B';
  /** Position of the ballot in the pile as read out (1, 2, 3, …). */
  seq: number;
  kind: 'ballot' | 'withdrawal';
  status?: 'valid' | 'blank' | 'unreadable';
  marks?: Record<string, { for: string[]; against: string[]; writeIns: string[] }> | null;
  withdraws?: string;
  reason?: string;
  at: string;
  clerk: string;
  desk: string;
}

export const ballotsSchema: RxJsonSchema<BallotDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    round: roundField,
    entry: { type: 'string', enum: ['A', 'B'], maxLength: 1 },
    seq: { type: 'integer', minimum: 1, maximum: 10_000_000, multipleOf: 1 },
    kind: { type: 'string', enum: ['ballot', 'withdrawal'], maxLength: 10 },
    status: { type: 'string', enum: ['valid', 'blank', 'unreadable'] },
    marks: { type: ['object', 'null'] },
    withdraws: idField,
    reason: textField,
    at: timeField,
    ...actorFields,
  },
  required: ['id', 'round', 'entry', 'seq', 'kind', 'at', 'clerk', 'desk'],
  additionalProperties: false,
  indexes: [['round', 'entry', 'seq']],
};

/**
 * The count's records of a round: the boxes as opened (`boxes-R`), the result (`result-R`),
 * each double-entry disagreement settled by the 监票人 (`resolution-R-SEQ`), and the signed
 * results with the printed sheet (`sheet-R`, R = the last round).
 */
export interface CountRecordDoc {
  id: string;
  round: number;
  kind: 'boxes' | 'result' | 'resolution' | 'sheet';
  data: Record<string, unknown>;
  at: string;
  clerk: string;
  desk: string;
}

export const countRecordsSchema: RxJsonSchema<CountRecordDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    round: roundField,
    kind: { type: 'string', enum: ['boxes', 'result', 'resolution', 'sheet'], maxLength: 12 },
    data: { type: 'object' },
    at: timeField,
    ...actorFields,
  },
  required: ['id', 'round', 'kind', 'data', 'at', 'clerk', 'desk'],
  additionalProperties: false,
};
