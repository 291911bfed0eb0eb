/**
 * `audit`: the hash-chained audit log; the id carries the chain and the seq (`audit-000000001`).
 *
 * Version 1 adds an index on `id`. The chain's head is found by "first id at or above" lookups
 * within the chain's ids (renderer/db/auditTail.ts); RxDB adds its `[_deleted, id]` index only to
 * a schema that declares none, so under version 0 each lookup was planned on `[_meta.lwt, id]`
 * and read the whole log — 28 lookups of a quarter of a second each at a cold start with 10,000
 * events. The documents are unchanged.
 */
import type { MigrationStrategies, RxJsonSchema } from 'rxdb';
import type { AuditEvent } from '../../../shared/station/records';
import { actorFields, recordIdField, sha256Field, timeField, type Mutable } from './fields';

export type AuditDoc = Mutable<Omit<AuditEvent, 'data'>> & { data: Record<string, unknown> };

const auditProperties = {
  id: recordIdField,
  seq: { type: 'integer', minimum: 1, maximum: 999_999_999, multipleOf: 1 },
  at: timeField,
  type: { type: 'string', minLength: 1, maxLength: 100 },
  data: { type: 'object' },
  prevHash: sha256Field,
  hash: sha256Field,
  ...actorFields,
} as const;

/** Version 0: indexed by `seq` only (kept so that the migration to version 1 stays tested). */
export const auditSchemaV0: RxJsonSchema<AuditDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: auditProperties,
  required: ['id', 'seq', 'at', 'type', 'data', 'prevHash', 'hash', 'clerk', 'desk'],
  additionalProperties: false,
  indexes: ['seq'],
};

/**
 * `['id']` (RxDB makes it `[_deleted, id]`) and not `'id'`: RxDB's dev mode refuses the primary key
 * named as an index ("primary is always index" — of the storage, but not one its query planner uses).
 */
export const auditSchema: RxJsonSchema<AuditDoc> = { ...auditSchemaV0, version: 1, indexes: ['seq', ['id']] };

/** v0 → v1: the same documents, now also in the `id` index. */
export const auditMigrationStrategies: MigrationStrategies = {
  1: (old: AuditDoc): AuditDoc => old,
};
