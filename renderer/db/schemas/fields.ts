/**
 * JSON-schema building blocks shared by the collections. RxDB needs bounds on indexed fields:
 * strings a `maxLength`, numbers `minimum`/`maximum`/`multipleOf`; Dexie needs them `required`.
 * The bounds are shared/election/limits.ts's, the ones the package schema checks on import.
 */
import { LIMITS } from '../../../shared/election/limits';

/** A record as stored: the shared record types are readonly, RxDB documents are plain JSON. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** Ids from the election package (voters, candidates, stations). */
export const idField = { type: 'string', minLength: 1, maxLength: LIMITS.id } as const;
/** Ids of the station's own records, often a round and a voter id joined (`12:<voter id>`). */
export const recordIdField = { type: 'string', minLength: 1, maxLength: LIMITS.recordId } as const;
export const textField = { type: 'string', maxLength: LIMITS.text } as const;
/** ISO 8601 with offset, e.g. 2026-12-06T08:00:00.000+08:00 (29 characters). */
export const timeField = { type: 'string', maxLength: LIMITS.time } as const;
export const personField = { type: 'string', maxLength: LIMITS.personName } as const;
export const roundField = { type: 'integer', minimum: 1, maximum: LIMITS.round, multipleOf: 1 } as const;
export const countField = { type: 'integer', minimum: 0, maximum: LIMITS.count, multipleOf: 1 } as const;
export const namesField = { type: 'array', items: personField } as const;
export const sha256Field = { type: 'string', pattern: '^[0-9a-f]{64}$', minLength: 64, maxLength: 64 } as const;
export const actorFields = { clerk: personField, desk: personField } as const;
