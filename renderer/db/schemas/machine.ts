/** `machine`: the polling-day machine's persisted snapshot — one document, id 'polling-day'. */
import type { RxJsonSchema } from 'rxdb';
import { timeField } from './fields';

export const MACHINE_DOC_ID = 'polling-day';

export type MachineDoc = {
  id: typeof MACHINE_DOC_ID;
  /** XState's `getPersistedSnapshot()`, as JSON. */
  snapshot: Record<string, unknown>;
  savedAt: string;
};

export const machineSchema: RxJsonSchema<MachineDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', enum: [MACHINE_DOC_ID], maxLength: 16 }, snapshot: { type: 'object' }, savedAt: timeField },
  required: ['id', 'snapshot', 'savedAt'],
  additionalProperties: false,
};
