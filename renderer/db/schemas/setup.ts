/** `setup`: the station's staff and materials (StationSetup) — one document, id 'setup'. */
import type { MigrationStrategies, RxJsonSchema } from 'rxdb';
import type { StationSetup } from '../../../shared/station/records';
import { countField, namesField, personField, textField, timeField, type Mutable } from './fields';

export const SETUP_DOC_ID = 'setup';

/** Version 0: without `ballotStockReason` (kept so that the migration to version 1 stays tested). */
export type SetupDocV0 = Mutable<Omit<StationSetup, 'ballotStockReason'>> & {
  id: typeof SETUP_DOC_ID;
  /** The ballot stock of each runoff: index 0 is round 2 (set when a runoff starts). */
  runoffBallotStocks?: number[];
};

export type SetupDoc = SetupDocV0 & {
  /**
   * Why the entered stock differs from the package's allocation or the electorate
   * (shared/rules/ballotStock.ts), null when it does not differ.
   */
  ballotStockReason: string | null;
};

const setupProperties = {
  id: { type: 'string', enum: [SETUP_DOC_ID], maxLength: 16 },
  chair: personField,
  chiefScrutineer: personField,
  scrutineers: namesField,
  callers: namesField,
  recorders: namesField,
  checkinClerks: namesField,
  ballotStock: countField,
  emptyBoxCheckedBy: personField,
  emptyBoxCheckedAt: timeField,
  runoffBallotStocks: { type: 'array', items: countField },
} as const;
const setupRequired = ['id', 'chair', 'chiefScrutineer', 'scrutineers', 'callers', 'recorders', 'checkinClerks', 'ballotStock', 'emptyBoxCheckedBy', 'emptyBoxCheckedAt'] as const;

export const setupSchemaV0: RxJsonSchema<SetupDocV0> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: setupProperties,
  required: [...setupRequired],
  additionalProperties: false,
};

/** Version 1 keeps the reason for a ballot stock that differs (null when it does not). */
export const setupSchema: RxJsonSchema<SetupDoc> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...setupProperties,
    ballotStockReason: { ...textField, type: ['string', 'null'] },
  },
  required: [...setupRequired, 'ballotStockReason'],
  additionalProperties: false,
};

/**
 * v0 → v1: every field kept; `ballotStockReason` is null — a setup confirmed before the check
 * existed gave no reason (its stock stands as it was accepted then).
 */
export const setupMigrationStrategies: MigrationStrategies = {
  1: (old: SetupDocV0): SetupDoc => ({ ...old, ballotStockReason: null }),
};

/**
 * A setup document as the district may still hold it — pushed by a station before version 1,
 * without `ballotStockReason` — made a version 1 document (the reason null, as the migration
 * does), so a pull never fails validation on it. The sync's pull modifier for `setup`.
 */
export function setupDocFromDistrict<T>(doc: T): T {
  if (doc === null || typeof doc !== 'object' || 'ballotStockReason' in doc) return doc;
  return { ...doc, ballotStockReason: null };
}
