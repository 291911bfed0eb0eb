/** The ballot stock of a round: setup's for round 1, the runoff stocks after it. */
export function stockOfRound(setup: { ballotStock: number; runoffBallotStocks?: readonly number[] }, round: number): number {
  return round === 1 ? setup.ballotStock : (setup.runoffBallotStocks?.[round - 2] ?? 0);
}
