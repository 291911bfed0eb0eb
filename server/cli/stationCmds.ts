/** `station enrol …` and `stations list`. */
import { keyFingerprint } from '../../shared/crypto/ed25519';
import type { Db } from '../db/types';
import { readPackageText } from '../package/build';
import { enrolStation, listStations, electionOf } from '../stations';
import { CliError } from './common';

/** `electionText`: the package file's text (the CLI reads it; `serve` may run this for the CLI: cli/dbCommands.ts). */
export async function stationEnrol(db: Db, options: { stationId: string; key: string; electionText?: string | undefined; replace: boolean }): Promise<string> {
  let pkg;
  if (options.electionText !== undefined) {
    const read = readPackageText(options.electionText);
    if (!read.ok) throw new CliError(read.issues);
    pkg = read.value;
  }
  const enrolled = await enrolStation(db, { stationId: options.stationId, publicKey: options.key, replace: options.replace, ...(pkg ? { package: pkg } : {}) });
  if (!enrolled.ok) throw new CliError(enrolled.issues);
  const row = enrolled.value;
  return [
    `投票站已登记 / Station enrolled: ${row.id} ${row.name}`,
    `密钥指纹 / key fingerprint: ${keyFingerprint(row.publicKey)}`,
    row.electionHash ? `选举 / election: ${pkg?.election.title ?? ''} (${row.electionHash.slice(0, 16)}…)，登记选民 / registered voters ${row.registeredVoters ?? '—'}` : '未附选举包：结果无法核验 / no election package: results cannot be checked',
  ].join('\n');
}

export async function stationsList(db: Db): Promise<string> {
  const stations = await listStations(db);
  if (stations.length === 0) return '还没有登记的投票站 / No station enrolled yet';
  const lines = ['编号/id\t名称/name\t指纹/fingerprint\t选举/election\t最后联系/last contact'];
  for (const station of stations) {
    const election = await electionOf(db, station.electionHash);
    lines.push([station.id, station.name, keyFingerprint(station.publicKey), election?.id ?? '—', station.lastContact?.toISOString() ?? '—'].join('\t'));
  }
  return lines.join('\n');
}
