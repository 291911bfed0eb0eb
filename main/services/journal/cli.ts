/**
 * `npm run recover-journal -- JOURNAL OUT.json [--force]`: rebuild the station's check-ins and
 * ballots (and the package last imported) from a journal into a recovery file
 * (docs/ELECTRON.md, "Recovery"). Exit 0 done, 1 failed, 2 usage.
 */
import { resolve } from 'node:path';
import { recoverJournalToFile } from './recover';

const USAGE = 'usage: npm run recover-journal -- JOURNAL OUT.json [--force]\n';

function main(argv: readonly string[]): number {
  const force = argv.includes('--force');
  const files = argv.filter((arg) => arg !== '--force');
  if (files.length !== 2 || files.some((arg) => arg.startsWith('-'))) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const summary = recoverJournalToFile(resolve(files[0]!), resolve(files[1]!), force);
    process.stdout.write(
      `recovered ${summary.checkins} check-ins and ${summary.ballots} ballot documents` +
        `${summary.election ? ` of election ${summary.election}` : ' (no package marker in the journal)'} → ${summary.out}\n` +
        `已恢复 ${summary.checkins} 条领票记录、${summary.ballots} 条选票记录\n`,
    );
    if (summary.torn) process.stderr.write('note: the last line was cut short by a crash (never confirmed) and was left out\n');
    if (summary.corrupt > 0) process.stderr.write(`warning: ${summary.corrupt} damaged line(s) in the journal were left out\n`);
    for (const refused of summary.refused) process.stderr.write(`refused line ${refused.seq} (${refused.kind} ${refused.id}): ${refused.reason} ${refused.detail} — it does not fit the stored election\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`recover-journal: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
