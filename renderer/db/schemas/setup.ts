/** `setup`: the station's staff and materials (StationSetup) — one document, id 'setup'. */
import type { RxJsonSchema } from 'rxdb';
import type { StationSetup } from '../../../shared/station/records';
import { countField, namesField, personField, timeField, type Mutable } from './fields';

export const SETUP_DOC_ID = 'setup';

export type SetupDoc = Mutable<StationSetup> & {
  id: typeof SETUP_DOC_ID;
  /** The ballot stock of each runoff: index 0 is round 2 (set when a runoff starts). */
  runoffBallotStocks?: number[];
};

export const setupSchema: RxJsonSchema<SetupDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
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
  },
  required: ['id', 'chair', 'chiefScrutineer', 'scrutineers', 'callers', 'recorders', 'checkinClerks', 'ballotStock', 'emptyBoxCheckedBy', 'emptyBoxCheckedAt'],
  additionalProperties: false,
};
