/**
 * 唱票: what one paper ballot says, under the rules of RULES.md §4.
 * A reading depends on the ballot and the round only, so a running tally can add or
 * withdraw it on its own, and a full recount is the sum of the same readings.
 */
import { normalizePersonName } from '../election/names';
import type { Ballot, PositionMarks } from '../election/schemas';
import type { PersonKey, RoundContext } from './context';

export interface SectionReading {
  /** Overvoted: more persons marked ○ than seats; nothing in the section counts. */
  readonly invalid: boolean;
  readonly for: readonly PersonKey[];
  readonly against: readonly PersonKey[];
}

export interface BallotReading {
  /** A valid ballot (有效票); an invalid one (废票) counts only as recovered. */
  readonly valid: boolean;
  /** By position index of the round; `undefined` = the position was left unmarked (abstain). */
  readonly sections: readonly (SectionReading | undefined)[];
}

const INVALID_BALLOT: BallotReading = { valid: false, sections: [] };

/** The person a written name stands for: a candidate of that exact name, or the name itself. */
export function writeInPerson(context: RoundContext, written: string): PersonKey {
  const name = normalizePersonName(written);
  return context.personByName.get(name) ?? name;
}

function readSection(context: RoundContext, marks: PositionMarks, seats: number): SectionReading {
  const marked: PersonKey[] = [];
  for (const person of marks.for ?? []) if (!marked.includes(person)) marked.push(person);
  for (const written of marks.writeIns ?? []) {
    const person = writeInPerson(context, written);
    if (!marked.includes(person)) marked.push(person);
  }
  // Overvote is judged on every ○ the voter wrote (RULES §4), before anything cancels.
  const invalid = marked.length > seats;
  const against = marks.against ?? [];
  // A name written with ○ on a candidate the voter also crossed ×: the two marks cancel.
  if (!invalid && against.length > 0 && (marks.writeIns?.length ?? 0) > 0) {
    const contradicted = against.filter((person) => marked.includes(person));
    if (contradicted.length > 0) {
      return { invalid, for: marked.filter((person) => !contradicted.includes(person)), against: against.filter((person) => !contradicted.includes(person)) };
    }
  }
  return { invalid, for: marked, against };
}

/** Whether the voter put any mark in a section (○, × or a written name), whatever it comes to. */
function sectionHasMark(marks: PositionMarks): boolean {
  return (marks.for?.length ?? 0) > 0 || (marks.against?.length ?? 0) > 0 || (marks.writeIns?.length ?? 0) > 0;
}

export function readBallot(context: RoundContext, ballot: Ballot): BallotReading {
  if (ballot.status !== 'valid' || !ballot.marks) return INVALID_BALLOT;
  const sections = new Array<SectionReading | undefined>(context.positions.length);
  let anyMark = false;
  let anyOvervote = false;
  let sectionsWithVotes = 0;
  for (const positionId in ballot.marks) {
    const position = context.positionById.get(positionId);
    const marks = ballot.marks[positionId];
    if (!position || !marks) continue;
    const section = readSection(context, marks, position.seats);
    if (sectionHasMark(marks)) anyMark = true;
    if (section.invalid) anyOvervote = true;
    else if (section.for.length > 0) sectionsWithVotes++;
    sections[position.index] = section;
  }
  // 空白票: a ballot with no mark at all is invalid, whatever it was recorded as.
  if (!anyMark) return INVALID_BALLOT;
  if (anyOvervote && context.rules.overvoteScope === 'ballot') return INVALID_BALLOT;
  if (sectionsWithVotes > 1) resolveSamePersonTwice(context, sections);
  return { valid: true, sections };
}

/**
 * The same person marked ○ for two positions on one ballot (RULES.md §4): by default the
 * vote counts only for the higher position; `void-both` drops it from every position.
 * Only valid sections take part: an overvoted section counts for nobody anyway.
 */
function resolveSamePersonTwice(context: RoundContext, sections: (SectionReading | undefined)[]): void {
  const firstSeen = new Map<PersonKey, number>();
  const repeated = new Set<PersonKey>();
  for (let index = 0; index < sections.length; index++) {
    const section = sections[index];
    if (!section || section.invalid) continue;
    for (const person of section.for) {
      if (firstSeen.has(person)) repeated.add(person);
      else firstSeen.set(person, index);
    }
  }
  if (repeated.size === 0) return;
  const voidBoth = context.rules.samePersonTwoPositions === 'void-both';
  for (let index = 0; index < sections.length; index++) {
    const section = sections[index];
    if (!section || section.invalid) continue;
    const keep = section.for.filter(
      (person) => !repeated.has(person) || (!voidBoth && firstSeen.get(person) === index),
    );
    if (keep.length !== section.for.length) sections[index] = { ...section, for: keep };
  }
}
