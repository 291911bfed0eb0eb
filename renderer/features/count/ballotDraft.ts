/**
 * The ballot being entered: one key per candidate across the whole ballot (1…9, 0, then the
 * row q…p), each press cycling ○ → × → none; write-ins per position. Pure, so the keys and
 * the overvote flags are tested without a browser.
 */
import type { Ballot } from '../../../shared/election/schemas';
import type { RoundContext } from '../../../shared/rules/context';
import { normalizePersonName } from '../../../shared/election/names';

export const CANDIDATE_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'] as const;
export const WRITE_IN_KEYS = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'] as const;

export type Mark = 'for' | 'against';

export interface KeyedCandidate {
  readonly key: string;
  readonly positionId: string;
  readonly person: string;
  readonly name: string;
}

export interface Draft {
  /** positionId → person → mark */
  readonly marks: Readonly<Record<string, Readonly<Record<string, Mark>>>>;
  readonly writeIns: Readonly<Record<string, readonly string[]>>;
}

export const EMPTY_DRAFT: Draft = { marks: {}, writeIns: {} };

/** Candidates of this round's ballot with their keys, positions in rank order. */
export function keyedCandidates(context: RoundContext): KeyedCandidate[] {
  const keyed: KeyedCandidate[] = [];
  for (const position of context.positions) {
    for (const person of position.candidates) {
      const key = CANDIDATE_KEYS[keyed.length];
      if (!key) break;
      keyed.push({ key, positionId: position.id, person, name: context.nameOf(person) });
    }
  }
  return keyed;
}

export function toggle(draft: Draft, candidate: KeyedCandidate): Draft {
  const current = draft.marks[candidate.positionId]?.[candidate.person];
  const next: Mark | undefined = current === undefined ? 'for' : current === 'for' ? 'against' : undefined;
  const position = { ...(draft.marks[candidate.positionId] ?? {}) };
  if (next) position[candidate.person] = next;
  else delete position[candidate.person];
  return { ...draft, marks: { ...draft.marks, [candidate.positionId]: position } };
}

export function addWriteIn(draft: Draft, positionId: string, name: string): Draft {
  const written = normalizePersonName(name);
  if (written === '') return draft;
  return { ...draft, writeIns: { ...draft.writeIns, [positionId]: [...(draft.writeIns[positionId] ?? []), written] } };
}

export function removeWriteIn(draft: Draft, positionId: string, index: number): Draft {
  const list = [...(draft.writeIns[positionId] ?? [])];
  list.splice(index, 1);
  return { ...draft, writeIns: { ...draft.writeIns, [positionId]: list } };
}

export function isEmpty(draft: Draft): boolean {
  return Object.values(draft.marks).every((m) => Object.keys(m).length === 0) && Object.values(draft.writeIns).every((w) => w.length === 0);
}

/** The marks of the ballot in the CountInput shape. */
export function draftMarks(context: RoundContext, draft: Draft): NonNullable<Ballot['marks']> {
  const marks: NonNullable<Ballot['marks']> = {};
  for (const position of context.positions) {
    const chosen = Object.entries(draft.marks[position.id] ?? {});
    const writeIns = [...(draft.writeIns[position.id] ?? [])];
    if (chosen.length === 0 && writeIns.length === 0) continue;
    marks[position.id] = {
      for: chosen.filter(([, mark]) => mark === 'for').map(([person]) => person),
      against: chosen.filter(([, mark]) => mark === 'against').map(([person]) => person),
      writeIns,
    };
  }
  return marks;
}

/** Positions where more persons are marked ○ than seats (flagged before commit). */
export function overvotes(context: RoundContext, draft: Draft): { positionId: string; title: string; marked: number; seats: number }[] {
  const flagged = [];
  for (const position of context.positions) {
    const persons = new Set<string>();
    for (const [person, mark] of Object.entries(draft.marks[position.id] ?? {})) if (mark === 'for') persons.add(person);
    for (const name of draft.writeIns[position.id] ?? []) persons.add(context.personByName.get(name) ?? name);
    if (persons.size > position.seats) flagged.push({ positionId: position.id, title: position.title, marked: persons.size, seats: position.seats });
  }
  return flagged;
}

/** Names to offer for a write-in: candidates and names already written, closest first. Never merged silently. */
export function writeInSuggestions(typed: string, candidates: readonly string[], written: readonly string[], limit = 6): string[] {
  const query = normalizePersonName(typed);
  if (query === '') return [];
  const pool = [...new Set([...written, ...candidates])];
  const score = (name: string): number => {
    if (name === query) return 0;
    if (name.startsWith(query)) return 1;
    const shared = [...query].filter((char) => name.includes(char)).length;
    return shared === 0 ? Infinity : 2 + (query.length - shared) + Math.abs(name.length - query.length) * 0.1;
  };
  return pool
    .map((name) => ({ name, score: score(name) }))
    .filter((entry) => entry.score !== Infinity)
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((entry) => entry.name);
}
