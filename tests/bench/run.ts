/** `npm run bench`: every benchmark of the project, printed as one table. */
import { checkinBenchmarks } from './checkinBench';
import { countBenchmarks } from './countBench';
import { printTable } from './measure';

printTable([...countBenchmarks(), ...(await checkinBenchmarks())]);
