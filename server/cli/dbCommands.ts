/**
 * The commands that use the district database, as plain requests: input files already read,
 * output files returned, not written. The CLI runs one on the database it opens, or — when
 * `serve` holds the embedded database (PGlite is single-process) — sends it to the running
 * server, authenticated as the operator (cli/operator.ts), and writes the files it gets back.
 */
import { writeFileSync } from 'node:fs';
import type { Db } from '../db/types';
import { archiveImportBytes } from './archiveImport';
import { bundleImportText } from './bundleImport';
import { PRE_ELECTION_STEP, readPreElectionStep, runPreElectionStep, type PreElectionStepCommand } from './preElection';
import { PAPER_COMMANDS, readPaperCommand, runPaperCommand, type PaperCommand } from './preElectionPapers';
import { resultsExportFiles, type ExportFile } from './resultsExport';
import { stationEnrol, stationsList } from './stationCmds';

export type DbCommand =
  | { readonly command: 'stations list' }
  | { readonly command: 'station enrol'; readonly stationId: string; readonly key: string; readonly electionText?: string; readonly replace: boolean }
  | { readonly command: 'results export'; readonly format: string; readonly out: string }
  | { readonly command: 'bundle import'; readonly text: string; readonly demo: boolean }
  /** The archive file's bytes as base64 (the request travels as JSON to a running server). */
  | { readonly command: 'archive import'; readonly base64: string; readonly demo: boolean }
  | PreElectionStepCommand
  | PaperCommand;

export interface DbCommandReply {
  readonly output: string;
  readonly files: readonly ExportFile[];
}

export async function executeDbCommand(db: Db, request: DbCommand): Promise<DbCommandReply> {
  switch (request.command) {
    case 'stations list':
      return { output: await stationsList(db), files: [] };
    case 'station enrol':
      return {
        output: await stationEnrol(db, { stationId: request.stationId, key: request.key, electionText: request.electionText, replace: request.replace }),
        files: [],
      };
    case 'results export': {
      const exported = await resultsExportFiles(db, request.format, request.out);
      return { output: exported.message, files: exported.files };
    }
    case 'bundle import':
      return { output: await bundleImportText(db, request.text, request.demo), files: [] };
    case 'archive import':
      return { output: await archiveImportBytes(db, new Uint8Array(Buffer.from(request.base64, 'base64')), request.demo), files: [] };
    case PRE_ELECTION_STEP:
      return runPreElectionStep(db, request);
    default:
      return runPaperCommand(db, request);
  }
}

/** Write a reply's files where the command was asked to. */
export function writeReplyFiles(reply: DbCommandReply): void {
  for (const file of reply.files) writeFileSync(file.path, file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : file.content);
}

const COMMANDS: ReadonlySet<string> = new Set(['stations list', 'station enrol', 'results export', 'bundle import', 'archive import']);

/** A request as received over HTTP, or null when it is not one. */
export function readDbCommand(value: unknown): DbCommand | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.command === PRE_ELECTION_STEP) return readPreElectionStep(v);
  if (typeof v.command === 'string' && PAPER_COMMANDS.has(v.command)) return readPaperCommand(v);
  if (typeof v.command !== 'string' || !COMMANDS.has(v.command)) return null;
  const text = (name: string) => typeof v[name] === 'string';
  switch (v.command) {
    case 'stations list':
      return { command: 'stations list' };
    case 'station enrol':
      return text('stationId') && text('key') && (v.electionText === undefined || text('electionText')) && typeof v.replace === 'boolean' ? (value as DbCommand) : null;
    case 'results export':
      return text('format') && text('out') ? (value as DbCommand) : null;
    case 'bundle import':
      return text('text') && typeof v.demo === 'boolean' ? (value as DbCommand) : null;
    case 'archive import':
      return text('base64') && typeof v.demo === 'boolean' ? (value as DbCommand) : null;
    default:
      return null;
  }
}

