/** `package build --definition … --roll … --station-id … --station-name … --key … [--stock N] [--server URL] OUT`. */
import { writeFileSync } from 'node:fs';
import { keyFingerprint } from '../../shared/crypto/ed25519';
import { electionHash } from '../../shared/crypto/hash';
import { buildElectionPackage } from '../package/build';
import { parseRollCsv } from '../package/roll';
import { CliError, usage } from './common';
import { readSecretKey, readText } from './files';

export interface PackageBuildOptions {
  readonly definition: string;
  readonly roll: string;
  readonly stationId: string;
  readonly stationName: string;
  readonly key: string;
  readonly stock?: string | undefined;
  readonly server?: string | undefined;
  readonly out: string;
}

export function packageBuild(options: PackageBuildOptions): string {
  let stock: number | undefined;
  if (options.stock !== undefined) {
    stock = Number(options.stock);
    if (!Number.isInteger(stock) || stock < 1) throw usage(`--stock must be a whole number ≥ 1 / --stock 须为不小于 1 的整数 (${options.stock})`);
  }
  const roll = parseRollCsv(readText(options.roll));
  if (!roll.ok) throw new CliError(roll.issues);
  const secretKey = readSecretKey(options.key);
  const built = buildElectionPackage({
    definitionText: readText(options.definition),
    roll: roll.value,
    station: { id: options.stationId, name: options.stationName },
    districtSecretKey: secretKey,
    ...(stock === undefined ? {} : { ballotStock: stock }),
    ...(options.server === undefined ? {} : { districtServer: options.server }),
  });
  if (!built.ok) throw new CliError(built.issues);
  writeFileSync(options.out, `${JSON.stringify(built.value, null, 2)}\n`);
  const registered = built.value.roll.filter((voter) => voter.status === 'registered').length;
  return [
    `选举包已生成 / Election package written: ${options.out}`,
    `投票站 / station: ${built.value.station.id} ${built.value.station.name}`,
    `选民 / voters: ${built.value.roll.length}（登记 / registered ${registered}），选票 / ballots: ${built.value.ballotStock}`,
    `选举哈希 / election hash: ${electionHash(built.value.election)}`,
    `区级密钥指纹 / district key fingerprint: ${keyFingerprint(built.value.districtKey)}`,
  ].join('\n');
}
