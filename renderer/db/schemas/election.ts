/** The imported election (one document) and the voter roll (with a tested v0 → v1 migration). */
import type { RxJsonSchema } from 'rxdb';
import type { ElectionDefinition, Voter } from '../../../shared/election/schemas';
import { pinyinOf } from '../pinyin';
import { idField, textField, timeField } from './fields';

export interface ElectionDoc {
  id: 'election';
  election: ElectionDefinition;
  station: { id: string; name: string };
  ballotStock: number;
  issuedAt: string;
  electionHash: string;
  districtKeyFingerprint: string;
  importedAt: string;
}
export const electionSchema: RxJsonSchema<ElectionDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 16 },
    election: { type: 'object' },
    station: { type: 'object', properties: { id: idField, name: textField }, required: ['id', 'name'] },
    ballotStock: { type: 'integer', minimum: 0 },
    issuedAt: timeField,
    electionHash: { type: 'string', maxLength: 64 },
    districtKeyFingerprint: { type: 'string', maxLength: 32 },
    importedAt: timeField,
  },
  required: ['id', 'election', 'station', 'ballotStock', 'issuedAt', 'electionHash', 'districtKeyFingerprint', 'importedAt'],
};

type VoterV0 = { -readonly [K in keyof Voter]: Voter[K] } & { struckReason?: string };
export type VoterDoc = VoterV0 & { pinyinInitials: string; pinyinFull: string };

const voterProperties = {
  id: idField,
  name: { type: 'string', maxLength: 64 },
  gender: { type: 'string', enum: ['F', 'M'], maxLength: 1 },
  birthDate: { type: 'string', maxLength: 10 },
  idTail: { type: 'string', maxLength: 4 },
  address: { type: 'string', maxLength: 200 },
  group: { type: 'string', maxLength: 100 },
  status: { type: 'string', enum: ['registered', 'struck'], maxLength: 10 },
  struckReason: { type: 'string', maxLength: 200 },
} as const;

/** Version 0 of the roll, kept so the migration to version 1 stays tested. */
export const votersSchemaV0: RxJsonSchema<VoterV0> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: voterProperties,
  required: ['id', 'name', 'gender', 'birthDate', 'idTail', 'address', 'group', 'status'],
  additionalProperties: false,
  indexes: ['name', 'idTail', 'group'],
};

/** Version 1 adds the pinyin of the name, for the check-in search by initials. */
export const votersSchema: RxJsonSchema<VoterDoc> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...voterProperties,
    pinyinInitials: { type: 'string', maxLength: 64 },
    pinyinFull: { type: 'string', maxLength: 256 },
  },
  required: ['id', 'name', 'gender', 'birthDate', 'idTail', 'address', 'group', 'status', 'pinyinInitials', 'pinyinFull'],
  additionalProperties: false,
  indexes: ['name', 'pinyinInitials', 'idTail', 'group'],
};

export const votersMigrationStrategies = {
  1: (old: VoterV0): VoterDoc => ({ ...old, ...pinyinOf(old.name) }),
};
