/** `voters`: the roll, one document per voter, with the pinyin of the name for the check-in search. */
import type { MigrationStrategies, RxJsonSchema } from 'rxdb';
import type { Voter } from '../../../shared/election/schemas';
import { pinyinOf } from '../pinyin';
import { LIMITS } from '../../../shared/election/limits';
import { idField } from './fields';

/** Version 0: the roll entry as in the package (unknown keys dropped). */
export type VoterDocV0 = {
  id: string;
  name: string;
  gender: 'F' | 'M';
  birthDate: string;
  idTail: string;
  address: string;
  group: string;
  status: 'registered' | 'struck';
  struckReason?: string;
};

/** Version 1 adds the pinyin of the name: initials (张伟 → zw) and full (zhangwei). */
export type VoterDoc = VoterDocV0 & { pinyinInitials: string; pinyinFull: string };

// Compile-time: a stored voter is a Voter, and it keeps every field a Voter has.
type Fits<T extends U, U> = T;
export type VoterDocFitsVoter = Fits<VoterDocV0, Voter>;
export type VoterFitsVoterDoc = Fits<Pick<Voter, keyof VoterDocV0>, VoterDocV0>;

const voterProperties = {
  id: idField,
  name: { type: 'string', minLength: 1, maxLength: LIMITS.personName },
  gender: { type: 'string', enum: ['F', 'M'], maxLength: 1 },
  birthDate: { type: 'string', maxLength: 10 },
  idTail: { type: 'string', maxLength: 4 },
  address: { type: 'string', maxLength: LIMITS.address },
  group: { type: 'string', maxLength: LIMITS.group },
  status: { type: 'string', enum: ['registered', 'struck'], maxLength: 10 },
  struckReason: { type: 'string', maxLength: LIMITS.reason },
} as const;
const voterRequired = ['id', 'name', 'gender', 'birthDate', 'idTail', 'address', 'group', 'status'] as const;

/** Version 0 of the roll, kept so that the migration to version 1 stays tested. */
export const votersSchemaV0: RxJsonSchema<VoterDocV0> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: voterProperties,
  required: [...voterRequired],
  additionalProperties: false,
  indexes: ['name', 'idTail', 'group'],
};

export const votersSchema: RxJsonSchema<VoterDoc> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...voterProperties,
    // Indexed: one latin letter per character of the name (at most 64).
    pinyinInitials: { type: 'string', maxLength: 64 },
    // Not indexed: up to 6 letters per character.
    pinyinFull: { type: 'string', maxLength: 512 },
  },
  required: [...voterRequired, 'pinyinInitials', 'pinyinFull'],
  additionalProperties: false,
  indexes: ['name', 'pinyinInitials', 'idTail', 'group'],
};

export const votersMigrationStrategies: MigrationStrategies = {
  1: (old: VoterDocV0): VoterDoc => ({ ...old, ...pinyinOf(old.name) }),
};
