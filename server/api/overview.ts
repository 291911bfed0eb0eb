/** What the dashboard shows, read from the synced documents and the results (round 1 turnout), with each station's flags (anomalies.ts). */
import type { CountResult, ElectionDefinition } from '../../shared/election/schemas';
import { mergeRounds } from '../../shared/rules/merge';
import type { Queryable } from '../db/types';
import { listResults } from '../results/accept';
import { HttpError } from '../http/io';
import { listStations } from '../stations';
import { isCollection } from '../sync/collections';
import { stationAnomalies } from './anomalies';
import type { CommunityResults, Phase, ResultState, StationOverview, StationResults, TurnoutPoint, TurnoutSeries } from './types';

/** A flat step from an XState snapshot value (`{ polling: 'open' }` → `open`). */
export function stepOfValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, inner] = Object.entries(value)[0] ?? [];
    if (typeof inner === 'string') return inner;
    if (typeof key === 'string') return key;
  }
  return null;
}

const PHASES: Readonly<Record<string, Phase>> = {
  unconfigured: 'setup', setup: 'setup', ready: 'setup',
  open: 'polling', paused: 'polling', polling: 'polling',
  closed: 'counting', reconciled: 'counting', opening: 'counting', entering: 'counting', counting: 'counting', results: 'counting',
  certified: 'certified', void: 'void',
};

interface Counts {
  documents: Record<string, number>;
  issuedByRound: Map<number, number>;
}

interface DocRow {
  station_id: string;
  id: string;
  data: Record<string, unknown>;
}

/** Rows grouped by station. */
function byStation<T extends { station_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.station_id);
    if (list) list.push(row);
    else out.set(row.station_id, [row]);
  }
  return out;
}

export interface OverviewOptions {
  /** Now, for the silence flag (tests pass their own). */
  readonly now?: number;
  /** Minutes without contact, while polls are open, before a station is flagged (default 15). */
  readonly silentMinutes?: number;
}

