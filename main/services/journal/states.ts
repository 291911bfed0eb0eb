/**
 * Every state main's journal holds of each record of the current election (the last marker's),
 * as canonical JSON by collection and id — what a signed sync push or bundle is checked against
 * (main/services/syncSigning.ts): a record the journal never held is not signed. Kept per journal
 * size, so a sync of many requests reads the journal once per change.
 */
import { statSync } from 'node:fs';
import { canonicalJson } from '../../../shared/crypto/canonical';
import { lastElectionMark, linesOfElection } from './documents';
import { readJournalFile } from './reader';
import { journalPath } from './service';

export interface JournaledStates {
  readonly checkins: ReadonlyMap<string, ReadonlySet<string>>;
  readonly ballots: ReadonlyMap<string, ReadonlySet<string>>;
  readonly count: ReadonlyMap<string, ReadonlySet<string>>;
}

const COLLECTION = { checkin: 'checkins', ballot: 'ballots', withdrawal: 'ballots', count: 'count' } as const;

const cache = new Map<string, { readonly size: number; readonly states: JournaledStates }>();

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export function journaledStates(dataDir: string): JournaledStates {
  const file = journalPath(dataDir);
  const size = sizeOf(file);
  const cached = cache.get(file);
  if (cached?.size === size) return cached.states;
  const lines = readJournalFile(file).lines;
  const states = { checkins: new Map<string, Set<string>>(), ballots: new Map<string, Set<string>>(), count: new Map<string, Set<string>>() };
  for (const line of linesOfElection(lines, lastElectionMark(lines)?.electionHash ?? null)) {
    const collection = COLLECTION[line.kind as keyof typeof COLLECTION] as keyof typeof states | undefined;
    const id = (line.record as { id?: unknown }).id;
    if (collection === undefined || typeof id !== 'string') continue;
    const set = states[collection].get(id) ?? new Set<string>();
    set.add(canonicalJson(line.record));
    states[collection].set(id, set);
  }
  cache.set(file, { size, states });
  return states;
}
