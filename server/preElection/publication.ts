/**
 * Publishing the roll (选民榜): at least N days before election day (profile; L25 17: 20), with
 * every person registered twice in the district resolved first. From then on the roll changes
 * only through decided objections (objections.ts).
 */
import { createHash } from 'node:crypto';
import { publicationTooLate } from '../../shared/rules/preElection/deadlines';
import type { Db } from '../db/types';
import { publicationSchema, readInput } from './input';
import { audit, findPublication, refuse, requireCommunity } from './store';
import type { Publication } from './types';

export async function publishRoll(db: Db, communityId: string, raw: unknown): Promise<Publication> {
  const input = readInput(publicationSchema, raw);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pre:${communityId}`]);
    const community = await requireCommunity(tx, communityId);
    const already = await findPublication(tx, communityId);
    if (already) refuse(409, 'preElection.alreadyPublished', { date: already.publishedOn });
    const latest = publicationTooLate(input.publishedOn, community.electionDate, community.profile);
    if (latest !== null) refuse(422, 'preElection.publicationTooLate', { date: input.publishedOn, deadline: latest, days: community.profile.publicationDaysBefore }, ['publishedOn']);
    const entries = await tx.query<{ id_number: string; status: string }>('SELECT id_number, status FROM pre_roll WHERE community_id = $1 ORDER BY rid', [communityId]);
    const registered = entries.filter((entry) => entry.status === 'registered').length;
    if (registered === 0) refuse(422, 'preElection.rollEmpty');
    const [duplicates] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pre_roll mine
       WHERE mine.community_id = $1 AND mine.status = 'registered'
         AND EXISTS (SELECT 1 FROM pre_roll other WHERE other.id_number = mine.id_number AND other.community_id <> $1 AND other.status = 'registered')`,
      [communityId],
    );
    if ((duplicates?.n ?? 0) > 0) refuse(409, 'preElection.unresolvedDuplicates', { count: duplicates!.n });
    await tx.query('INSERT INTO pre_publications (community_id, published_on, published_by, registered) VALUES ($1, $2, $3, $4)', [communityId, input.publishedOn, input.by, registered]);
    // What was published, as a fingerprint of the rows in order (the audit can show it did not change).
    const rollHash = createHash('sha256').update(entries.map((entry) => `${entry.id_number}:${entry.status}`).join('\n')).digest('hex');
    await audit(tx, { communityId, by: input.by, action: 'roll.publish', subject: communityId, detail: { publishedOn: input.publishedOn, registered, rollHash } });
    return (await findPublication(tx, communityId))!;
  });
}
