/**
 * One person (same ID number) registered in two communities of the district: flagged, and the
 * office decides where they vote. The check is one grouped query over the registered rows (the
 * partial index `pre_roll_registered_id`), whatever the district's size. Resolving strikes the
 * person's other entries — on unpublished rolls only: a published roll changes only through a
 * decided objection, so the office files one there.
 */
import type { Db } from '../db/types';
import { duplicateResolutionSchema, readInput } from './input';
import { actor, audit, entryId, refuse } from './store';
import type { DuplicateRegistration, RollStatus } from './types';

interface Row {
  id_number: string;
  name: string;
  community_id: string;
  community_name: string;
  rid: number | string;
  status: RollStatus;
  published: boolean;
  kept: string | null;
  note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

const SELECT = `
  SELECT r.id_number, r.name, r.community_id, c.data->>'name' AS community_name, r.rid, r.status,
         (p.community_id IS NOT NULL) AS published,
         d.community_id AS kept, d.note, d.decided_by, d.decided_at
  FROM pre_roll r
  JOIN ids USING (id_number)
  JOIN pre_communities c ON c.id = r.community_id
  LEFT JOIN pre_publications p ON p.community_id = r.community_id
  LEFT JOIN pre_duplicate_resolutions d ON d.id_number = r.id_number
  ORDER BY r.id_number, r.community_id`;

function group(rows: readonly Row[]): DuplicateRegistration[] {
  const out: DuplicateRegistration[] = [];
  let current: { idNumber: string; name: string; entries: DuplicateRegistration['entries'][number][]; resolution: DuplicateRegistration['resolution'] } | null = null;
  for (const row of rows) {
    if (current === null || current.idNumber !== row.id_number) {
      current = {
        idNumber: row.id_number,
        name: row.name,
        entries: [],
        resolution: row.kept === null ? null : { communityId: row.kept, decidedAt: row.decided_at!.toISOString(), by: row.decided_by ?? '', note: row.note ?? '' },
      };
      out.push(current);
    }
    current.entries.push({ communityId: row.community_id, communityName: row.community_name, entryId: entryId(row.rid), status: row.status, published: row.published });
  }
  return out;
}

/**
 * Every person registered (not struck) in more than one community, and every person the office
 * already resolved (with the resolution), across the whole district.
 */
export async function findDuplicates(db: Db): Promise<DuplicateRegistration[]> {
  return db.transaction(async (tx) => {
    // Grouping a district's half a million ID numbers needs ~80 MB: with the default 4 MB the hash
    // spills to disk in dozens of batches (3× slower). JIT only adds its compile time here.
    await tx.query(`SET LOCAL work_mem = '128MB'`);
    await tx.query('SET LOCAL jit = off');
    const rows = await tx.query<Row>(
      `WITH ids AS (
         SELECT id_number FROM pre_roll WHERE status = 'registered' GROUP BY id_number HAVING count(*) > 1
         UNION SELECT id_number FROM pre_duplicate_resolutions)
       ${SELECT}`,
    );
    return group(rows);
  });
}

/** The office decides where the person votes: their other (unpublished) registrations are struck. */
export async function resolveDuplicate(db: Db, idNumber: string, raw: unknown): Promise<DuplicateRegistration> {
  const input = readInput(duplicateResolutionSchema, raw);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pre-dup:${idNumber}`]);
    const rows = await tx.query<Row>(`WITH ids AS (SELECT $1::text AS id_number) ${SELECT}`, [idNumber]);
    const registered = rows.filter((row) => row.status === 'registered');
    if (registered.length < 2) refuse(404, 'preElection.duplicateUnknown', { value: idNumber });
    const kept = registered.find((row) => row.community_id === input.keepCommunityId) ?? refuse(422, 'preElection.duplicateKeepUnknown', { value: idNumber, community: input.keepCommunityId });
    const others = registered.filter((row) => row !== kept);
    const published = others.find((row) => row.published);
    if (published) refuse(409, 'preElection.duplicatePublished', { community: published.community_name });
    const reason = `重复登记：在${kept.community_name}参加选举 / registered twice: votes in ${kept.community_name}`;
    for (const row of others) {
      await tx.query(`UPDATE pre_roll SET status = 'struck', struck_reason = $2 WHERE rid = $1`, [row.rid, reason]);
      await audit(tx, { communityId: row.community_id, by: input.by, action: 'roll.strikeDuplicate', subject: entryId(row.rid), detail: { idNumber, keptIn: kept.community_id, reason } });
    }
    await tx.query(
      `INSERT INTO pre_duplicate_resolutions (id_number, community_id, note, decided_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id_number) DO UPDATE SET community_id = EXCLUDED.community_id, note = EXCLUDED.note, decided_by = EXCLUDED.decided_by, decided_at = now()`,
      [idNumber, kept.community_id, input.note, actor(input.by)],
    );
    await audit(tx, { communityId: null, by: input.by, action: 'duplicate.resolve', subject: idNumber, detail: { keptIn: kept.community_id, struck: others.map((row) => entryId(row.rid)), note: input.note } });
    return group(await tx.query<Row>(`WITH ids AS (SELECT $1::text AS id_number) ${SELECT}`, [idNumber]))[0]!;
  });
}
