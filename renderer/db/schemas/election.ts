/** `election`: the imported package without its roll — one document, written last at import. */
import type { MigrationStrategies, RxJsonSchema } from 'rxdb';
import type { ElectionDefinition, ElectionPackage, Station } from '../../../shared/election/schemas';
import { LIMITS } from '../../../shared/election/limits';
import { countField, idField, sha256Field, timeField } from './fields';

export const ELECTION_DOC_ID = 'election';

/** Version 0: without `districtServer` (kept so that the migration to version 1 stays tested). */
export type ElectionDocV0 = {
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

export type ElectionDoc = ElectionDocV0 & {
  /**
   * The package's `districtServer` exactly as signed (docs/SYNC.md "Where"), or null when the
   * package names none. Users normalize it (renderer/db/replication/protocol.ts normalizeServerUrl).
   */
  districtServer: string | null;
};

/** The package's districtServer is at most this long (shared/election/limits.ts). */
export const DISTRICT_SERVER_MAX_LENGTH = LIMITS.districtServer;

const electionProperties = {
  id: { type: 'string', enum: [ELECTION_DOC_ID], maxLength: 16 },
  format: { type: 'string', maxLength: LIMITS.formatTag },
  issuedAt: timeField,
  districtKey: { type: 'string', maxLength: LIMITS.key },
  signature: { type: 'string', maxLength: LIMITS.signature },
  election: { type: 'object' },
  station: {
    type: 'object',
    properties: { id: idField, name: { type: 'string', minLength: 1, maxLength: LIMITS.stationName } },
    required: ['id', 'name'],
  },
  ballotStock: countField,
  electionHash: sha256Field,
  districtKeyFingerprint: { type: 'string', maxLength: 64 },
  importedAt: timeField,
} as const;
const electionRequired = ['id', 'format', 'issuedAt', 'districtKey', 'signature', 'election', 'station', 'ballotStock', 'electionHash', 'districtKeyFingerprint', 'importedAt'] as const;

export const electionSchemaV0: RxJsonSchema<ElectionDocV0> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: electionProperties,
  required: [...electionRequired],
  additionalProperties: false,
};

/** Version 1 keeps the package's `districtServer` (null when it names none). */
export const electionSchema: RxJsonSchema<ElectionDoc> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...electionProperties,
    districtServer: { type: ['string', 'null'], minLength: 1, maxLength: DISTRICT_SERVER_MAX_LENGTH },
  },
  required: [...electionRequired, 'districtServer'],
  additionalProperties: false,
};

/** The package's `districtServer` if `value` is one (a string of an allowed length), else null. */
export function districtServerField(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= DISTRICT_SERVER_MAX_LENGTH ? value : null;
}

/**
 * v0 → v1: the document keeps every field and gains `districtServer` — the stored package's, if
 * the stored document carries one (a document written without the validator may), else null
 * (the package's address was not kept by version 0; the clerk enters it, or the package is
 * imported again). Only the fields of version 0 are carried over: anything else would fail the
 * version 1 schema and with it the opening of the database.
 */
export const electionMigrationStrategies: MigrationStrategies = {
  1: (old: ElectionDocV0 & { districtServer?: unknown }): ElectionDoc => ({
    id: old.id,
    format: old.format,
    issuedAt: old.issuedAt,
    districtKey: old.districtKey,
    signature: old.signature,
    election: old.election,
    station: old.station,
    ballotStock: old.ballotStock,
    electionHash: old.electionHash,
    districtKeyFingerprint: old.districtKeyFingerprint,
    importedAt: old.importedAt,
    districtServer: districtServerField(old.districtServer),
  }),
};
