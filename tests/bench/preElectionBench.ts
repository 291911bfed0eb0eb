/**
 * Before polling day (issue 17), through the district's own functions (server/preElection/) on a
 * real PostgreSQL (a fresh database, dropped after; PGlite when PostgreSQL is unreachable):
 *  - a roll of 50,000 rows imported from its CSV — read, every row checked (ID check digit, age,
 *    duplicates in the file), stored in one transaction — `importRoll` (goal ≤ 10 s);
 *  - the duplicate-ID check across a district of 500,000 registered voters in 10 communities,
 *    1,000 of them registered in two — `findDuplicates` (goal ≤ 5 s).
 * Each is timed RUNS times and the median reported (the machine is shared).
 */
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/types';
import { saveCommunity } from '../../server/preElection/communities';
import { findDuplicates } from '../../server/preElection/duplicates';
import { importRoll } from '../../server/preElection/rollImport';
import type { CommunityInput } from '../../server/preElection/types';
import { rollCsv, syntheticIdNumber, syntheticRow } from '../helpers/rollFile';
import { freshPostgres } from './districtBench';
import { median, type BenchRow } from './measure';

const RUNS = 3;
const ROLL_ROWS = 50_000;
const COMMUNITIES = 10;
const PER_COMMUNITY = 50_000;
/** Each community but the first also registers this many of the community before's voters. */
const SHARED = 111;

function community(id: string, name: string): CommunityInput {
  return {
    id,
    name,
    electionId: `2027-${id}`,
    electionTitle: `${name}第九届居民委员会换届选举`,
    electionDate: '2027-03-20',
    method: 'direct',
    positions: [
      { id: 'chair', title: '主任', rank: 1, seats: 1, formalCandidates: 2 },
      { id: 'vice-chair', title: '副主任', rank: 2, seats: 1, formalCandidates: 2 },
      { id: 'member', title: '委员', rank: 3, seats: 3, formalCandidates: 4 },
    ],
  };
}

/** Community `c`'s roll: its own 50,000 − SHARED persons and SHARED of community c − 1's. */
function districtRoll(c: number): Uint8Array {
  const own = Array.from({ length: PER_COMMUNITY - (c === 0 ? 0 : SHARED) }, (_, i) => c * PER_COMMUNITY + i);
  const shared = c === 0 ? [] : Array.from({ length: SHARED }, (_, i) => (c - 1) * PER_COMMUNITY + i);
  const persons = [...own, ...shared];
  return Buffer.from(rollCsv(persons.map((n, i) => syntheticRow(syntheticIdNumber(n), i))), 'utf8');
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

async function rollImport(db: Db): Promise<number> {
  await saveCommunity(db, community('bench-roll', '基准社区'));
  const bytes = Buffer.from(rollCsv(Array.from({ length: ROLL_ROWS }, (_, n) => syntheticRow(syntheticIdNumber(n), n))), 'utf8');
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { ms, value } = await timed(() => importRoll(db, 'bench-roll', { name: 'roll.csv', contentType: 'text/csv', bytes }));
    if (value.imported !== ROLL_ROWS) throw new Error(`imported ${value.imported} rows of ${ROLL_ROWS}`);
    times.push(ms);
  }
  // The bench community leaves the district before the duplicate check (its persons overlap).
  await db.query(`DELETE FROM pre_roll WHERE community_id = 'bench-roll'`);
  return median(times);
}

async function duplicateCheck(db: Db): Promise<number> {
  for (let c = 0; c < COMMUNITIES; c++) {
    const id = `bench-district-${c + 1}`;
    await saveCommunity(db, community(id, `基准第${c + 1}社区`));
    await importRoll(db, id, { name: `${id}.csv`, contentType: 'text/csv', bytes: districtRoll(c) });
  }
  const [registered] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pre_roll WHERE status = 'registered'`);
  if (registered?.n !== COMMUNITIES * PER_COMMUNITY) throw new Error(`the district has ${registered?.n} registered voters, not ${COMMUNITIES * PER_COMMUNITY}`);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { ms, value } = await timed(() => findDuplicates(db));
    if (value.length !== (COMMUNITIES - 1) * SHARED) throw new Error(`found ${value.length} persons registered twice, not ${(COMMUNITIES - 1) * SHARED}`);
    times.push(ms);
  }
  return median(times);
}

export async function preElectionBenchmarks(): Promise<BenchRow[]> {
  const postgres = await freshPostgres();
  const db = await openDb(postgres ? { databaseUrl: postgres.url } : {});
  const where = postgres ? 'PostgreSQL' : 'PGlite (PostgreSQL unreachable)';
  try {
    const importMs = await rollImport(db);
    const duplicatesMs = await duplicateCheck(db);
    return [
      { name: `pre: import a 50,000-row roll CSV (${where}, median of ${RUNS})`, value: importMs, unit: 'ms', goal: '≤ 10000 ms' },
      { name: `pre: duplicate IDs over 500,000 voters (${where}, median of ${RUNS})`, value: duplicatesMs, unit: 'ms', goal: '≤ 5000 ms' },
    ];
  } finally {
    await db.close();
    await postgres?.drop();
  }
}
