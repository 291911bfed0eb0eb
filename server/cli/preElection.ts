/**
 * `npm run district -- pre-election <step> …`: every step before polling day from the command
 * line, calling the same services as `/api/pre-election/…` (server/preElection/). Inputs that are
 * records (a community, a committee member, an objection's decision…) are JSON files in the shapes
 * of server/preElection/types.ts (`--json FILE`); answers are printed as JSON. A refusal prints the
 * service's bilingual lines (exit 2). Runs on the database, or through a running `serve` that holds
 * it (cli/operator.ts): the request carries the files' contents, not their paths.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../db/types';
import { HttpError } from '../http/io';
import { addCommitteeMember, leaveCommittee, listCommittee } from '../preElection/committee';
import { communitySummary, listCommunities, saveCommunity } from '../preElection/communities';
import { findDuplicates, resolveDuplicate } from '../preElection/duplicates';
import { findFormalList, positionStatuses, publishFormalList, recordPrimary } from '../preElection/formalList';
import { addNomination, confirmChecklist, listNominations, withdrawNomination } from '../preElection/nominations';
import { decideObjection, fileObjection, listObjections } from '../preElection/objections';
import { packageRecords } from '../preElection/packageRecords';
import { publishRoll } from '../preElection/publication';
import { rollPage } from '../preElection/roll';
import { rollTemplateCsv, rollTemplateXlsx } from '../preElection/rollFile';
import { importRoll } from '../preElection/rollImport';
import { listAudit, requireCommunity } from '../preElection/store';
import { CliError, usage } from './common';
import type { DbCommandReply } from './dbCommands';
import { readBase64, readText } from './files';
import type { ExportFile } from './resultsExport';

export const PRE_ELECTION_STEP = 'pre-election step';

export interface PreElectionStepCommand {
  readonly command: typeof PRE_ELECTION_STEP;
  readonly step: string;
  readonly options: Readonly<Record<string, string>>;
  /** The `--json` file, parsed. */
  readonly body?: unknown;
  /** The input file (a roll), as base64. */
  readonly file?: { readonly name: string; readonly base64: string };
  /** Where an output file goes (absolute). */
  readonly out?: string;
}

interface StepArgs {
  readonly o: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly file: { readonly name: string; readonly bytes: Uint8Array } | undefined;
  readonly out: string | undefined;
}

interface Step {
  /** The string options besides --data and --json. */
  readonly options: readonly string[];
  readonly required: readonly string[];
  /** A positional argument: the input file (`in`) or the output file (`out`). */
  readonly positional?: 'in' | 'out';
  readonly json?: 'required' | 'optional';
  readonly help: string;
  run(db: Db, args: StepArgs): Promise<unknown>;
}

const file = (path: string, content: string | Uint8Array): ExportFile =>
  typeof content === 'string' ? { path, content } : { path, content: Buffer.from(content).toString('base64'), encoding: 'base64' };

/** Marks a step's answer as a file to write (the reply's `files`), with a line to print. */
class FileAnswer {
  constructor(
    readonly files: readonly ExportFile[],
    readonly message: string,
  ) {}
}

