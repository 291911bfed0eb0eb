/**
 * `npm run bench`: every benchmark of the project, printed as one table.
 * `npm run bench -- count-screen district` runs only the named groups (names below).
 */
import { checkinBenchmarks } from './checkinBench';
import { cityBenchmarks } from './cityBench';
import { countBenchmarks } from './countBench';
import { countScreenBenchmarks } from './countScreenBench';
import { districtBenchmarks } from './districtBench';
import { hubBenchmarks } from './hubBench';
import { type BenchRow, printTable } from './measure';
import { preElectionBenchmarks } from './preElectionBench';
import { sheetBenchmarks } from './sheetBench';

const groups: Readonly<Record<string, () => BenchRow[] | Promise<BenchRow[]>>> = {
  count: countBenchmarks,
  checkin: checkinBenchmarks,
  sheet: sheetBenchmarks,
  'count-screen': countScreenBenchmarks,
  district: districtBenchmarks,
  hub: hubBenchmarks,
  city: cityBenchmarks,
  pre: preElectionBenchmarks,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in groups));
if (unknown.length > 0) throw new Error(`unknown benchmark group ${unknown.join(', ')}; the groups: ${Object.keys(groups).join(', ')}`);

// Sequential on purpose: each benchmark has the machine's two cores to itself.
const rows: BenchRow[] = [];
for (const [name, run] of Object.entries(groups)) if (wanted.length === 0 || wanted.includes(name)) rows.push(...(await run()));
printTable(rows);
