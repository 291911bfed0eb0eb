/** `proxies`: written proxy authorisations (委托书). */
import type { RxJsonSchema } from 'rxdb';
import { RELATIONSHIPS, type ProxyRecord } from '../../../shared/station/records';
import { actorFields, idField, recordIdField, roundField, timeField, type Mutable } from './fields';

export type ProxyDoc = Mutable<ProxyRecord>;

export const proxiesSchema: RxJsonSchema<ProxyDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: recordIdField,
    round: roundField,
    entrustingVoterId: idField,
    holderVoterId: idField,
    formNumber: { type: 'string', maxLength: 64 },
    relationship: { type: 'string', enum: [...RELATIONSHIPS], maxLength: 16 },
    recordedAt: timeField,
    ...actorFields,
  },
  required: ['id', 'round', 'entrustingVoterId', 'holderVoterId', 'formNumber', 'relationship', 'recordedAt', 'clerk', 'desk'],
  additionalProperties: false,
  indexes: ['holderVoterId', 'entrustingVoterId'],
};
