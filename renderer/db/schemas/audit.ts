/** `audit`: the hash-chained audit log; the id carries the seq (`audit-000000001`). */
import type { RxJsonSchema } from 'rxdb';
import type { AuditEvent } from '../../../shared/station/records';
import { actorFields, recordIdField, sha256Field, timeField, type Mutable } from './fields';

export type AuditDoc = Mutable<Omit<AuditEvent, 'data'>> & { data: Record<string, unknown> };

export const auditSchema: RxJsonSchema<AuditDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: recordIdField,
    seq: { type: 'integer', minimum: 1, maximum: 999_999_999, multipleOf: 1 },
    at: timeField,
    type: { type: 'string', minLength: 1, maxLength: 100 },
    data: { type: 'object' },
    prevHash: sha256Field,
    hash: sha256Field,
    ...actorFields,
  },
  required: ['id', 'seq', 'at', 'type', 'data', 'prevHash', 'hash', 'clerk', 'desk'],
  additionalProperties: false,
  indexes: ['seq'],
};
