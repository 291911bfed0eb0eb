/** The eval-free validator: every station schema takes the fast path, and it agrees with ajv. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillWithDefaultSettings, type RxJsonSchema } from 'rxdb';
import { getValidator as ajvValidator } from 'rxdb/plugins/validate-ajv';
import { STATION_COLLECTIONS } from '../../../renderer/db/database';
import { voterDoc } from '../../../renderer/db/importPackage';
import { votersSchemaV0 } from '../../../renderer/db/schemas/voters';
import { compileDocumentValidator, isFastSchema } from '../../../renderer/db/validate';
import { AT, actor, testImport } from './helpers';

/** The schema as RxDB hands it to the validator (with _rev, _meta, _deleted, _attachments). */
const full = (schema: RxJsonSchema<unknown>) => fillWithDefaultSettings(schema) as unknown as RxJsonSchema<unknown>;
const meta = { _deleted: false, _rev: '1-abc', _meta: { lwt: 1_765_000_000_000.01 }, _attachments: {} };

const OURS = ['election', 'voters', 'checkins', 'proxies', 'trips', 'spoiled', 'reconciliation', 'audit', 'machine', 'setup'] as const;

function samples(): Record<(typeof OURS)[number], Record<string, unknown>> {
  const pkg = testImport(2).package;
  return {
    election: { id: 'election', format: pkg.format, issuedAt: pkg.issuedAt, districtKey: pkg.districtKey, signature: pkg.signature, election: pkg.election, station: pkg.station, ballotStock: 5, electionHash: 'a'.repeat(64), districtKeyFingerprint: 'abcd', importedAt: AT, districtServer: 'https://district.example.org' },
    voters: voterDoc(pkg.roll[1]!),
    checkins: { id: '1:v1', round: 1, voterId: 'v1', kind: 'proxy', status: 'undone', issuedAt: AT, holderVoterId: 'v2', proxyId: '1:v2:1', undoneAt: AT, undoneBy: '甲', undoReason: '错', ...actor },
    proxies: { id: '1:v2:1', round: 1, entrustingVoterId: 'v3', holderVoterId: 'v2', formNumber: 'WT-1', relationship: 'child', recordedAt: AT, ...actor },
    trips: { id: '1-M1', round: 1, ballotsOut: 5, staff: ['甲', '乙'], departedAt: AT, status: 'returned', ballotsBack: 2, returnedAt: AT, ...actor },
    spoiled: { id: '1-S1', round: 1, voterId: 'v1', at: AT, reason: '写错', ...actor },
    reconciliation: { id: 'round-1', round: 1, stock: 10, issued: 1, spoiled: 1, unused: 8, difference: 0, at: AT, ...actor },
    audit: { id: 'audit-000000001', seq: 1, at: AT, type: 't', data: { nested: [1, { a: null }] }, prevHash: '0'.repeat(64), hash: 'f'.repeat(64), ...actor },
    machine: { id: 'polling-day', snapshot: { value: { polling: 'open' } }, version: 3, savedAt: AT, audit: { type: 'polls.opened', data: {}, clerk: '甲', desk: '1号台', at: AT } },
    setup: { id: 'setup', chair: '甲', chiefScrutineer: '乙', scrutineers: ['丙'], callers: [], recorders: ['戊'], checkinClerks: ['己'], ballotStock: 10, emptyBoxCheckedBy: '乙', emptyBoxCheckedAt: AT, runoffBallotStocks: [5], ballotStockReason: null },
  };
}

