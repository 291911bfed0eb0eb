/** The roll as kept: a page of it (the dashboard), and the printed roll by residents' group (the PDF). */
import { compareByStroke } from '../../shared/rules/order';
import type { Queryable } from '../db/types';
import { entryRid, findPublication, refuse, requireCommunity, ROLL_ROW_COLUMNS, rollEntryOf, type RollRowDb } from './store';
import type { PrintedRoll, RollEntry, RollPage } from './types';

export interface RollQuery {
  readonly group?: string;
  /** A name, an ID number or its tail, an address. */
  readonly q?: string;
  readonly status?: 'registered' | 'struck';
  readonly offset?: number;
  readonly limit?: number;
}

export async function rollPage(db: Queryable, communityId: string, query: RollQuery = {}): Promise<RollPage> {
  await requireCommunity(db, communityId);
  const where = ['community_id = $1'];
  const params: unknown[] = [communityId];
  if (query.group) {
    params.push(query.group);
    where.push(`grp = $${params.length}`);
  }
  if (query.status) {
    params.push(query.status);
    where.push(`status = $${params.length}`);
  }
  if (query.q) {
    params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(name LIKE $${params.length} OR id_number LIKE $${params.length} OR address LIKE $${params.length})`);
  }
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
  const offset = Math.max(query.offset ?? 0, 0);
  const [total] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pre_roll WHERE ${where.join(' AND ')}`, params);
  const rows = await db.query<RollRowDb>(`SELECT ${ROLL_ROW_COLUMNS} FROM pre_roll WHERE ${where.join(' AND ')} ORDER BY rid LIMIT ${limit} OFFSET ${offset}`, params);
  return { total: total?.n ?? 0, entries: rows.map(rollEntryOf) };
}

export async function findEntry(db: Queryable, communityId: string, id: string): Promise<RollEntry | null> {
  const rid = entryRid(id);
  if (rid === null) return null;
  const rows = await db.query<RollRowDb>(`SELECT ${ROLL_ROW_COLUMNS} FROM pre_roll WHERE community_id = $1 AND rid = $2`, [communityId, rid]);
  return rows[0] ? rollEntryOf(rows[0]) : null;
}

export async function requireEntry(db: Queryable, communityId: string, id: string): Promise<RollEntry> {
  return (await findEntry(db, communityId, id)) ?? refuse(404, 'preElection.unknownEntry', { entry: id });
}

/** Every entry of the community, registered and struck, in import order. */
export async function allEntries(db: Queryable, communityId: string): Promise<RollEntry[]> {
  const rows = await db.query<RollRowDb>(`SELECT ${ROLL_ROW_COLUMNS} FROM pre_roll WHERE community_id = $1 ORDER BY rid`, [communityId]);
  return rows.map(rollEntryOf);
}

/**
 * The printed roll (选民榜): registered voters by residents' group (groups in the order of their
 * names as people number them: 第一…第十, then others by stroke), names in stroke order.
 */
export async function printedRoll(db: Queryable, communityId: string): Promise<PrintedRoll> {
  const community = await requireCommunity(db, communityId);
  const entries = (await allEntries(db, communityId)).filter((entry) => entry.status === 'registered');
  const groups = new Map<string, RollEntry[]>();
  for (const entry of entries) {
    const list = groups.get(entry.group) ?? [];
    list.push(entry);
    groups.set(entry.group, list);
  }
  const ordered = [...groups.keys()].sort(compareGroups);
  return {
    community,
    publication: await findPublication(db, communityId),
    groups: ordered.map((group) => ({ group, entries: (groups.get(group) ?? []).sort((a, b) => compareByStroke(a.name, b.name)) })),
  };
}

const NUMERALS = '零一二三四五六七八九';

/** 第三居民小组 → 3, 12组 → 12; null when the name carries no number. */
function groupNumber(name: string): number | null {
  const digits = /(\d+)/.exec(name);
  if (digits) return Number(digits[1]);
  const chinese = /([零一二三四五六七八九十百]+)/.exec(name)?.[1];
  if (!chinese) return null;
  let total = 0;
  let current = 0;
  for (const c of chinese) {
    const digit = NUMERALS.indexOf(c);
    if (digit >= 0) current = digit;
    else if (c === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (c === '百') {
      total += (current || 1) * 100;
      current = 0;
    }
  }
  return total + current;
}

export function compareGroups(a: string, b: string): number {
  const x = groupNumber(a);
  const y = groupNumber(b);
  if (x !== null && y !== null && x !== y) return x - y;
  if (x !== null && y === null) return -1;
  if (x === null && y !== null) return 1;
  return compareByStroke(a, b);
}

