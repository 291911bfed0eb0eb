/** `trips`: mobile ballot box trips (流动票箱). */
import type { RxJsonSchema } from 'rxdb';
import type { MobileTripRecord } from '../../../shared/station/records';
import { actorFields, countField, namesField, recordIdField, roundField, timeField, type Mutable } from './fields';

export type TripDoc = Mutable<MobileTripRecord>;

export const tripsSchema: RxJsonSchema<TripDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: recordIdField,
    round: roundField,
    ballotsOut: countField,
    staff: namesField,
    departedAt: timeField,
    status: { type: 'string', enum: ['out', 'returned'], maxLength: 10 },
    ballotsBack: countField,
    returnedAt: timeField,
    ...actorFields,
  },
  required: ['id', 'round', 'ballotsOut', 'staff', 'departedAt', 'status', 'clerk', 'desk'],
  additionalProperties: false,
};
