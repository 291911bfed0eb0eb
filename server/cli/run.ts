/** The district commands: argument parsing and dispatch (see server/cli.ts). */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usage } from './common';
import { runDbCommand } from './operator';
import { readBase64, readText } from './files';
import { keyCreate } from './keyCreate';
import { packageBuild } from './packageBuild';
import { PRE_ELECTION_USAGE, preElectionRequest } from './preElection';
import { serve } from './serve';

const USAGE = `用法 / usage: npm run district -- <command>
  serve [--port N] [--host H] [--data DIR] [--no-dashboard] [--admin-token T] [--cors-origins ORIGIN,…] [--demo]
  key create OUT.json
  package build --definition def.json --roll roll.csv --station-id ID --station-name NAME --key district-key.json [--stock N] [--server URL] OUT.election.json
  station enrol --station-id ID (--key BASE64URL | --key-file STATION.pub) [--election PACKAGE.json] [--replace] [--data DIR]
  stations list [--data DIR]
  results export --format csv|json OUT [--data DIR]
  bundle import FILE [--data DIR] [--demo]
  archive import FILE.zip [--data DIR] [--demo]
  pre-election package --community ID --key district-key.json [--stock N] [--server URL] OUT.election.json [--data DIR]
  pre-election ballot --community ID [--first N] [--count M] OUT.pdf [--data DIR]
  pre-election roll-pdf --community ID OUT.pdf [--data DIR]
  pre-election candidates-pdf --community ID OUT.pdf [--data DIR]`;

type Spec = Record<string, { type: 'string' | 'boolean' }>;

/**
 * `--name VALUE` → `--name=VALUE` for the string options, so a value may start with '-' (a
 * base64url public key does one time in 64; parseArgs would call it ambiguous).
 */
function joinValues(argv: readonly string[], options: Spec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const name = token.startsWith('--') && !token.includes('=') ? token.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && i + 1 < argv.length) {
      out.push(`${token}=${argv[i + 1]!}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

function args(argv: string[], options: Spec, positionals: number): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  let parsed;
  const spec: Spec = { ...options, data: { type: 'string' } };
  try {
    parsed = parseArgs({ args: joinValues(argv, spec), options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage((error as Error).message);
  }
  if (parsed.positionals.length !== positionals) throw usage(`expected ${positionals} file argument(s) / 应有 ${positionals} 个文件参数`);
  return parsed;
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw usage(`--${name} is required / 缺少 --${name}`);
  return value;
}

const str = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

export async function runCli(argv: string[]): Promise<string | null> {
  const [first, second, ...rest] = argv;
  const command = first === 'serve' ? 'serve' : `${first ?? ''} ${second ?? ''}`;
  const tail = first === 'serve' ? argv.slice(1) : rest;
  switch (command) {
    case 'serve': {
      const { values } = args(tail, { port: { type: 'string' }, host: { type: 'string' }, 'no-dashboard': { type: 'boolean' }, 'admin-token': { type: 'string' }, 'cors-origins': { type: 'string' }, demo: { type: 'boolean' } }, 0);
      await serve({
        port: str(values.port),
        host: str(values.host),
        data: str(values.data),
        dashboard: values['no-dashboard'] !== true,
        adminToken: str(values['admin-token']),
        corsOrigins: str(values['cors-origins']),
        demo: values.demo === true,
      });
      return null;
    }
    case 'key create':
      return keyCreate(args(tail, {}, 1).positionals[0]!);
    case 'package build': {
      const spec: Spec = { definition: { type: 'string' }, roll: { type: 'string' }, 'station-id': { type: 'string' }, 'station-name': { type: 'string' }, key: { type: 'string' }, stock: { type: 'string' }, server: { type: 'string' } };
      const { values, positionals } = args(tail, spec, 1);
      return packageBuild({
        definition: required(values, 'definition'),
        roll: required(values, 'roll'),
        stationId: required(values, 'station-id'),
        stationName: required(values, 'station-name'),
        key: required(values, 'key'),
        stock: str(values.stock),
        server: str(values.server),
        out: positionals[0]!,
      });
    }
    // The database commands: on the database, or through a running `serve` that holds it (cli/dbCommands.ts).
    case 'station enrol': {
      const { values } = args(tail, { 'station-id': { type: 'string' }, key: { type: 'string' }, 'key-file': { type: 'string' }, election: { type: 'string' }, replace: { type: 'boolean' } }, 0);
      const keyFile = str(values['key-file']);
      const key = keyFile !== undefined ? readText(keyFile).trim() : required(values, 'key');
      const election = str(values.election);
      return runDbCommand(str(values.data), {
        command: 'station enrol',
        stationId: required(values, 'station-id'),
        key,
        ...(election === undefined ? {} : { electionText: readText(election) }),
        replace: values.replace === true,
      });
    }
    case 'stations list': {
      const { values } = args(tail, {}, 0);
      return runDbCommand(str(values.data), { command: 'stations list' });
    }
    case 'results export': {
      const { values, positionals } = args(tail, { format: { type: 'string' } }, 1);
      return runDbCommand(str(values.data), { command: 'results export', format: required(values, 'format'), out: resolve(positionals[0]!) });
    }
    case 'bundle import': {
      const { values, positionals } = args(tail, { demo: { type: 'boolean' } }, 1);
      return runDbCommand(str(values.data), { command: 'bundle import', text: readText(positionals[0]!), demo: values.demo === true });
    }
    case 'archive import': {
      const { values, positionals } = args(tail, { demo: { type: 'boolean' } }, 1);
      return runDbCommand(str(values.data), { command: 'archive import', base64: readBase64(positionals[0]!), demo: values.demo === true });
    }
    // A community's package and papers from the pre-election records (cli/preElectionPapers.ts).
    case 'pre-election package': {
      const { values, positionals } = args(tail, { community: { type: 'string' }, key: { type: 'string' }, stock: { type: 'string' }, server: { type: 'string' } }, 1);
      const stock = str(values.stock);
      const server = str(values.server);
      return runDbCommand(str(values.data), {
        command: 'pre-election package',
        communityId: required(values, 'community'),
        keyText: readText(required(values, 'key')),
        out: resolve(positionals[0]!),
        ...(stock === undefined ? {} : { stock }),
        ...(server === undefined ? {} : { server }),
      });
    }
    case 'pre-election ballot': {
      const { values, positionals } = args(tail, { community: { type: 'string' }, first: { type: 'string' }, count: { type: 'string' } }, 1);
      const first = str(values.first);
      const count = str(values.count);
      return runDbCommand(str(values.data), {
        command: 'pre-election ballot',
        communityId: required(values, 'community'),
        out: resolve(positionals[0]!),
        ...(first === undefined ? {} : { first }),
        ...(count === undefined ? {} : { count }),
      });
    }
    case 'pre-election roll-pdf':
    case 'pre-election candidates-pdf': {
      const { values, positionals } = args(tail, { community: { type: 'string' } }, 1);
      return runDbCommand(str(values.data), { command, communityId: required(values, 'community'), out: resolve(positionals[0]!) });
    }
    default: {
      // The pre-election records' steps (cli/preElection.ts).
      if (first === 'pre-election') {
        const { data, request } = preElectionRequest(second, rest);
        return runDbCommand(data, request);
      }
      throw usage(`unknown command "${argv.join(' ')}" / 未知命令\n${USAGE}\n${PRE_ELECTION_USAGE}`);
    }
  }
}