const C = 'community';
const STEPS: Readonly<Record<string, Step>> = {
  communities: { options: [], required: [], help: 'communities', run: (db) => listCommunities(db) },
  community: { options: [], required: [], json: 'required', help: 'community --json COMMUNITY.json', run: (db, a) => saveCommunity(db, a.body) },
  status: { options: [C], required: [C], help: 'status --community ID', run: (db, a) => communitySummary(db, a.o[C]!) },
  committee: { options: [C], required: [C], help: 'committee --community ID', run: (db, a) => listCommittee(db, a.o[C]!) },
  'committee-add': { options: [C], required: [C], json: 'required', help: 'committee-add --community ID --json MEMBER.json', run: (db, a) => addCommitteeMember(db, a.o[C]!, a.body) },
  'committee-leave': { options: [C, 'member'], required: [C, 'member'], json: 'required', help: 'committee-leave --community ID --member m-N --json LEAVE.json', run: (db, a) => leaveCommittee(db, a.o[C]!, a.o.member!, a.body) },
  'roll-template': {
    options: [],
    required: [],
    positional: 'out',
    help: 'roll-template OUT.csv|OUT.xlsx',
    run: async (_db, a) => {
      const out = a.out!;
      const xlsx = /\.xlsx$/i.test(out);
      return new FileAnswer([file(out, xlsx ? rollTemplateXlsx() : rollTemplateCsv())], `选民名册模板已写入 / roll template written: ${out}`);
    },
  },
  'roll-import': { options: [C, 'by'], required: [C], positional: 'in', help: 'roll-import --community ID [--by NAME] ROLL.csv|ROLL.xlsx', run: (db, a) => importRoll(db, a.o[C]!, { ...a.file!, ...(a.o.by ? { by: a.o.by } : {}) }) },
  roll: {
    options: [C, 'group', 'q', 'status', 'offset', 'limit'],
    required: [C],
    help: 'roll --community ID [--group G] [--q TEXT] [--status registered|struck] [--offset N] [--limit N]',
    run: (db, a) => {
      const status = a.o.status;
      if (status !== undefined && status !== 'registered' && status !== 'struck') throw usage('--status must be registered or struck / --status 须为 registered 或 struck');
      const numberOf = (name: string) => (a.o[name] === undefined ? {} : { [name]: Number(a.o[name]) });
      return rollPage(db, a.o[C]!, { ...(a.o.group ? { group: a.o.group } : {}), ...(a.o.q ? { q: a.o.q } : {}), ...(status ? { status } : {}), ...numberOf('offset'), ...numberOf('limit') });
    },
  },
  duplicates: { options: [], required: [], help: 'duplicates', run: (db) => findDuplicates(db) },
  'duplicate-resolve': { options: ['id-number'], required: ['id-number'], json: 'required', help: 'duplicate-resolve --id-number ID --json RESOLUTION.json', run: (db, a) => resolveDuplicate(db, a.o['id-number']!.toUpperCase(), a.body) },
  publish: { options: [C, 'date', 'by'], required: [C, 'date', 'by'], help: 'publish --community ID --date YYYY-MM-DD --by NAME', run: (db, a) => publishRoll(db, a.o[C]!, { publishedOn: a.o.date, by: a.o.by }) },
  objections: { options: [C], required: [C], help: 'objections --community ID', run: (db, a) => listObjections(db, a.o[C]!) },
  'objection-file': { options: [C], required: [C], json: 'required', help: 'objection-file --community ID --json OBJECTION.json', run: (db, a) => fileObjection(db, a.o[C]!, a.body) },
  'objection-decide': { options: [C, 'objection'], required: [C, 'objection'], json: 'required', help: 'objection-decide --community ID --objection o-N --json DECISION.json', run: (db, a) => decideObjection(db, a.o[C]!, a.o.objection!, a.body) },
  nominations: { options: [C], required: [C], help: 'nominations --community ID', run: async (db, a) => listNominations(db, await requireCommunity(db, a.o[C]!)) },
  nominate: { options: [C], required: [C], json: 'required', help: 'nominate --community ID --json NOMINATION.json', run: (db, a) => addNomination(db, a.o[C]!, a.body) },
  checklist: { options: [C, 'nomination'], required: [C, 'nomination'], json: 'required', help: 'checklist --community ID --nomination n-N --json CONFIRMATION.json', run: (db, a) => confirmChecklist(db, a.o[C]!, a.o.nomination!, a.body) },
  withdraw: { options: [C, 'nomination', 'reason', 'by'], required: [C, 'nomination'], help: 'withdraw --community ID --nomination n-N [--reason TEXT] [--by NAME]', run: (db, a) => withdrawNomination(db, a.o[C]!, a.o.nomination!, { ...(a.o.reason ? { reason: a.o.reason } : {}), ...(a.o.by ? { by: a.o.by } : {}) }) },
  positions: { options: [C], required: [C], help: 'positions --community ID', run: (db, a) => positionStatuses(db, a.o[C]!) },
  primary: { options: [C, 'position'], required: [C, 'position'], json: 'required', help: 'primary --community ID --position P --json PRIMARY.json', run: (db, a) => recordPrimary(db, a.o[C]!, a.o.position!, a.body) },
  'formal-list': {
    options: [C, 'date', 'by'],
    required: [C],
    help: 'formal-list --community ID [--date YYYY-MM-DD --by NAME]   (with --date: publish it)',
    run: async (db, a) => (a.o.date === undefined ? ((await requireCommunity(db, a.o[C]!)) && findFormalList(db, a.o[C]!)) : publishFormalList(db, a.o[C]!, { publishedOn: a.o.date, by: a.o.by })),
  },
  records: {
    options: [C],
    required: [C],
    positional: 'out',
    help: 'records --community ID OUT.json   (what the package is built from)',
    run: async (db, a) => new FileAnswer([file(a.out!, `${JSON.stringify(await packageRecords(db, a.o[C]!), null, 2)}\n`)], `已写入 / written: ${a.out!}`),
  },
  audit: { options: [C, 'after'], required: [], help: 'audit [--community ID] [--after SEQ]', run: (db, a) => listAudit(db, a.o[C] ?? null, a.o.after === undefined ? {} : { after: Number(a.o.after) }) },
};

