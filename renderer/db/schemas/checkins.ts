/** `checkins`: one ballot issued to one voter in one round; the id `${round}:${voterId}` refuses a second. */
import type { RxJsonSchema } from 'rxdb';
import type { CheckinRecord } from '../../../shared/station/records';
import { actorFields, idField, recordIdField, roundField, textField, timeField, type Mutable } from './fields';

export type CheckinDoc = Mutable<CheckinRecord>;

export const checkinsSchema: RxJsonSchema<CheckinDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: recordIdField,
    round: roundField,
    voterId: idField,
    kind: { type: 'string', enum: ['inPerson', 'proxy', 'mobile'], maxLength: 10 },
    status: { type: 'string', enum: ['issued', 'undone'], maxLength: 10 },
    issuedAt: timeField,
    holderVoterId: idField,
    proxyId: recordIdField,
    tripId: recordIdField,
    undoneAt: timeField,
    undoneBy: { type: 'string', maxLength: 64 },
    undoReason: textField,
    ...actorFields,
  },
  required: ['id', 'round', 'voterId', 'kind', 'status', 'issuedAt', 'clerk', 'desk'],
  additionalProperties: false,
  indexes: [['round', 'status'], 'voterId'],
};