export async function stationsOverview(db: Queryable, options: OverviewOptions = {}): Promise<StationOverview[]> {
  const now = options.now ?? Date.now();
  const stations = await listStations(db);
  const elections = new Map((await db.query<{ hash: string; definition: ElectionDefinition }>('SELECT hash, definition FROM elections')).map((row) => [row.hash, row.definition]));
  const counts = new Map<string, Counts>();
  const countsOf = (id: string): Counts => {
    let found = counts.get(id);
    if (!found) counts.set(id, (found = { documents: {}, issuedByRound: new Map() }));
    return found;
  };
  for (const row of await db.query<{ station_id: string; collection: string; n: number }>(
    'SELECT station_id, collection, count(*) AS n FROM documents WHERE NOT deleted GROUP BY 1, 2',
  )) countsOf(row.station_id).documents[row.collection] = Number(row.n);
  for (const row of await db.query<{ station_id: string; round: string | null; n: number }>(
    `SELECT station_id, data->>'round' AS round, count(*) AS n FROM documents
      WHERE collection = 'checkins' AND NOT deleted AND data->>'status' = 'issued' GROUP BY 1, 2`,
  )) countsOf(row.station_id).issuedByRound.set(Number(row.round), Number(row.n));
  const machines = new Map(
    (await db.query<{ station_id: string; data: { snapshot?: { value?: unknown; context?: { round?: unknown } } } }>(
      `SELECT station_id, data FROM documents WHERE collection = 'machine' AND NOT deleted`,
    )).map((row) => [row.station_id, row.data.snapshot]),
  );
  const results = await listResults(db);
  const boxes = byStation(await db.query<DocRow>(`SELECT station_id, id, data FROM documents WHERE collection = 'countRecords' AND id LIKE 'boxes-%' AND NOT deleted ORDER BY id`));
  const reconciliations = byStation(await db.query<DocRow>(`SELECT station_id, id, data FROM documents WHERE collection = 'reconciliation' AND NOT deleted ORDER BY id`));
  // Refused rewrites of stored ballots (sync/documents.ts keeps them as history), with the stored state.
  const rewrites = byStation(
    await db.query<{ station_id: string; id: string; stored: Record<string, unknown>; attempted: Record<string, unknown> }>(
      `SELECT h.station_id, h.id, d.data AS stored, h.data AS attempted
         FROM document_history h JOIN documents d USING (station_id, collection, id)
        WHERE h.collection = 'ballots' AND h.reason = 'refused'
        ORDER BY h.received_at, h.id`,
    ),
  );

  return stations.map((station): StationOverview => {
    const election = station.electionHash ? elections.get(station.electionHash) : undefined;
    const count = counts.get(station.id) ?? { documents: {}, issuedByRound: new Map<number, number>() };
    const snapshot = machines.get(station.id);
    const step = stepOfValue(snapshot?.value);
    const contextRound = snapshot?.context?.round;
    const round = typeof contextRound === 'number' && Number.isInteger(contextRound) && contextRound > 0 ? contextRound : 1;
    const issued = count.issuedByRound.get(round) ?? 0;
    const mine = results.filter((result) => result.station === station.id);
    const accepted = mine.filter((result) => result.status !== 'conflicting').sort((a, b) => a.round - b.round);
    const latest = accepted[accepted.length - 1];
    const resultStatus: ResultState = mine.some((result) => result.status === 'conflicting') ? 'conflicting' : (latest?.status ?? 'missing');
    // Turnout only where the roll size is known: the station's package was given at enrolment.
    const packageKnown = election !== undefined && station.registeredVoters !== null;
    const phase = step === null ? phaseFromRecords(count.documents) : (PHASES[step] ?? 'unknown');
    const anomalies = stationAnomalies(
      {
        id: station.id,
        election: election ?? null,
        registeredVoters: packageKnown ? station.registeredVoters : null,
        issuedByRound: count.issuedByRound,
        boxes: boxes.get(station.id) ?? [],
        reconciliations: reconciliations.get(station.id) ?? [],
        results: mine,
        rewrites: rewrites.get(station.id) ?? [],
        phase,
        lastContact: station.lastContact,
      },
      now,
      options.silentMinutes,
    );
    return {
      id: station.id,
      name: station.name,
      electionId: election?.id ?? null,
      community: election?.community ?? null,
      enrolledAt: station.enrolledAt.toISOString(),
      lastContact: station.lastContact?.toISOString() ?? null,
      step,
      phase,
      round,
      registeredVoters: station.registeredVoters,
      packageKnown,
      checkinsIssued: issued,
      turnout: packageKnown && station.registeredVoters ? issued / station.registeredVoters : null,
      ballotsSynced: count.documents.ballots ?? 0,
      documents: count.documents,
      results: mine.map((result) => ({ round: result.round, status: result.status, covered: result.covered })),
      resultStatus,
      anomalies,
    };
  });
}

function phaseFromRecords(documents: Readonly<Record<string, number>>): Phase {
  if ((documents.ballots ?? 0) > 0 || (documents.countRecords ?? 0) > 0) return 'counting';
  if ((documents.checkins ?? 0) > 0) return 'polling';
  return 'unknown';
}

export async function resultsOverview(db: Queryable): Promise<CommunityResults[]> {
  const stations = await listStations(db);
  const elections = new Map((await db.query<{ hash: string; definition: ElectionDefinition }>('SELECT hash, definition FROM elections')).map((row) => [row.hash, row.definition]));
  const results = await listResults(db);
  const byElection = new Map<string, CommunityResults & { stations: StationResults[] }>();
  for (const station of stations) {
    const election = station.electionHash ? elections.get(station.electionHash) : undefined;
    if (!election || !station.electionHash) continue;
    let group = byElection.get(station.electionHash);
    if (!group) byElection.set(station.electionHash, (group = { electionId: election.id, title: election.title, community: election.community, stations: [] }));
    const rounds = results
      .filter((result) => result.station === station.id)
      .sort((a, b) => a.round - b.round)
      .map((result) => ({ round: result.round, status: result.status, difference: result.difference, receivedAt: result.receivedAt, covered: result.covered, result: result.signed.result }));
    group.stations.push({ station: station.id, name: station.name, rounds, committee: committeeOf(election, rounds.filter((r) => r.status !== 'conflicting').map((r) => r.result)) });
  }
  return [...byElection.values()].sort((a, b) => a.community.localeCompare(b.community, 'zh-CN'));
}

