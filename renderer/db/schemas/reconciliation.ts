/** `reconciliation`: the close-of-polls ballot account of each round. */
import type { RxJsonSchema } from 'rxdb';
import type { ReconciliationRecord } from '../../../shared/station/records';
import { actorFields, countField, recordIdField, roundField, timeField, type Mutable } from './fields';

export type ReconciliationDoc = Mutable<ReconciliationRecord>;

export const reconciliationSchema: RxJsonSchema<ReconciliationDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: recordIdField,
    round: roundField,
    stock: countField,
    issued: countField,
    spoiled: countField,
    unused: countField,
    difference: { type: 'integer', minimum: -10_000_000, maximum: 10_000_000, multipleOf: 1 },
    explanation: { type: 'string', maxLength: 2000 },
    signedOffBy: { type: 'string', maxLength: 64 },
    at: timeField,
    ...actorFields,
  },
  required: ['id', 'round', 'stock', 'issued', 'spoiled', 'unused', 'difference', 'at', 'clerk', 'desk'],
  additionalProperties: false,
};
