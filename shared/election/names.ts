/**
 * What makes two written names the same person's name (RULES §4: "exactly a candidate's name"):
 * the same text after Unicode NFC and without outer white space — nothing else is changed, no
 * guessing. Candidate names in the package and names written on ballots go through it alike.
 */
export function normalizePersonName(name: string): string {
  return name.normalize('NFC').trim();
}
