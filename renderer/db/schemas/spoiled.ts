/** `spoiled`: spoiled ballots handed back and replaced (写错换票). */
import type { RxJsonSchema } from 'rxdb';
import type { SpoiledBallotRecord } from '../../../shared/station/records';
import { actorFields, idField, recordIdField, roundField, textField, timeField, type Mutable } from './fields';

export type SpoiledDoc = Mutable<SpoiledBallotRecord>;

export const spoiledSchema: RxJsonSchema<SpoiledDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: recordIdField, round: roundField, voterId: idField, at: timeField, reason: textField, ...actorFields },
  required: ['id', 'round', 'voterId', 'at', 'reason', 'clerk', 'desk'],
  additionalProperties: false,
};
