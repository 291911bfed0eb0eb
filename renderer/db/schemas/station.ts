/** Schemas of the station's polling-day records (shared/station/records.ts). */
import type { RxJsonSchema } from 'rxdb';
import type {
  AuditEvent,
  CheckinRecord,
  MobileTripRecord,
  ProxyRecord,
  ReconciliationRecord,
  SpoiledBallotRecord,
  StationSetup,
} from '../../../shared/station/records';
import { actorFields, countField, idField, namesField, roundField, textField, timeField } from './fields';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

export type CheckinDoc = Mutable<CheckinRecord>;
export const checkinsSchema: RxJsonSchema<CheckinDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    round: roundField,
    voterId: idField,
    kind: { type: 'string', enum: ['inPerson', 'proxy', 'mobile'], maxLength: 10 },
    status: { type: 'string', enum: ['issued', 'undone'], maxLength: 10 },
    issuedAt: timeField,
    holderVoterId: idField,
    proxyId: idField,
    tripId: idField,
    undoneAt: timeField,
    undoneBy: textField,
    undoReason: textField,
    ...actorFields,
  },
  required: ['id', 'round', 'voterId', 'kind', 'status', 'issuedAt', 'clerk', 'desk'],
  additionalProperties: false,
  indexes: [['round', 'status'], 'voterId'],
};

export type ProxyDoc = Mutable<ProxyRecord>;
export const proxiesSchema: RxJsonSchema<ProxyDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    round: roundField,
    entrustingVoterId: idField,
    holderVoterId: idField,
    formNumber: { type: 'string', maxLength: 64 },
    relationship: { type: 'string', enum: ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild', 'other'], maxLength: 16 },
    recordedAt: timeField,
    ...actorFields,
  },
  required: ['id', 'round', 'entrustingVoterId', 'holderVoterId', 'formNumber', 'relationship', 'recordedAt', 'clerk', 'desk'],
  additionalProperties: false,
  indexes: ['holderVoterId', 'entrustingVoterId'],
};

export type TripDoc = Mutable<MobileTripRecord>;
export const tripsSchema: RxJsonSchema<TripDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
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

export type SpoiledDoc = Mutable<SpoiledBallotRecord>;
export const spoiledSchema: RxJsonSchema<SpoiledDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: idField, round: roundField, voterId: idField, at: timeField, reason: textField, ...actorFields },
  required: ['id', 'round', 'voterId', 'at', 'reason', 'clerk', 'desk'],
  additionalProperties: false,
};

export type ReconciliationDoc = Mutable<ReconciliationRecord>;
export const reconciliationSchema: RxJsonSchema<ReconciliationDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    round: roundField,
    stock: countField,
    issued: countField,
    spoiled: countField,
    unused: countField,
    difference: { type: 'integer', minimum: -10_000_000, maximum: 10_000_000 },
    explanation: { type: 'string', maxLength: 2000 },
    signedOffBy: { type: 'string', maxLength: 64 },
    at: timeField,
    ...actorFields,
  },
  required: ['id', 'round', 'stock', 'issued', 'spoiled', 'unused', 'difference', 'at', 'clerk', 'desk'],
  additionalProperties: false,
};

export type AuditDoc = Mutable<Omit<AuditEvent, 'data'>> & { data: Record<string, unknown> };
export const auditSchema: RxJsonSchema<AuditDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    seq: { type: 'integer', minimum: 1, maximum: 1_000_000_000, multipleOf: 1 },
    at: timeField,
    type: { type: 'string', maxLength: 64 },
    data: { type: 'object' },
    prevHash: { type: 'string', maxLength: 64 },
    hash: { type: 'string', maxLength: 64 },
    ...actorFields,
  },
  required: ['id', 'seq', 'at', 'type', 'data', 'prevHash', 'hash', 'clerk', 'desk'],
  additionalProperties: false,
  indexes: ['seq'],
};

export type SetupDoc = Mutable<StationSetup> & { id: string };
export const setupSchema: RxJsonSchema<SetupDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    chair: { type: 'string', maxLength: 64 },
    chiefScrutineer: { type: 'string', maxLength: 64 },
    scrutineers: namesField,
    callers: namesField,
    recorders: namesField,
    checkinClerks: namesField,
    ballotStock: countField,
    emptyBoxCheckedBy: { type: 'string', maxLength: 64 },
    emptyBoxCheckedAt: timeField,
  },
  required: ['id', 'chair', 'chiefScrutineer', 'scrutineers', 'callers', 'recorders', 'checkinClerks', 'ballotStock', 'emptyBoxCheckedBy', 'emptyBoxCheckedAt'],
  additionalProperties: false,
};

export interface MachineDoc {
  id: string;
  snapshot: Record<string, unknown>;
  savedAt: string;
}
export const machineSchema: RxJsonSchema<MachineDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: idField, snapshot: { type: 'object' }, savedAt: timeField },
  required: ['id', 'snapshot', 'savedAt'],
  additionalProperties: false,
};
