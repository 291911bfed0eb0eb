/**
 * From the nominees to the formal candidate list (正式候选人名单): per position, the eligible
 * nominees; a primary (预选) when they are more than the planned formal candidates — its votes
 * decided by the count's seat filling (shared/rules/preElection/candidates.ts) or the 居民代表会议's
 * decision; then the list, per position in stroke order, with the 差额 checked by the same check
 * the station applies to a package (shared/election/checkElection.ts).
 */
import { checkElection } from '../../shared/election/checkElection';
import { resolveRules } from '../../shared/election/profile';
import type { ElectionDefinition } from '../../shared/election/schemas';
import { candidateRange, decidePrimary, primaryNeeded } from '../../shared/rules/preElection/candidates';
import { sortByStroke } from '../../shared/rules/order';
import type { Db, Queryable } from '../db/types';
import { formalListSchema, primarySchema, readInput } from './input';
import { listNominations } from './nominations';
import { audit, findPublication, refuse, refuseAll, requireCommunity } from './store';
import type { Community, FormalCandidate, FormalList, Nomination, PositionPlan, PositionStatus, Primary } from './types';

export async function findFormalList(db: Queryable, communityId: string): Promise<FormalList | null> {
  const rows = await db.query<{ data: FormalList }>('SELECT data FROM pre_formal_lists WHERE community_id = $1', [communityId]);
  return rows[0]?.data ?? null;
}

async function primaries(db: Queryable, communityId: string): Promise<Map<string, Primary>> {
  const rows = await db.query<{ position_id: string; data: Primary }>('SELECT position_id, data FROM pre_primaries WHERE community_id = $1', [communityId]);
  return new Map(rows.map((row) => [row.position_id, row.data]));
}

function requirePosition(community: Community, positionId: string): PositionPlan {
  return community.positions.find((position) => position.id === positionId) ?? refuse(404, 'preElection.unknownPosition', { position: positionId });
}

export async function positionStatuses(db: Queryable, communityId: string): Promise<PositionStatus[]> {
  const community = await requireCommunity(db, communityId);
  const nominations = await listNominations(db, community);
  const held = await primaries(db, communityId);
  const rules = resolveRules(community.rules);
  return community.positions.map((position) => {
    const eligible = nominations.filter((nomination) => nomination.positionId === position.id && nomination.eligible).length;
    return { position, eligible, range: candidateRange(position, community.positions, rules), primaryNeeded: primaryNeeded(eligible, position.formalCandidates), primary: held.get(position.id) ?? null };
  });
}

