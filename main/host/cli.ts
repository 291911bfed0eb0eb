/**
 * `npm run host [-- --recover-from-journal[=FILE]] [--bind HOST] [--port N] [--data DIR] [--hub-lan HOST:PORT]`
 * (the script passes `--allow-unprotected-keys`): serve the station UI and services at
 * http://127.0.0.1:PORT for the browser build, printing the launch URL (with this start's session
 * secret, main/host/session.ts) to open. Env: PORT (default 5417), STATION_DATA_DIR
 * (default ~/.polling-station), STATION_STATIC_DIR (default dist/renderer); the flags win over them.
 * `--bind HOST`: another loopback address (127.0.0.0/8) — several hosts on one computer stand for
 * several machines (a lead and its desks, issue 16). `--data DIR`: the data folder.
 * `--hub-lan HOST:PORT`: this machine is the lead and its hub listens on HOST:PORT (kept as its
 * settings; the hub starts as soon as a package is imported).
 * `--recover-from-journal`: rebuild the records from the data folder's journal (or FILE) and
 * offer them to the app at start, as the Electron app does (docs/ELECTRON.md "Recovery").
 * `--allow-unprotected-keys`: the host cannot encrypt the station's keys; without this flag it
 * refuses to start (one line, zh + en) rather than keep them in plain files unsaid — with it the
 * keys are 0600 files and every sheet says the key was stored unprotected.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATA_DIR_ENV, stationDataDir } from '../services/dataDir';
import { recoverFromJournalArg } from '../services/journal/pending';
import { ALLOW_UNPROTECTED_KEYS_FLAG, UnprotectedKeysRefused } from '../services/keyStoreSealed';
import { parseHostArgs } from './args';
import { startHost } from './server';

export const DEFAULT_PORT = 5417;

const args = process.argv.slice(2);
const parsed = parseHostArgs(args, process.env.PORT?.trim() || String(DEFAULT_PORT));
if (!parsed.ok) {
  process.stderr.write(`host: ${parsed.error}\n`);
  process.exit(2);
}
const { port, bind, hubLan } = parsed.value;
const staticDir = resolve(process.env.STATION_STATIC_DIR?.trim() || 'dist/renderer');
const dataDir = stationDataDir(parsed.value.dataDir === null ? process.env : { ...process.env, [DATA_DIR_ENV]: parsed.value.dataDir });
if (!existsSync(join(staticDir, 'index.html'))) {
  process.stderr.write(`host: warning: ${join(staticDir, 'index.html')} does not exist — build the renderer first; the API works without it\n`);
}

try {
  const host = await startHost({
    port,
    host: bind,
    ...(hubLan ? { hubLan } : {}),
    dataDir,
    staticDir,
    recoverFromJournal: recoverFromJournalArg(args),
    allowUnprotectedKeys: args.includes(ALLOW_UNPROTECTED_KEYS_FLAG),
  });
  // The launch URL carries this start's session secret: only who can read this terminal opens the station.
  process.stdout.write(`投票站 · Polling Station: ${host.launchUrl}\n打开此地址 / open this address (it carries this start's secret; ${host.url}/ alone cannot call the station)\n`);
  if (host.recovery) {
    const { checkins, ballots, election, out, torn, corrupt } = host.recovery;
    process.stdout.write(
      `从日志恢复 / recovered from the journal: ${checkins} check-ins, ${ballots} ballot documents${election ? ` of election ${election}` : ''} → ${out}\n` +
        '打开本站页面确认恢复 / open the station page to confirm the restore\n',
    );
    if (torn) process.stderr.write('host: the journal\'s last line was cut short by a crash (never confirmed) and was left out\n');
    if (corrupt > 0) process.stderr.write(`host: warning: ${corrupt} damaged journal line(s) were left out\n`);
    for (const refused of host.recovery.refused) {
      process.stderr.write(`host: refused journal line ${refused.seq} (${refused.kind} ${refused.id}): ${refused.reason} ${refused.detail} — it does not fit the stored election\n`);
    }
  }
  process.stderr.write(`host: data ${dataDir}, static ${staticDir}\n`);
  if (hubLan) process.stderr.write(`host: lead machine — its hub listens on ${hubLan.host}:${hubLan.port} once a package is imported\n`);
  const stop = (): void => {
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof UnprotectedKeysRefused) process.stderr.write(`host: ${error.message}\n`);
  else if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') process.stderr.write(`host: cannot listen on ${bind}:${port} (or the hub's address): ${code}\n`);
  else process.stderr.write(`host: cannot start: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
}
