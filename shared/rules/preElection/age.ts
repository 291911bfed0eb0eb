/**
 * Age on election day (SC-R 15: age is counted up to 选举日): a person born on 2009-03-21 is 18 on
 * 2027-03-21. Someone born on 29 February turns a year older on 1 March in other years.
 */

export const VOTING_AGE = 18;

/** Whole years from `birthDate` to `onDate` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

/** 18 or over on election day. */
export function isOfVotingAge(birthDate: string, electionDate: string): boolean {
  return ageOn(birthDate, electionDate) >= VOTING_AGE;
}