export async function recordPrimary(db: Db, communityId: string, positionId: string, raw: unknown): Promise<Primary> {
  const input = readInput(primarySchema, raw);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pre:${communityId}`]);
    const community = await requireCommunity(tx, communityId);
    const position = requirePosition(community, positionId);
    const formal = await findFormalList(tx, communityId);
    if (formal) refuse(409, 'preElection.formalListPublished', { date: formal.publishedOn });
    const eligible = (await listNominations(tx, community)).filter((nomination) => nomination.positionId === positionId && nomination.eligible);
    if (!primaryNeeded(eligible.length, position.formalCandidates)) refuse(409, 'preElection.primaryNotNeeded', { position: position.title });
    const byId = new Map(eligible.map((nomination) => [nomination.id, nomination]));
    let primary: Primary;
    if (input.method === 'vote') {
      for (const row of input.votes) {
        const nominee = byId.get(row.nominationId) ?? refuse(422, 'preElection.primaryNominee', { nomination: row.nominationId }, ['votes']);
        if (row.votes > input.ballotsRecovered) refuse(422, 'preElection.primaryVotesExceed', { name: nominee.name, votes: row.votes, ballots: input.ballotsRecovered }, ['votes']);
      }
      const listed = new Set(input.votes.map((row) => row.nominationId));
      const missing = eligible.find((nomination) => !listed.has(nomination.id));
      if (missing) refuse(422, 'preElection.primaryIncomplete', { name: missing.name }, ['votes']);
      const outcome = decidePrimary(
        input.votes.map((row) => ({ nominationId: row.nominationId, name: byId.get(row.nominationId)!.name, votes: row.votes })),
        position.formalCandidates,
      );
      primary = {
        communityId,
        positionId,
        method: 'vote',
        heldOn: input.heldOn,
        ballotsRecovered: input.ballotsRecovered,
        votes: outcome.ranking.map((row) => ({ nominationId: row.nominationId, name: row.name, votes: row.votes })),
        advanced: [...outcome.advanced],
        tiedAtCut: [...outcome.tiedAtCut],
        note: '',
        recordedAt: new Date().toISOString(),
      };
    } else {
      const advanced = [...new Set(input.advanced)];
      for (const id of advanced) if (!byId.has(id)) refuse(422, 'preElection.primaryNominee', { nomination: id }, ['advanced']);
      if (advanced.length !== position.formalCandidates) refuse(422, 'preElection.primaryAdvancedCount', { count: advanced.length, expected: position.formalCandidates }, ['advanced']);
      primary = { communityId, positionId, method: 'representativesMeeting', heldOn: input.heldOn, ballotsRecovered: null, votes: [], advanced, tiedAtCut: [], note: input.note, recordedAt: new Date().toISOString() };
    }
    await tx.query(
      `INSERT INTO pre_primaries (community_id, position_id, data) VALUES ($1, $2, $3::text::jsonb)
       ON CONFLICT (community_id, position_id) DO UPDATE SET data = EXCLUDED.data`,
      [communityId, positionId, JSON.stringify(primary)],
    );
    await audit(tx, { communityId, by: input.by, action: 'primary.record', subject: positionId, detail: primary });
    return primary;
  });
}

const candidateOf = (nomination: Nomination, entryId: string): FormalCandidate => ({
  id: `p-${nomination.id.slice(2)}`,
  nominationId: nomination.id,
  entryId,
  name: nomination.name,
  gender: nomination.gender,
  birthYear: Number(nomination.birthDate.slice(0, 4)),
});

/** The election as the package will carry it: positions with their formal candidates. */
export function electionDefinitionOf(community: Community, list: Pick<FormalList, 'positions'>): ElectionDefinition {
  return {
    id: community.electionId,
    title: community.electionTitle,
    community: community.name,
    ...(community.street === '' ? {} : { street: community.street }),
    ...(community.district === '' ? {} : { district: community.district }),
    method: community.method,
    date: community.electionDate,
    positions: list.positions.map(({ position, candidates }) => ({
      id: position.id,
      title: position.title,
      rank: position.rank,
      seats: position.seats,
      ...(position.writeInLines === undefined ? {} : { writeInLines: position.writeInLines }),
      ...(position.womenOnly === undefined ? {} : { womenOnly: position.womenOnly }),
      candidates: candidates.map((candidate) => ({ id: candidate.id, name: candidate.name, gender: candidate.gender, birthYear: candidate.birthYear })),
    })),
    ...(Object.keys(community.rules).length === 0 ? {} : { rules: community.rules }),
  };
}

export async function publishFormalList(db: Db, communityId: string, raw: unknown): Promise<FormalList> {
  const input = readInput(formalListSchema, raw);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pre:${communityId}`]);
    const community = await requireCommunity(tx, communityId);
    const formal = await findFormalList(tx, communityId);
    if (formal) refuse(409, 'preElection.formalListPublished', { date: formal.publishedOn });
    if (!(await findPublication(tx, communityId))) refuse(409, 'preElection.notPublished');
    const nominations = await listNominations(tx, community);
    const held = await primaries(tx, communityId);
    const rules = resolveRules(community.rules);
    const positions = community.positions.map((position) => {
      const eligible = nominations.filter((nomination) => nomination.positionId === position.id && nomination.eligible);
      let chosen = eligible;
      if (primaryNeeded(eligible.length, position.formalCandidates)) {
        const primary = held.get(position.id) ?? refuse(409, 'preElection.primaryMissing', { position: position.title });
        if (primary.tiedAtCut.length > 0) {
          const names = eligible.filter((nomination) => primary.tiedAtCut.includes(nomination.id)).map((nomination) => nomination.name);
          refuse(409, 'preElection.primaryTied', { position: position.title, names: names.join('、') });
        }
        chosen = eligible.filter((nomination) => primary.advanced.includes(nomination.id));
      }
      const range = candidateRange(position, community.positions, rules);
      if (chosen.length < range.min) refuse(409, 'preElection.notEnoughCandidates', { position: position.title, count: chosen.length, min: range.min });
      return { position, candidates: sortByStroke(chosen, (nomination) => nomination.name).map((nomination) => candidateOf(nomination, nomination.entryId!)) };
    });
    // The same checks the station makes on the package: 差额 (min and max), one person per name, women-only positions.
    const issues = checkElection(electionDefinitionOf(community, { positions }));
    if (issues.length > 0) refuseAll(409, issues);
    const list: FormalList = { communityId, publishedOn: input.publishedOn, by: input.by, positions, recordedAt: new Date().toISOString() };
    await tx.query('INSERT INTO pre_formal_lists (community_id, data) VALUES ($1, $2::text::jsonb)', [communityId, JSON.stringify(list)]);
    await audit(tx, { communityId, by: input.by, action: 'formalList.publish', subject: communityId, detail: list });
    return list;
  });
}
