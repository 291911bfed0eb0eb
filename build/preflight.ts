/**
 * The first step of `npm test`: makes sure what the tests need outside node_modules is there —
 * Chromium at /usr/bin/chromium (the end-to-end tests), the Noto CJK fonts (Chinese in Chromium's
 * pages and screenshots), poppler-utils (pdftotext, pdftoppm, pdfsig read the PDFs back) and a
 * PostgreSQL server on the tests' URL (the district server's tests). What is missing is installed
 * with apt where this runs as root, and PostgreSQL is started (server/scripts/start-postgres.sh)
 * when it is installed but not answering; otherwise the run stops with one line naming exactly
 * what to install or start. Nothing is ever skipped quietly.
 *
 * `decide` is the whole decision (tests/build/preflight.test.ts); `preflight` runs it with
 * the probes and actions it is given; the bottom of the file gives it the real ones.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

/** The URL the district server's tests use (tests/server/helpers/backends.ts). */
export const DEFAULT_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** What the probes found. */
export interface Findings {
  /** The Chromium the end-to-end tests launch (CHROMIUM_PATH or /usr/bin/chromium) and whether it is there. */
  readonly chromium: { readonly path: string; readonly present: boolean };
  readonly cjkFonts: boolean;
  /** The poppler tools not found on PATH. */
  readonly missingPopplerTools: readonly string[];
  /** PostgreSQL's server binaries and Debian's cluster tools (pg_ctlcluster). */
  readonly postgresInstalled: boolean;
  /** The tests' database URL and whether a connection to it succeeds. */
  readonly database: { readonly url: string; readonly reachable: boolean };
  /** Root with apt-get: may install packages and start PostgreSQL. */
  readonly canInstall: boolean;
}

export type Decision =
  | { readonly kind: 'ready' }
  | { readonly kind: 'act'; readonly install: readonly string[]; readonly startPostgres: boolean }
  | { readonly kind: 'stop'; readonly message: string };

/** What to do about `findings`: nothing, install and/or start, or stop with one line. */
export function decide(findings: Findings): Decision {
  const packages: string[] = [];
  const problems: string[] = [];
  if (!findings.chromium.present) {
    if (findings.chromium.path === DEFAULT_CHROMIUM) packages.push('chromium');
    else problems.push(`CHROMIUM_PATH=${findings.chromium.path} does not exist`);
  }
  if (!findings.cjkFonts) packages.push('fonts-noto-cjk');
  if (findings.missingPopplerTools.length > 0) packages.push('poppler-utils');

  const localDatabase = findings.database.url === DEFAULT_DATABASE_URL;
  let startPostgres = false;
  if (!findings.database.reachable) {
    if (!localDatabase) {
      problems.push(`the PostgreSQL at ${redact(findings.database.url)} (TEST_DATABASE_URL/DATABASE_URL) does not answer`);
    } else {
      if (!findings.postgresInstalled) packages.push('postgresql');
      startPostgres = true;
    }
  }

  if (problems.length > 0) return { kind: 'stop', message: `npm test cannot run: ${problems.join('; ')}.` };
  if (packages.length === 0 && !startPostgres) return { kind: 'ready' };
  if (findings.canInstall) return { kind: 'act', install: packages, startPostgres };
  const steps: string[] = [];
  if (packages.length > 0) steps.push(`apt-get install ${packages.join(' ')}`);
  if (startPostgres) steps.push('bash server/scripts/start-postgres.sh');
  return { kind: 'stop', message: `npm test needs, as root: ${steps.join(' && ')} (or run .ci/run as root).` };
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export interface Machine {
  probe(): Promise<Findings>;
  /** apt-get update (once) and apt-get install of `packages`. */
  install(packages: readonly string[]): void;
  /** server/scripts/start-postgres.sh */
  startPostgres(): void;
}

export type Outcome = { readonly ok: true; readonly did: readonly string[] } | { readonly ok: false; readonly message: string };

/**
 * Probes, acts once on the decision, and probes again: anything still missing after installing
 * and starting stops the run (a second round would only repeat what failed).
 */
export async function preflight(machine: Machine): Promise<Outcome> {
  const first = decide(await machine.probe());
  if (first.kind === 'ready') return { ok: true, did: [] };
  if (first.kind === 'stop') return { ok: false, message: first.message };
  const did: string[] = [];
  if (first.install.length > 0) {
    machine.install(first.install);
    did.push(`installed ${first.install.join(' ')}`);
  }
  if (first.startPostgres) {
    machine.startPostgres();
    did.push('started PostgreSQL');
  }
  const second = decide(await machine.probe());
  if (second.kind === 'ready') return { ok: true, did };
  const still = second.kind === 'stop' ? second.message : describeStill(second);
  return { ok: false, message: `after "${did.join(', ')}": ${still}` };
}

function describeStill(decision: { readonly install: readonly string[]; readonly startPostgres: boolean }): string {
  const parts: string[] = [];
  if (decision.install.length > 0) parts.push(`still missing: ${decision.install.join(' ')}`);
  if (decision.startPostgres) parts.push(`PostgreSQL still does not answer at ${DEFAULT_DATABASE_URL}`);
  return parts.join('; ');
}

// ---- The real machine ------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const POPPLER_TOOLS = ['pdftotext', 'pdftoppm', 'pdfsig'] as const;
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, command)));
}

function postgresServerInstalled(): boolean {
  const lib = '/usr/lib/postgresql';
  if (!onPath('pg_ctlcluster') || !existsSync(lib)) return false;
  return readdirSync(lib).some((version) => executable(join(lib, version, 'bin', 'postgres')));
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function run(command: string, args: readonly string[]): void {
  execFileSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function realMachine(env: NodeJS.ProcessEnv = process.env): Machine {
  let updated = false;
  return {
    async probe() {
      const chromium = env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
      const url = env.TEST_DATABASE_URL ?? env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
      return {
        chromium: { path: chromium, present: executable(chromium) },
        cjkFonts: existsSync(CJK_FONT),
        missingPopplerTools: POPPLER_TOOLS.filter((tool) => !onPath(tool)),
        postgresInstalled: postgresServerInstalled(),
        database: { url, reachable: await answers(url) },
        canInstall: process.getuid?.() === 0 && onPath('apt-get'),
      };
    },
    install(packages) {
      if (!updated) run('apt-get', ['update', '-qq']);
      updated = true;
      run('apt-get', ['install', '-y', '-qq', ...packages]);
    },
    startPostgres() {
      run('bash', [join(ROOT, 'server', 'scripts', 'start-postgres.sh')]);
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outcome = await preflight(realMachine());
  if (!outcome.ok) {
    console.error(`preflight: ${outcome.message}`);
    process.exit(1);
  }
  console.log(`preflight: Chromium, CJK fonts, poppler-utils and PostgreSQL are ready${outcome.did.length > 0 ? ` (${outcome.did.join(', ')})` : ''}.`);
}
