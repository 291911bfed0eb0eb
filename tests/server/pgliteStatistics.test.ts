/**
 * PGlite runs no autovacuum: without an ANALYZE of its own the planner keeps believing the
 * documents table is empty, and the hub's lookup of one check-in by its key (every claim) was
 * planned as a scan of the station's whole collection. server/db/pglite.ts analyses as the
 * database grows; here, after 2,000 check-ins written one by one, the lookup uses the primary key.
 */
import { expect, it } from 'vitest';
import { openPglite } from '../../server/db/pglite';
import { pgliteTemplate } from './helpers/backends';

it('keeps the planner statistics fresh: a check-in is found by its key, not by scanning the collection', async () => {
  const db = await openPglite(undefined, await pgliteTemplate());
  try {
    for (let i = 0; i < 2000; i++) {
      await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO documents (station_id, collection, id, data) VALUES ('S-01', 'checkins', $1, $2::text::jsonb)`, [`1:V${i}`, JSON.stringify({ id: `1:V${i}`, round: 1, status: 'issued' })]);
      });
    }
    const plan = await db.query<Record<string, string>>(`EXPLAIN SELECT data, deleted FROM documents WHERE station_id = 'S-01' AND collection = 'checkins' AND id = '1:V7'`);
    const text = plan.map((row) => Object.values(row)[0]).join('\n');
    expect(text).toContain('documents_pkey');
    expect(text).toMatch(/Index Cond: .*id = '1:V7'/);
  } finally {
    await db.close();
  }
}, 120_000);
