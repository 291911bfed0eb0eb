/**
 * `npm run district -- <command>`: the district office's command line.
 *
 *   serve [--port N] [--host H] [--data DIR] [--no-dashboard] [--admin-token T] [--cors-origins A,B]
 *   key create OUT.json
 *   package build --definition def.json --roll roll.csv --station-id ID --station-name NAME
 *                 --key district-key.json [--stock N] [--server URL] OUT.election.json
 *   station enrol --station-id ID (--key BASE64URL | --key-file STATION.pub) [--election PACKAGE.json] [--replace]
 *   stations list
 *   results export --format csv|json OUT
 *   bundle import FILE
 *   archive import FILE.zip
 *
 * The database: PostgreSQL when DATABASE_URL is set, else PGlite in --data DIR
 * (default ./district-data); while `serve` holds that folder the other commands run through it
 * (cli/operator.ts). Refused input: bilingual lines on stderr, exit 2.
 */
import { CliError } from './cli/common';
import { runCli } from './cli/run';
import { DataDirBusyError } from './db/dataLock';

async function main(): Promise<void> {
  try {
    const output = await runCli(process.argv.slice(2));
    if (output !== null) console.log(output);
  } catch (error) {
    if (error instanceof CliError) {
      console.error(error.message);
      process.exit(error.exitCode);
    }
    if (error instanceof DataDirBusyError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(`出错 / Error: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  }
}

void main();
