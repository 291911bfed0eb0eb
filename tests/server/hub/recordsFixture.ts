/**
 * A hub's records on a real database (PGlite, and PostgreSQL where reachable): the district's
 * and the hub's migrations, the lead and desks as the hub's server passes them to
 * handleHubRecords, and the station's records as the renderer writes them.
 */
import { expect } from 'vitest';
import { runHubMigrations } from '../../../server/hub/migrations';
import { handleHubRecords, type HubRecordsAnswer } from '../../../server/hub/records/handle';
import type { Backend, TestDatabase } from '../helpers/backends';
import type { Db } from '../../../server/db/types';
import type { DeskRole } from '../../../shared/hub/protocol';
import type { CheckinRecord } from '../../../shared/station/records';
import { testSetup } from '../../helpers/setup';

export const STATION = 'S-HUB-01';

export interface TestDesk {
  readonly id: string;
  readonly name: string;
  readonly role: DeskRole;
}

export const LEAD: TestDesk = { id: 'lead', name: '主机', role: 'lead' };
export const DESK_A: TestDesk = { id: 'desk-a', name: '发票台 1', role: 'checkin' };
export const DESK_B: TestDesk = { id: 'desk-b', name: '发票台 2', role: 'checkin' };
export const COUNT_DESK: TestDesk = { id: 'desk-c', name: '录入台 1', role: 'count' };

export interface TestHub {
  readonly db: Db;
  close(): Promise<void>;
}

export async function openHub(backend: Backend): Promise<TestHub> {
  const database: TestDatabase = await backend.create();
  const db = await database.open();
  await runHubMigrations(db);
  return {
    db,
    close: async () => {
      await db.close();
      await database.drop();
    },
  };
}

export interface Parsed<T = unknown> extends HubRecordsAnswer {
  readonly json: T;
}

export async function call<T = unknown>(db: Db, desk: TestDesk, method: 'GET' | 'POST', path: string, body?: unknown, now = new Date()): Promise<Parsed<T>> {
  const answer = await handleHubRecords(db, { stationId: STATION, desk, now }, { method, path, body: body === undefined ? '' : JSON.stringify(body) });
  return { ...answer, json: JSON.parse(answer.body) as T };
}

export type Wire = Record<string, unknown> & { id: string };

/** Push documents as new (no assumed state) or on an assumed state; the answer's conflicts. */
export async function push(db: Db, desk: TestDesk, collection: string, docs: readonly Wire[], assumed: readonly (Wire | null)[] = []): Promise<Parsed<Wire[]>> {
  const rows = docs.map((doc, i) => ({ assumedMasterState: assumed[i] ? { ...assumed[i], _deleted: false } : null, newDocumentState: { _deleted: false, ...doc } }));
  return call<Wire[]>(db, desk, 'POST', `/hub/v1/${collection}/push`, rows);
}

export async function pullAll(db: Db, desk: TestDesk, collection: string): Promise<Wire[]> {
  const docs: Wire[] = [];
  let checkpoint: unknown = null;
  for (;;) {
    const answer = await call<{ documents: Wire[]; checkpoint: unknown }>(db, desk, 'GET', `/hub/v1/${collection}/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=50`);
    if (answer.status !== 200) throw new Error(`pull ${collection}: ${answer.status} ${answer.body}`);
    if (answer.json.documents.length === 0) return docs;
    docs.push(...answer.json.documents);
    checkpoint = answer.json.checkpoint;
  }
}

export const setupDoc = (ballotStock: number) => ({ id: 'setup', ...testSetup, emptyBoxCheckedAt: '2026-11-29T07:30:00+08:00', ballotStock });

/** The lead's `polling-day` document: XState's persisted snapshot of the day at `value`, with the transition's audit entry. */
export function machineDoc(value: unknown, version: number, audit: { type: string; at: string } | null = null, round = 1) {
  return {
    id: 'polling-day',
    snapshot: { status: 'active', value, context: { round, checkinsInProgress: {}, reconciliation: null, voidReason: null, roundSheet: null }, historyValue: {}, children: {} },
    version,
    savedAt: audit?.at ?? '2026-11-29T08:00:00+08:00',
    audit: audit === null ? null : { ...audit, data: {}, clerk: '周建国', desk: '主机' },
  };
}

/** Setup pushed and the polls opened by the lead (the machine document's first two states). */
export async function openPolls(db: Db, stock = 100): Promise<Wire> {
  await push(db, LEAD, 'setup', [setupDoc(stock)]);
  const open = machineDoc({ polling: 'open' }, 2, { type: 'polls.opened', at: '2026-11-29T08:00:00+08:00' });
  await push(db, LEAD, 'machine', [open]);
  return open;
}

export function checkin(voterId: string, desk: TestDesk, issuedAt: string, extra: Partial<CheckinRecord> = {}): CheckinRecord & Wire {
  const record: CheckinRecord = { id: `1:${voterId}`, round: 1, voterId, kind: 'inPerson', status: 'issued', issuedAt, clerk: `${desk.name} 登记员`, desk: desk.name, ...extra };
  return { ...record };
}

export const voter = (n: number) => `v-${String(n).padStart(6, '0')}`;

/** 09:00 plus `minutes` on polling day, Beijing time. */
export const at = (minutes: number) => new Date(Date.parse('2026-11-29T09:00:00+08:00') + minutes * 60_000).toISOString();

/** The hub's per-round counts (kept by a trigger) equal a count of the records themselves. */
export async function expectCountsExact(db: Db): Promise<void> {
  const norm = (rows: { station_id: string; collection: string; round: string; n: number | string }[]) => rows.map((row) => `${row.station_id}/${row.collection}/${row.round}=${Number(row.n)}`);
  const kept = await db.query<{ station_id: string; collection: string; round: string; n: number | string }>('SELECT station_id, collection, round, n FROM hub_round_counts WHERE n <> 0 ORDER BY 1, 2, 3');
  const counted = await db.query<{ station_id: string; collection: string; round: string; n: number | string }>(
    `SELECT station_id, collection, data->>'round' AS round, count(*) AS n FROM documents
      WHERE (collection = 'spoiled' AND NOT deleted) OR (collection = 'checkins' AND NOT deleted AND data->>'status' = 'issued')
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  expect(norm(kept)).toEqual(norm(counted));
  expect(kept.length).toBeGreaterThan(0);
}