export const PRE_ELECTION_USAGE = Object.values(STEPS)
  .map((step) => `  pre-election ${step.help} [--data DIR]`)
  .join('\n');

/** The command line of a step → its request (input files read here) and the data folder. */
export function preElectionRequest(stepName: string | undefined, argv: readonly string[]): { data: string | undefined; request: PreElectionStepCommand } {
  const step = stepName === undefined ? undefined : STEPS[stepName];
  if (!step) throw usage(`unknown pre-election step "${stepName ?? ''}" / 未知步骤\n${PRE_ELECTION_USAGE}`);
  const spec = Object.fromEntries([...step.options, 'data', 'json'].map((name) => [name, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage(`${(error as Error).message}\n  pre-election ${step.help}`);
  }
  const values = parsed.values as Record<string, string | undefined>;
  const wanted = step.positional === undefined ? 0 : 1;
  if (parsed.positionals.length !== wanted) throw usage(`expected ${wanted} file argument(s) / 应有 ${wanted} 个文件参数\n  pre-election ${step.help}`);
  for (const name of step.required) if (!values[name]) throw usage(`--${name} is required / 缺少 --${name}\n  pre-election ${step.help}`);
  if (step.json === 'required' && !values.json) throw usage(`--json is required / 缺少 --json\n  pre-election ${step.help}`);
  const options: Record<string, string> = {};
  for (const name of step.options) if (values[name] !== undefined) options[name] = values[name];
  let body: unknown;
  if (values.json) {
    try {
      body = JSON.parse(readText(values.json).replace(/^\uFEFF/, '')) as unknown;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw CliError.of('json.malformed', { detail: `${values.json}: ${(error as Error).message}` });
    }
  }
  const path = parsed.positionals[0];
  const request: PreElectionStepCommand = {
    command: PRE_ELECTION_STEP,
    step: stepName!,
    options,
    ...(body === undefined ? {} : { body }),
    ...(step.positional === 'in' && path ? { file: { name: path.split(/[\\/]/).pop()!, base64: readBase64(path) } } : {}),
    ...(step.positional === 'out' && path ? { out: resolve(path) } : {}),
  };
  return { data: values.data, request };
}

/** Run a step on the database (here, or in a running serve for the operator). */
export async function runPreElectionStep(db: Db, request: PreElectionStepCommand): Promise<DbCommandReply> {
  const step = STEPS[request.step] ?? (() => { throw usage(`unknown pre-election step "${request.step}"`); })();
  try {
    const answer = await step.run(db, {
      o: request.options,
      body: request.body,
      file: request.file ? { name: request.file.name, bytes: new Uint8Array(Buffer.from(request.file.base64, 'base64')) } : undefined,
      out: request.out,
    });
    if (answer instanceof FileAnswer) return { output: answer.message, files: answer.files };
    return { output: JSON.stringify(answer ?? null, null, 2), files: [] };
  } catch (error) {
    if (error instanceof HttpError) throw new CliError(error.issues);
    throw error;
  }
}

/** A step request as received by a running serve, or null. */
export function readPreElectionStep(v: Record<string, unknown>): PreElectionStepCommand | null {
  if (v.command !== PRE_ELECTION_STEP || typeof v.step !== 'string' || !Object.hasOwn(STEPS, v.step)) return null;
  if (typeof v.options !== 'object' || v.options === null || !Object.values(v.options).every((value) => typeof value === 'string')) return null;
  if (v.out !== undefined && typeof v.out !== 'string') return null;
  const f = v.file as { name?: unknown; base64?: unknown } | undefined;
  if (f !== undefined && (typeof f !== 'object' || f === null || typeof f.name !== 'string' || typeof f.base64 !== 'string')) return null;
  return v as unknown as PreElectionStepCommand;
}

