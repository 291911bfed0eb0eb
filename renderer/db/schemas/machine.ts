/**
 * `machine`: the polling-day machine's stored state — one document, id 'polling-day', the one
 * state every window of the station follows (renderer/machine/gate.ts writes it, compare-and-set
 * on its revision).
 *
 * Version 1 adds `version` (1, 2, 3 … one more with every write: a window replaces its snapshot
 * when the stored one is newer) and `audit` (the audit entry of the transition that wrote it, in
 * the same write as the new state; appended to the hash-chained log right after).
 */
import type { MigrationStrategies, RxJsonSchema } from 'rxdb';
import { timeField } from './fields';

export const MACHINE_DOC_ID = 'polling-day';

/** Version 0: the snapshot and when it was saved. */
export type MachineDocV0 = {
  id: typeof MACHINE_DOC_ID;
  snapshot: Record<string, unknown>;
  savedAt: string;
};

/** The audit entry of a transition, as stored with the state it produced. */
export type MachineAuditEntry = {
  type: string;
  data: Record<string, unknown>;
  clerk: string;
  desk: string;
  at: string;
};

export type MachineDoc = {
  id: typeof MACHINE_DOC_ID;
  /** XState's `getPersistedSnapshot()`, as JSON. */
  snapshot: Record<string, unknown>;
  /** One more with every write of the document. */
  version: number;
  savedAt: string;
  /** The transition's audit entry; null for a write no one audits (a desk's half-done check-in mark). */
  audit: MachineAuditEntry | null;
};

const id = { type: 'string', enum: [MACHINE_DOC_ID], maxLength: 16 } as const;

export const machineSchemaV0: RxJsonSchema<MachineDocV0> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id, snapshot: { type: 'object' }, savedAt: timeField },
  required: ['id', 'snapshot', 'savedAt'],
  additionalProperties: false,
};

export const machineSchema: RxJsonSchema<MachineDoc> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    snapshot: { type: 'object' },
    version: { type: 'integer', minimum: 0, maximum: 1_000_000_000, multipleOf: 1 },
    savedAt: timeField,
    audit: { type: ['object', 'null'] },
  },
  required: ['id', 'snapshot', 'version', 'savedAt', 'audit'],
  additionalProperties: false,
};

export const machineMigrationStrategies: MigrationStrategies = {
  // A version-0 snapshot was saved at least once: it is version 1; its transition's audit event
  // was appended before the snapshot in version 0, so there is none left to append.
  1: (old: MachineDocV0): MachineDoc => ({ id: old.id, snapshot: old.snapshot, version: 1, savedAt: old.savedAt, audit: null }),
};
