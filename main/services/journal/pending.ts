/**
 * The recovery main offers the renderer (docs/ELECTRON.md, "Recovery"):
 *
 * 1. `prepareRecovery` (Electron's and the host's `--recover-from-journal[=FILE]`) rebuilds the
 *    records from the journal into `recovery/recovered-TIME.json` and names it in
 *    `recovery/pending.json` with its sha256 as `id`.
 * 2. `pendingRecovery` (bridge `pendingRecovery()`, over IPC or the host) hands it to the
 *    renderer at start-up, which asks the clerks and restores it into the station database.
 * 3. `consumeRecovery(id)` (bridge `consumeRecovery(id)`)
 *    marks it consumed once it is restored: a restart does not offer it again.
 *
 * Electron's IPC and the host's /api/bridge/ call these same functions; `id` is validated
 * with `recoveryIdSchema` (shared/bridge/journal.ts) on both.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { recoveryIdSchema } from '../../../shared/bridge/journal';
import type { PendingRecovery } from '../../../shared/bridge/StationBridge';
import { readTextIfExists, writeFileAtomic } from '../atomicFile';
import { ensureDataDir } from '../dataDir';
import { RECOVERY_FORMAT, type RecoveredDocuments } from './documents';
import { recoverJournalToFile, type RecoverSummary } from './recover';
import { journalPath } from './service';

export const RECOVERY_DIR = 'recovery';
export const PENDING_FILE = 'pending.json';
export const PENDING_FORMAT = 'polling-station/pending-recovery@1';

interface PendingFile {
  readonly format: typeof PENDING_FORMAT;
  readonly id: string;
  /** The recovery file's name in the recovery folder. */
  readonly file: string;
  readonly journal: string;
  readonly preparedAt: string;
  readonly torn: boolean;
  readonly corrupt: number;
  /** Set when the renderer restored it. */
  readonly consumedAt: string | null;
}

export class RecoveryRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryRefused';
  }
}

export function recoveryDir(dataDir: string): string {
  return join(dataDir, RECOVERY_DIR);
}

function pendingPath(dataDir: string): string {
  return join(recoveryDir(dataDir), PENDING_FILE);
}

/**
 * `--recover-from-journal[=FILE]` as both the Electron app and the host take it: null when the
 * switch is absent, '' for the data folder's journal, else the journal file given.
 */
export function recoverFromJournalArg(argv: readonly string[]): string | null {
  let found: string | null = null;
  for (const arg of argv) {
    if (arg === '--recover-from-journal') found = '';
    else if (arg.startsWith('--recover-from-journal=')) found = arg.slice('--recover-from-journal='.length);
  }
  return found;
}

export interface PreparedRecovery extends RecoverSummary {
  readonly id: string;
}

/**
 * Rebuilds the records from `journal` (default: the data folder's) into a new recovery file and
 * makes it the pending recovery (replacing one not yet restored). The journal is only read.
 */
export function prepareRecovery(dataDir: string, journal: string = journalPath(dataDir), now: Date = new Date()): PreparedRecovery {
  const dir = ensureDataDir(recoveryDir(dataDir));
  const out = join(dir, `recovered-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  const summary = recoverJournalToFile(journal, out);
  const id = createHash('sha256').update(readFileSync(out)).digest('hex');
  const pending: PendingFile = {
    format: PENDING_FORMAT,
    id,
    file: basename(out),
    journal,
    preparedAt: now.toISOString(),
    torn: summary.torn,
    corrupt: summary.corrupt,
    consumedAt: null,
  };
  writeFileAtomic(pendingPath(dataDir), `${JSON.stringify(pending, null, 2)}\n`, { mode: 0o600 });
  return { ...summary, id };
}

function readPendingFile(dataDir: string): PendingFile | null {
  const file = pendingPath(dataDir);
  const text = readTextIfExists(file);
  if (text === null) return null;
  let raw: Partial<PendingFile> | null;
  try {
    raw = JSON.parse(text) as Partial<PendingFile> | null;
  } catch {
    throw new Error(`${file} is damaged (not JSON); move it away, or start again with --recover-from-journal`);
  }
  if (raw === null || typeof raw !== 'object' || raw.format !== PENDING_FORMAT || typeof raw.id !== 'string' || typeof raw.file !== 'string' || basename(raw.file) !== raw.file) {
    throw new Error(`${file} is damaged; move it away, or start again with --recover-from-journal`);
  }
  return raw as PendingFile;
}

/** The pending recovery, or null when there is none or it was consumed. Throws when its file was changed or is damaged. */
export function pendingRecovery(dataDir: string): PendingRecovery | null {
  const pending = readPendingFile(dataDir);
  if (pending === null || pending.consumedAt !== null) return null;
  const file = join(recoveryDir(dataDir), pending.file);
  const bytes = readFileSync(file);
  if (createHash('sha256').update(bytes).digest('hex') !== pending.id) {
    throw new Error(`the recovery file ${file} was changed after it was written; start again with --recover-from-journal`);
  }
  const recovered = JSON.parse(bytes.toString('utf8')) as RecoveredDocuments;
  if (recovered.format !== RECOVERY_FORMAT) throw new Error(`${file} is not a journal recovery file`);
  const pkg = recovered.election?.package as { election?: { id?: string; title?: string }; station?: { name?: string } } | undefined;
  return {
    id: pending.id,
    preparedAt: pending.preparedAt,
    journal: pending.journal,
    election: recovered.election
      ? { id: recovered.election.electionId, title: String(pkg?.election?.title ?? ''), station: String(pkg?.station?.name ?? ''), electionHash: recovered.election.electionHash }
      : null,
    checkins: recovered.checkins.length,
    ballots: recovered.ballots.filter((doc) => doc.kind === 'ballot').length,
    withdrawals: recovered.ballots.filter((doc) => doc.kind === 'withdrawal').length,
    torn: pending.torn,
    corrupt: pending.corrupt,
    refused: (recovered.refused ?? []).map(({ kind, id, reason, detail }) => ({ kind, id, reason, detail })),
    recovered,
  };
}

/**
 * Marks recovery `id` consumed (the renderer restored it). Consuming it again is a no-op
 * (false); any other id is refused (RecoveryRefused), nothing changed.
 */
export function consumeRecovery(dataDir: string, id: unknown, now: Date = new Date()): boolean {
  const valid = recoveryIdSchema.safeParse(id);
  if (!valid.success) throw new TypeError(`consumeRecovery: invalid id: ${valid.error.issues[0]?.message ?? 'invalid'}`);
  const pending = readPendingFile(dataDir);
  if (pending === null || pending.id !== valid.data) throw new RecoveryRefused(`no pending journal recovery ${valid.data}`);
  if (pending.consumedAt !== null) return false;
  writeFileAtomic(pendingPath(dataDir), `${JSON.stringify({ ...pending, consumedAt: now.toISOString() }, null, 2)}\n`, { mode: 0o600 });
  return true;
}
