/**
 * Reading a journal back: every complete line (ended by a newline) is a record; text after the
 * last newline is a torn line — a write a crash cut short, never acknowledged, so never stored
 * by the renderer — and is dropped. A complete line that is not a journal line (which a
 * crash cannot produce) is reported in `corrupt`, never silently taken.
 */
import { readFileSync } from 'node:fs';
import { journalLineSchema, type JournalLine } from './format';

export interface CorruptLine {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface SplitJournal {
  readonly lines: readonly JournalLine[];
  /** The text after the last newline, or null when the journal ends with a newline (or is empty). */
  readonly torn: string | null;
  readonly corrupt: readonly CorruptLine[];
}

export function parseJournalLine(text: string): JournalLine {
  const parsed = journalLineSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'not a journal line');
  return parsed.data;
}

/** Splits journal text into its complete lines, a torn tail and any corrupt lines. */
export function splitJournal(text: string): SplitJournal {
  const parts = text.split('\n');
  const tail = parts.pop() ?? '';
  const lines: JournalLine[] = [];
  const corrupt: CorruptLine[] = [];
  parts.forEach((part, index) => {
    if (part.trim() === '') return;
    try {
      lines.push(parseJournalLine(part));
    } catch (error) {
      corrupt.push({ line: index + 1, text: part.length > 200 ? `${part.slice(0, 200)}…` : part, reason: (error as Error).message });
    }
  });
  return { lines, torn: tail === '' ? null : tail, corrupt };
}

/** A journal file read back (a missing file is an empty journal). */
export function readJournalFile(file: string): SplitJournal {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], torn: null, corrupt: [] };
    throw error;
  }
  return splitJournal(text);
}
