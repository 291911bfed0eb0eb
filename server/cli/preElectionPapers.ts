/**
 * `pre-election package|ballot|roll-pdf|candidates-pdf`: a community's signed package and papers
 * from the district's records (server/preElection/papers/service.ts), written to OUT. They run
 * on the database or through the running server like the other database commands
 * (cli/dbCommands.ts); a PDF travels back as base64.
 */
import { keyFingerprint } from '../../shared/crypto/ed25519';
import { electionHash } from '../../shared/crypto/hash';
import type { Db } from '../db/types';
import { HttpError } from '../http/io';
import { ballotPdf, ballotRun, formalListPdf, rollPdf, signedPackage, type PaperFile } from '../preElection/papers/service';
import { CliError } from './common';
import type { ExportFile } from './resultsExport';

export type PaperCommand =
  | { readonly command: 'pre-election roll-pdf' | 'pre-election candidates-pdf'; readonly communityId: string; readonly out: string }
  | { readonly command: 'pre-election ballot'; readonly communityId: string; readonly out: string; readonly first?: string; readonly count?: string }
  | {
      readonly command: 'pre-election package';
      readonly communityId: string;
      readonly out: string;
      /** The district key file's JSON text. */
      readonly keyText: string;
      readonly stock?: string;
      readonly server?: string;
    };

export const PAPER_COMMANDS: ReadonlySet<string> = new Set(['pre-election roll-pdf', 'pre-election candidates-pdf', 'pre-election ballot', 'pre-election package']);

/** A request as received over HTTP (the operator's channel), or null when it is not one. */
export function readPaperCommand(value: Record<string, unknown>): PaperCommand | null {
  const text = (name: string) => typeof value[name] === 'string';
  const optional = (name: string) => value[name] === undefined || text(name);
  if (!text('command') || !PAPER_COMMANDS.has(value.command as string) || !text('communityId') || !text('out')) return null;
  switch (value.command) {
    case 'pre-election ballot':
      return optional('first') && optional('count') ? (value as PaperCommand) : null;
    case 'pre-election package':
      return text('keyText') && optional('stock') && optional('server') ? (value as PaperCommand) : null;
    default:
      return value as PaperCommand;
  }
}

function file(out: string, paper: PaperFile): ExportFile {
  return paper.type === 'application/pdf'
    ? { path: out, content: Buffer.from(paper.bytes).toString('base64'), encoding: 'base64' }
    : { path: out, content: new TextDecoder().decode(paper.bytes) };
}

async function run(db: Db, request: PaperCommand): Promise<{ output: string; files: ExportFile[] }> {
  switch (request.command) {
    case 'pre-election roll-pdf': {
      const paper = await rollPdf(db, request.communityId);
      return { output: `选民名单已生成 / Roll written: ${request.out}（${paper.name}）`, files: [file(request.out, paper)] };
    }
    case 'pre-election candidates-pdf': {
      const paper = await formalListPdf(db, request.communityId);
      return { output: `正式候选人名单已生成 / Formal candidate list written: ${request.out}`, files: [file(request.out, paper)] };
    }
    case 'pre-election ballot': {
      const paper = await ballotPdf(db, request.communityId, ballotRun(request.first, request.count));
      const { style, paper: size, qrText } = paper.ballot;
      return {
        output: [`选票已生成 / Ballots written: ${request.out}（${size}）`, `选票样式 / ballot style: ${qrText}`, `选举哈希 / election hash: ${style.electionHash}`].join('\n'),
        files: [file(request.out, paper)],
      };
    }
    case 'pre-election package': {
      let key: unknown;
      try {
        key = JSON.parse(request.keyText);
      } catch (error) {
        throw CliError.of('preElection.districtKeyInvalid', { detail: (error as Error).message });
      }
      const stock = request.stock === undefined ? undefined : /^\d{1,9}$/.test(request.stock) ? Number(request.stock) : NaN;
      const paper = await signedPackage(db, request.communityId, { key, ...(stock === undefined ? {} : { ballotStock: stock }), ...(request.server === undefined ? {} : { districtServer: request.server }) });
      const pkg = paper.package;
      const registered = pkg.roll.filter((voter) => voter.status === 'registered').length;
      return {
        output: [
          `选举包已生成 / Election package written: ${request.out}`,
          `投票站 / station: ${pkg.station.id} ${pkg.station.name}`,
          `选民 / voters: ${pkg.roll.length}（登记 / registered ${registered}），选票 / ballots: ${pkg.ballotStock}`,
          `选举委员会 / committee: ${pkg.preElection?.committee.length ?? 0}`,
          `选举哈希 / election hash: ${electionHash(pkg.election)}`,
          `区级密钥指纹 / district key fingerprint: ${keyFingerprint(pkg.districtKey)}`,
        ].join('\n'),
        files: [file(request.out, paper)],
      };
    }
  }
}

/** Run a paper command; the services' refusals become the command's (bilingual lines, exit code 2). */
export async function runPaperCommand(db: Db, request: PaperCommand): Promise<{ output: string; files: ExportFile[] }> {
  try {
    return await run(db, request);
  } catch (error) {
    if (error instanceof HttpError) throw new CliError(error.issues);
    throw error;
  }
}
