/**
 * The sheet's sentences for people who reached the threshold and were not elected (issue 18,
 * the sheet review): whom the women rule displaced and why, and "得票相等，均未当选" under a tie
 * that leaves a seat empty. Who they are comes from the rules (shared/rules/explain.ts); this file
 * only words it.
 */
import type { CountResult, ElectionDefinition, PositionResult, Tally } from '../election/schemas';
import { explainPosition } from '../rules/explain';
import { committeeName } from './format';
import { personName } from './elected';

const names = (rows: readonly Tally[]): string => rows.map((row) => row.name).join('、');
const votes = (rows: readonly Tally[]): string => rows.map((row) => `${row.name} ${row.for} 票`).join('，');

/** The sentences printed under position `position`'s table (none when nobody was kept out). */
export function explanationNotes(election: ElectionDefinition, result: CountResult, position: PositionResult): string[] {
  const { displaced, tied } = explainPosition(result, position);
  const notes: string[] = [];
  if (displaced.length > 0) {
    const women = position.elected.filter((person) => election.positions.some((p) => p.candidates.some((c) => c.id === person && c.gender === 'F')));
    const woman = women.map((person) => personName(election, position, person)).join('、');
    const why = `${committeeName(election)}没有女性成员当选，依照妇女成员保障规定`;
    notes.push(
      position.womenRuleOutcome === 'womanTookSeat'
        ? `${names(displaced)}（${votes(displaced)}）得票已达当选票数，按得票多少本应当选；因${why}由女性候选人中得票最多的${woman || '一人'}当选，${names(displaced)}未当选。`
        : `${names(displaced)}（${votes(displaced)}）得票已达当选票数，按得票多少本应当选；因${why}本职位保留 1 个名额由女性候选人另行选举产生，${names(displaced)}未当选。`,
    );
  }
  if (tied.length > 0) notes.push(`${names(tied)}各得 ${tied[0]!.for} 票，得票相等，均未当选。`);
  return notes;
}