/** The merged committee of rounds 1, 2, … as far as they run without a gap. */
function committeeOf(election: ElectionDefinition, results: readonly CountResult[]): StationResults['committee'] {
  const rounds: CountResult[] = [];
  for (const result of results) {
    if (result.round !== rounds.length + 1) break;
    rounds.push(result);
  }
  return rounds.length === 0 ? null : mergeRounds(election, rounds);
}

export async function turnoutSeries(db: Queryable, bucketMinutes = 15): Promise<TurnoutSeries> {
  const rows = await db.query<{ station_id: string; bucket: Date; n: number }>(
    `SELECT station_id, date_bin(($1::int * interval '1 minute'), try_timestamptz(data->>'issuedAt'), timestamptz '2000-01-01') AS bucket, count(*) AS n
       FROM documents
      WHERE collection = 'checkins' AND NOT deleted AND data->>'status' = 'issued' AND data->>'round' = '1'
        AND try_timestamptz(data->>'issuedAt') IS NOT NULL
        -- Only stations whose package (and so roll size) is known count toward the turnout.
        AND station_id IN (SELECT id FROM stations WHERE election_hash IS NOT NULL AND registered_voters IS NOT NULL)
      GROUP BY 1, 2 ORDER BY 2`,
    [bucketMinutes],
  );
  const registered = await db.query<{ n: number | null }>('SELECT sum(registered_voters) AS n FROM stations WHERE election_hash IS NOT NULL');
  const totals = new Map<string, number>();
  const perStation = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const t = row.bucket.toISOString();
    totals.set(t, (totals.get(t) ?? 0) + Number(row.n));
    let series = perStation.get(row.station_id);
    if (!series) perStation.set(row.station_id, (series = new Map<string, number>()));
    series.set(t, Number(row.n));
  }
  const cumulate = (points: Map<string, number>): TurnoutPoint[] => {
    let sum = 0;
    return [...points.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([t, issued]) => ({ t, issued, cumulative: (sum += issued) }));
  };
  return {
    bucketMinutes,
    registeredVoters: Number(registered[0]?.n ?? 0),
    total: cumulate(totals),
    stations: Object.fromEntries([...perStation.entries()].map(([id, points]) => [id, cumulate(points)])),
  };
}

const RECORDS_SHOWN = 1000;

/**
 * `GET /api/records?station=ID&collection=C[&id=X]`: the stored records behind a dashboard flag
 * (at most 1000, by id) and their kept history — older, replaced and refused states.
 */
export async function stationRecords(db: Queryable, params: URLSearchParams): Promise<Record<string, unknown>> {
  const station = params.get('station') ?? '';
  const collection = params.get('collection') ?? '';
  const id = params.get('id');
  if (station === '' || !isCollection(collection)) throw HttpError.of(400, 'sync.badRequest', { detail: 'station and a collection are required' });
  const where = `station_id = $1 AND collection = $2${id === null ? '' : ' AND id = $3'}`;
  const args = id === null ? [station, collection] : [station, collection, id];
  const documents = await db.query<{ id: string; data: unknown; deleted: boolean; rev: number | null; updated_at: Date }>(
    `SELECT id, data, deleted, rev, updated_at FROM documents WHERE ${where} ORDER BY id COLLATE "C" LIMIT ${RECORDS_SHOWN + 1}`,
    args,
  );
  const history = await db.query<{ id: string; data: unknown; deleted: boolean; rev: number | null; reason: string; source: string; received_at: Date }>(
    `SELECT id, data, deleted, rev, reason, source, received_at FROM document_history WHERE ${where} ORDER BY received_at, id LIMIT ${RECORDS_SHOWN}`,
    args,
  );
  return {
    station,
    collection,
    ...(id === null ? {} : { id }),
    truncated: documents.length > RECORDS_SHOWN,
    documents: documents.slice(0, RECORDS_SHOWN).map((row) => ({ id: row.id, deleted: row.deleted, rev: row.rev, updatedAt: row.updated_at.toISOString(), data: row.data })),
    history: history.map((row) => ({ id: row.id, reason: row.reason, source: row.source, deleted: row.deleted, rev: row.rev, receivedAt: row.received_at.toISOString(), data: row.data })),
  };
}
