/**
 * `npm run --silent sheet -- COUNT_INPUT.json OUT.pdf [--key KEYFILE] [--signed-at ISO]
 *   [--setup SETUP.json] [--station ID] [--station-name NAME] [--announcement FILE]
 *   [--certificates FILE] [--no-pdf-signature]`
 *
 * Count, sign and render the 选举结果报告单 (选举无效 for a void round), PDF-signed with the
 * station's certificate. The station key is KEYFILE (created if missing, mode 0600), else the
 * station data folder's key (STATION_DATA_DIR or ~/.polling-station; a folder running the demo
 * package signs demo results, watermarked 演示). stdout: the station's
 * public key (base64url) on the first line, then the path of each file written.
 * Exit 0 on success; 2 for invalid input (one line on stderr); 1 for any other failure.
 *
 * SETUP.json (optional): the names for the signature lines and the sheet's other facts:
 *   { "chair": "…", "chiefScrutineer": "…", "scrutineers": ["…"], "recorders": ["…"], "callers": ["…"],
 *     "station": { "id": "…", "name": "…" }, "participation": { "registeredWomen": 0, "inPerson": 0, "mobile": 0, "proxy": 0 },
 *     "organizer": "…" }
 * Missing names print as blank lines to be filled in by hand.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { describeIssueBilingual, issue, type ValidationIssue } from '../../shared/election/issues';
import { parseJsonText } from '../../shared/election/parse';
import type { Station } from '../../shared/election/schemas';
import { tally } from '../../shared/rules/count';
import type { Participation, SheetStaff } from '../../shared/sheets/types';
import { writeFileAtomic } from '../services/atomicFile';
import { resolveDataDir } from '../services/dataDir';
import { runsDemo } from '../services/pinning';
import { produceSheets } from '../services/signing';
import type { KeySource } from '../services/signing/stationKeys';

const USAGE =
  'usage: npm run --silent sheet -- COUNT_INPUT.json OUT.pdf [--key KEYFILE] [--signed-at ISO] [--setup SETUP.json]\n' +
  '         [--station ID] [--station-name NAME] [--announcement FILE] [--certificates FILE] [--no-pdf-signature]\n';

const names = z.array(z.string().max(64)).max(40);
const setupFileSchema = z.looseObject({
  chair: z.string().max(64).optional(),
  chiefScrutineer: z.string().max(64).optional(),
  scrutineers: names.optional(),
  recorders: names.optional(),
  callers: names.optional(),
  station: z.looseObject({ id: z.string().min(1).max(128), name: z.string().min(1).max(100) }).optional(),
  participation: z
    .looseObject({
      registeredWomen: z.number().int().min(0).optional(),
      inPerson: z.number().int().min(0).optional(),
      mobile: z.number().int().min(0).optional(),
      proxy: z.number().int().min(0).optional(),
    })
    .optional(),
  organizer: z.string().min(1).max(100).optional(),
});

interface Options {
  input: string;
  output: string;
  key?: string;
  signedAt?: string;
  setup?: string;
  station?: string;
  stationName?: string;
  announcement?: string;
  certificates?: string;
  pdfSignature: boolean;
}

function usage(message?: string): never {
  if (message) process.stderr.write(`sheet: ${message}\n`);
  process.stderr.write(USAGE);
  process.exit(2);
}

function fail(found: ValidationIssue, more = 0): never {
  const suffix = more > 0 ? ` (+${more} more / 另有 ${more} 处)` : '';
  process.stderr.write(`sheet: ${describeIssueBilingual(found)}${suffix}\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Options {
  const positional: string[] = [];
  const options: Partial<Options> = { pdfSignature: true };
  const flags: Record<string, keyof Options> = {
    '--key': 'key',
    '--signed-at': 'signedAt',
    '--setup': 'setup',
    '--station': 'station',
    '--station-name': 'stationName',
    '--announcement': 'announcement',
    '--certificates': 'certificates',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-pdf-signature') {
      options.pdfSignature = false;
    } else if (arg in flags) {
      const value = argv[++i];
      if (value === undefined) usage(`${arg} needs a value / ${arg} 缺少参数值`);
      (options as Record<string, unknown>)[flags[arg]!] = value;
    } else if (arg.startsWith('--')) {
      usage(`unknown option ${arg} / 未知选项 ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 2) usage();
  return { ...options, input: positional[0]!, output: positional[1]! } as Options;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail(issue('schema.invalid', [], { detail: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }));
  }
  const json = parseJsonText(text);
  if (!json.ok) return fail(json.issues[0]!);
  return json.value;
}

/** Now, to the second, in UTC. */
function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  const raw = await readJson(options.input);
  const counted = tally(raw);
  if (!counted.ok) return fail(counted.issues[0]!, counted.issues.length - 1);

  let setup: z.infer<typeof setupFileSchema> = {};
  if (options.setup) {
    const parsed = setupFileSchema.safeParse(await readJson(options.setup));
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return fail(issue('schema.invalid', first?.path.filter((p): p is string | number => typeof p !== 'symbol') ?? [], { detail: `${options.setup}: ${first?.message ?? 'invalid'}` }));
    }
    setup = parsed.data;
  }
  const election = (raw as { election: { community: string } }).election;
  const station: Station = {
    id: options.station ?? setup.station?.id ?? 'station-01',
    name: options.stationName ?? setup.station?.name ?? `${election.community}投票站`,
  };
  const staff: SheetStaff = {
    ...(setup.chair !== undefined ? { chair: setup.chair } : {}),
    ...(setup.chiefScrutineer !== undefined ? { chiefScrutineer: setup.chiefScrutineer } : {}),
    ...(setup.scrutineers ? { scrutineers: setup.scrutineers } : {}),
    ...(setup.recorders ? { recorders: setup.recorders } : {}),
    ...(setup.callers ? { callers: setup.callers } : {}),
  };
  const participation: Participation | null = setup.participation ?? null;
  const source: KeySource = options.key ? { keyFile: resolve(options.key) } : { dataDir: resolveDataDir() };
  const wantAll = options.announcement !== undefined || options.certificates !== undefined;

  const produced = await produceSheets({
    ...source,
    input: raw,
    result: counted.value,
    station,
    signedAt: options.signedAt ?? nowIso(),
    setup: staff,
    participation,
    ...(setup.organizer !== undefined ? { organizer: setup.organizer } : {}),
    allDocuments: wantAll,
    pdfSignature: options.pdfSignature,
    // A station data folder running the demo package signs demo results, like the app does.
    demo: 'dataDir' in source && runsDemo(source.dataDir),
  });
  if (!produced.ok) return fail(produced.issues[0]!, produced.issues.length - 1);
  const { signed, sheet, announcement, certificates } = produced.value;

  process.stdout.write(`${signed.stationKey}\n`);
  writeFileAtomic(options.output, sheet, { mode: 0o644 });
  process.stdout.write(`${options.output}\n`);
  if (options.announcement && announcement) {
    writeFileAtomic(options.announcement, announcement, { mode: 0o644 });
    process.stdout.write(`${options.announcement}\n`);
  }
  if (options.certificates) {
    if (certificates) {
      writeFileAtomic(options.certificates, certificates, { mode: 0o644 });
      process.stdout.write(`${options.certificates}\n`);
    } else {
      process.stderr.write('sheet: 本轮无人当选，未生成当选证书 / nobody is elected in this round: no certificates written\n');
    }
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`sheet: ${(error as Error).message}\n`);
  process.exit(1);
}
