/** Assertions on what the server holds. */
import { expect } from 'vitest';
import { canonicalJson } from '../../../shared/crypto/canonical';
import type { Db } from '../../../server/db/types';

/** The server holds every one of `docs` exactly once, as written, and nothing else. */
export async function expectExactlyOnce(db: Db, stationId: string, collection: string, docs: readonly object[]): Promise<void> {
  const rows = await db.query<{ id: string; data: Record<string, unknown>; seq: number }>(
    'SELECT id, data, seq FROM documents WHERE station_id = $1 AND collection = $2 AND NOT deleted',
    [stationId, collection],
  );
  const expected = new Map(docs.map((doc) => [(doc as { id: string }).id, canonicalJson(doc)]));
  const stored = new Map(rows.map((row) => [row.id, canonicalJson(row.data)]));
  expect(rows.length).toBe(docs.length);
  expect(new Set(rows.map((row) => row.seq)).size).toBe(rows.length);
  const wrong = [...expected.entries()].filter(([id, text]) => stored.get(id) !== text).map(([id]) => id);
  expect(wrong.slice(0, 5)).toEqual([]);
}
