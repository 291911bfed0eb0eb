/**
 * The community (one polling station): the election it will hold, its positions with the
 * planned number of formal candidates (within the 差额 range of its rules profile), and its
 * before-polling-day profile. Changed freely until the roll is published, never after.
 */
import { issue, type ValidationIssue } from '../../shared/election/issues';
import { resolveRules } from '../../shared/election/profile';
import { candidateRange, withinRange } from '../../shared/rules/preElection/candidates';
import { publishBy } from '../../shared/rules/preElection/deadlines';
import { objectionOverdue } from '../../shared/rules/preElection/deadlines';
import { resolvePreElectionProfile } from '../../shared/rules/preElection/profile';
import { stationIdProblem } from '../../shared/station/stationId';
import type { Db, Queryable } from '../db/types';
import { communityInputSchema, readInput } from './input';
import { audit, findCommunity, findPublication, refuse, refuseAll, requireCommunity } from './store';
import type { Community, CommunitySummary } from './types';
import { findFormalList } from './formalList';

/** Today in the election's zone (Asia/Shanghai), YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function checkPositions(community: Omit<Community, 'createdAt'>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const rules = resolveRules(community.rules);
  const ids = new Set<string>();
  const ranks = new Set<number>();
  community.positions.forEach((position, p) => {
    const at = ['positions', p];
    if (ids.has(position.id)) issues.push(issue('election.duplicatePositionId', [...at, 'id'], { id: position.id }));
    if (ranks.has(position.rank)) issues.push(issue('election.duplicateRank', [...at, 'rank'], { rank: position.rank }));
    ids.add(position.id);
    ranks.add(position.rank);
    const range = candidateRange(position, community.positions, rules);
    if (!withinRange(position.formalCandidates, range)) {
      issues.push(issue('preElection.formalCountOutsideRange', [...at, 'formalCandidates'], { position: position.title, seats: position.seats, count: position.formalCandidates, min: range.min, max: range.max ?? '∞' }));
    }
  });
  const total = community.positions.reduce((sum, position) => sum + position.seats, 0);
  if (issues.length === 0 && (total < rules.committeeSize.min || total > rules.committeeSize.max)) {
    issues.push(issue('election.committeeSize', ['positions'], { total, min: rules.committeeSize.min, max: rules.committeeSize.max }));
  }
  return issues;
}

/** Create or change a community (before its roll is published). */
export async function saveCommunity(db: Db, raw: unknown): Promise<Community> {
  const input = readInput(communityInputSchema, raw);
  const idProblem = stationIdProblem(input.id);
  if (idProblem) refuse(422, 'station.badId', { station: input.id, stationIdRule: idProblem.rule }, ['id']);
  const data: Omit<Community, 'createdAt'> = {
    id: input.id,
    name: input.name,
    stationName: input.stationName || input.name,
    street: input.street ?? '',
    district: input.district ?? '',
    electionId: input.electionId,
    electionTitle: input.electionTitle,
    electionDate: input.electionDate,
    method: input.method,
    positions: [...input.positions].sort((a, b) => a.rank - b.rank),
    rules: input.rules ?? {},
    profile: resolvePreElectionProfile(input.profile),
  };
  const issues = checkPositions(data);
  if (issues.length > 0) refuseAll(422, issues);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pre:${input.id}`]);
    const before = await findCommunity(tx, input.id);
    if (before) {
      const publication = await findPublication(tx, input.id);
      if (publication) refuse(409, 'preElection.communityPublished', { community: before.name });
    }
    await tx.query(
      `INSERT INTO pre_communities (id, data) VALUES ($1, $2::text::jsonb)
       ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data`,
      [input.id, JSON.stringify(data)],
    );
    await audit(tx, { communityId: input.id, by: input.by, action: before ? 'community.change' : 'community.create', subject: input.id, detail: { before: before ?? null, after: data } });
    return requireCommunity(tx, input.id);
  });
}

export async function communitySummary(db: Queryable, id: string): Promise<CommunitySummary> {
  const community = await requireCommunity(db, id);
  const [counts] = await db.query<{ committee: number; registered: number; struck: number; nominations: number }>(
    `SELECT (SELECT count(*)::int FROM pre_committee WHERE community_id = $1) AS committee,
            (SELECT count(*)::int FROM pre_roll WHERE community_id = $1 AND status = 'registered') AS registered,
            (SELECT count(*)::int FROM pre_roll WHERE community_id = $1 AND status = 'struck') AS struck,
            (SELECT count(*)::int FROM pre_nominations WHERE community_id = $1 AND status = 'active') AS nominations`,
    [id],
  );
  const [duplicates] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pre_roll mine
     WHERE mine.community_id = $1 AND mine.status = 'registered'
       AND EXISTS (SELECT 1 FROM pre_roll other WHERE other.id_number = mine.id_number AND other.community_id <> $1 AND other.status = 'registered')`,
    [id],
  );
  const objections = await db.query<{ filed_on: string; decided_on: string | null }>('SELECT filed_on, decided_on FROM pre_objections WHERE community_id = $1', [id]);
  const today = todayInChina();
  const open = objections.filter((row) => row.decided_on === null);
  return {
    community,
    committee: counts?.committee ?? 0,
    roll: { registered: counts?.registered ?? 0, struck: counts?.struck ?? 0 },
    duplicates: duplicates?.n ?? 0,
    publication: await findPublication(db, id),
    publishBy: publishBy(community.electionDate, community.profile),
    objections: { open: open.length, decided: objections.length - open.length, overdue: open.filter((row) => objectionOverdue(row.filed_on, today, community.profile)).length },
    nominations: counts?.nominations ?? 0,
    formalList: await findFormalList(db, id),
  };
}

export async function listCommunities(db: Queryable): Promise<CommunitySummary[]> {
  const ids = await db.query<{ id: string }>('SELECT id FROM pre_communities ORDER BY id');
  const out: CommunitySummary[] = [];
  for (const { id } of ids) out.push(await communitySummary(db, id));
  return out;
}
