/** `npm run bench`: every benchmark of the project, printed as one table. */
import { checkinBenchmarks } from './checkinBench';
import { countBenchmarks } from './countBench';
import { countScreenBenchmarks } from './countScreenBench';
import { districtBenchmarks } from './districtBench';
import { printTable } from './measure';
import { sheetBenchmarks } from './sheetBench';

// Sequential on purpose: each benchmark has the machine's two cores to itself.
printTable([...countBenchmarks(), ...(await checkinBenchmarks()), ...(await sheetBenchmarks()), ...(await countScreenBenchmarks()), ...(await districtBenchmarks())]);
