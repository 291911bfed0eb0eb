/** `npm run bench`: every benchmark of the project, printed as one table. */
import { countBenchmarks } from './countBench';
import { printTable } from './measure';

printTable([...countBenchmarks()]);