/** A value to put somewhere in a document: JSON of every kind, and strings around the bounds. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ minLength: 0, maxLength: 3 }),
  fc.string({ unit: 'grapheme', minLength: 60, maxLength: 70 }),
  fc.constantFrom('', 'a'.repeat(64), 'A'.repeat(64), 'proxy', 'issued', 'election', 'setup', 'F', 'spouse', 'returned'),
  fc.constantFrom(0, 1, -1, 1.5, 99, 100, 10_000_000, 10_000_001, -10_000_001, 999_999_999, 1_000_000_000),
  fc.constant(undefined),
);

type Mutation = { path: (string | number)[]; value: unknown };

function mutate(doc: Record<string, unknown>, mutation: Mutation): Record<string, unknown> {
  const copy = structuredClone(doc);
  let target: Record<string | number, unknown> = copy;
  for (const key of mutation.path.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null) return copy;
    target = next as Record<string | number, unknown>;
  }
  const last = mutation.path[mutation.path.length - 1]!;
  if (mutation.value === undefined) delete target[last];
  else target[last] = mutation.value;
  return copy;
}

function paths(doc: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof doc !== 'object' || doc === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(doc) ? doc.map((value, index) => [index, value]) : Object.entries(doc);
  return entries.flatMap(([key, value]) => [[...prefix, key], ...paths(value, [...prefix, key])]);
}

describe('station validator', () => {
  it('compiles every station schema without falling back to z-schema', () => {
    for (const [name, { schema }] of Object.entries(STATION_COLLECTIONS)) expect(isFastSchema(full(schema as RxJsonSchema<unknown>)), name).toBe(true);
    expect(isFastSchema(full(votersSchemaV0 as RxJsonSchema<unknown>))).toBe(true);
    expect(isFastSchema({ type: 'object', properties: { a: { oneOf: [{ type: 'string' }] } } })).toBe(false);
  });

  it("compiles this issue's schemas in ajv's strict mode too (they are well-formed JSON Schema)", () => {
    for (const name of OURS) expect(() => ajvValidator(full(STATION_COLLECTIONS[name].schema as RxJsonSchema<unknown>)), name).not.toThrow();
  });

  it('accepts the sample documents', () => {
    const docs = samples();
    for (const name of OURS) {
      const schema = full(STATION_COLLECTIONS[name].schema as RxJsonSchema<unknown>);
      expect(compileDocumentValidator(schema)({ ...docs[name], ...meta }), name).toEqual([]);
      expect(ajvValidator(schema)({ ...docs[name], ...meta }), name).toEqual([]);
    }
  });

  it('gives the same verdict as ajv on randomly changed documents', () => {
    const docs = samples();
    for (const name of OURS) {
      const schema = full(STATION_COLLECTIONS[name].schema as RxJsonSchema<unknown>);
      const ours = compileDocumentValidator(schema);
      const theirs = ajvValidator(schema);
      const doc = { ...docs[name], ...meta };
      const targets = [...paths(doc), ['extra'], ['_meta', 'lwt']];
      const mutation = fc.record({ path: fc.constantFrom(...targets), value: anyValue });
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
          const changed = mutations.reduce(mutate, doc);
          expect(ours(changed).length === 0, `${name}: ${JSON.stringify(changed).slice(0, 400)}`).toBe(theirs(changed).length === 0);
        }),
        { numRuns: Number(process.env.VALIDATOR_RUNS ?? 400) },
      );
    }
  });

  it('counts string length in code points, as JSON Schema does', () => {
    const check = compileDocumentValidator({ type: 'object', properties: { s: { type: 'string', maxLength: 2, minLength: 2 } } });
    expect(check({ s: '𠀀𠀀' })).toEqual([]); // 2 code points, 4 UTF-16 units
    expect(check({ s: '𠀀𠀀𠀀' })).toHaveLength(1);
    expect(check({ s: '𠀀' })).toHaveLength(1);
  });

  it('names the field and the problem', () => {
    const check = compileDocumentValidator(full(STATION_COLLECTIONS.checkins.schema as RxJsonSchema<unknown>));
    const { round: _round, ...noRound } = samples().checkins;
    expect(check({ ...noRound, ...meta, kind: 'byPost' })).toEqual([
      { field: '/kind', message: 'must be one of ["inPerson","proxy","mobile"]' },
      { field: '/round', message: 'is required' },
    ]);
  });
});
