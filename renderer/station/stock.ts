/** The ballot stock of a round: one rule for the station and the hub (shared/rules/ballotStock.ts). */
export { stockOfRound } from '../../shared/rules/ballotStock';
