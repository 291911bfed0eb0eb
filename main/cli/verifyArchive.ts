/**
 * `npm run --silent verify-archive -- FILE [--station-key KEY]`
 *
 * Checks a sealed election archive (main/services/archive/verify.ts): the seal and every file,
 * every round's signed result, the recount of every round from the archive's ballot records
 * through shared/rules, the audit log's hash chain and the station's records. Prints one line
 * per check, zh and en (✓ passed, ✗ failed), then the verdict. Exit 0 only if every check
 * passes, 1 if any fails (or the file is no archive), 2 on usage.
 */
import { readFileSync } from 'node:fs';
import { describeIssue } from '../../shared/election/issues';
import { verifyArchive } from '../services/archive/verify';

const USAGE = 'usage: npm run --silent verify-archive -- FILE [--station-key KEY]\n';
const KEY = /^[A-Za-z0-9_-]{43}$/;

function main(argv: readonly string[]): number {
  let file: string | undefined;
  let stationKey: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--station-key') {
      stationKey = argv[++i];
      if (stationKey === undefined || !KEY.test(stationKey)) {
        process.stderr.write(`verify-archive: --station-key needs a base64url Ed25519 public key / 需要投票站公钥\n${USAGE}`);
        return 2;
      }
    } else if (arg.startsWith('-') || file !== undefined) {
      process.stderr.write(USAGE);
      return 2;
    } else {
      file = arg;
    }
  }
  if (file === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    process.stderr.write(`verify-archive: 无法读取文件 / cannot read the file: ${(error as Error).message}\n`);
    return 1;
  }
  const verification = verifyArchive(new Uint8Array(bytes), stationKey !== undefined ? { stationKey } : {});
  for (const check of verification.checks) {
    process.stdout.write(`${check.ok ? '✓' : '✗'} ${describeIssue(check.issue, 'zh-CN')} / ${describeIssue(check.issue, 'en')}\n`);
  }
  const failed = verification.checks.filter((check) => !check.ok).length;
  process.stdout.write(
    failed === 0
      ? `档案完好：${verification.checks.length} 项检查全部通过 / The archive holds: all ${verification.checks.length} checks passed\n`
      : `档案未通过核验：${failed} 项检查失败 / The archive does not hold: ${failed} check(s) failed\n`,
  );
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
