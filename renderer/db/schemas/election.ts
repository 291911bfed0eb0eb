/** `election`: the imported package without its roll — one document, written last at import. */
import type { RxJsonSchema } from 'rxdb';
import type { ElectionDefinition, ElectionPackage, Station } from '../../../shared/election/schemas';
import { countField, sha256Field, timeField } from './fields';

export const ELECTION_DOC_ID = 'election';

export type ElectionDoc = {
  id: typeof ELECTION_DOC_ID;
  /** The package's metadata, as signed by the district. */
  format: ElectionPackage['format'];
  issuedAt: string;
  districtKey: string;
  signature: string;
  /** The definition as given (unknown keys kept), so `electionHash` can be recomputed from it. */
  election: ElectionDefinition;
  station: Station;
  ballotStock: number;
  /** sha256 of the canonical ElectionDefinition. */
  electionHash: string;
  districtKeyFingerprint: string;
  importedAt: string;
};

export const electionSchema: RxJsonSchema<ElectionDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', enum: [ELECTION_DOC_ID], maxLength: 16 },
    format: { type: 'string', maxLength: 100 },
    issuedAt: timeField,
    districtKey: { type: 'string', maxLength: 200 },
    signature: { type: 'string', maxLength: 400 },
    election: { type: 'object' },
    station: {
      type: 'object',
      properties: { id: { type: 'string', minLength: 1, maxLength: 128 }, name: { type: 'string', minLength: 1, maxLength: 100 } },
      required: ['id', 'name'],
    },
    ballotStock: countField,
    electionHash: sha256Field,
    districtKeyFingerprint: { type: 'string', maxLength: 64 },
    importedAt: timeField,
  },
  required: ['id', 'format', 'issuedAt', 'districtKey', 'signature', 'election', 'station', 'ballotStock', 'electionHash', 'districtKeyFingerprint', 'importedAt'],
  additionalProperties: false,
};
