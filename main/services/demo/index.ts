export {
  buildDemoPackage,
  buildUnsignedDemoPackage,
  demoElection,
  demoPackageText,
  DEMO_BALLOT_STOCK,
  DEMO_DISTRICT_FINGERPRINT,
  DEMO_DISTRICT_PUBLIC_KEY,
  DEMO_ISSUED_AT,
  DEMO_SEED,
  DEMO_STATION,
  DEMO_VOTERS,
  DEMO_SMALL_BALLOT_STOCK,
  DEMO_SMALL_SEED,
  DEMO_SMALL_STATION,
  DEMO_SMALL_VOTERS,
  smallDemoElection,
} from './package';
export { DEMO_ELECTION_DATE, GROUP_NAMES, STRUCK_REASONS, generateRoll, voterId, type RollOptions } from './roll';
export { Prng, WeightedTable } from './prng';
