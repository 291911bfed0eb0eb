/**
 * `npm run --silent verify-sheet -- FILE [--station-key KEY] [--result SOURCE] [--json]`
 *
 * FILE is a sheet PDF or a scan/photo of any page (PNG or JPEG). Reads the QR codes: the signed
 * result (last page) and each page's page code; verifies the result's signature (and that it is
 * signed with KEY, if given: a base64url public key, or a station key file), that every page
 * code belongs to that result and carries its numbers, and for a PDF its own digital signature
 * and text layer (main/services/signing/verifySheet.ts). A photo of a page without the result's
 * codes needs --result: the last page's photo, the sheet PDF or a signed result JSON.
 * Prints the decoded result as JSON, one line per check made, then "签名有效 / signature valid"
 * (with --json: only the JSON). Exit 0 only if every check passes; otherwise the sheet and page
 * it is (when known) and one bilingual line per failed check on stderr, exit 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isDemoResult } from '../../shared/election/demo';
import { verifySheetFile } from '../services/signing/verifySheet';

const USAGE = 'usage: npm run --silent verify-sheet -- FILE [--station-key KEY] [--result SOURCE] [--json]\n';

function usage(message?: string): never {
  if (message) process.stderr.write(`verify-sheet: ${message}\n`);
  process.stderr.write(USAGE);
  process.exit(1);
}

/** A base64url key, or a file holding one (a station key file, or the key alone). */
function readStationKey(value: string): string {
  if (/^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  if (existsSync(value)) {
    const text = readFileSync(value, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{43}$/.test(text)) return text;
    try {
      const parsed = JSON.parse(text) as { publicKey?: unknown };
      if (typeof parsed.publicKey === 'string') return parsed.publicKey;
    } catch {
      // fall through
    }
  }
  return usage(`--station-key: not a base64url Ed25519 public key nor a key file: ${value} / 不是公钥或密钥文件`);
}

async function main(argv: readonly string[]): Promise<number> {
  let file: string | undefined;
  let stationKey: string | undefined;
  let json = false;
  let result: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--station-key') {
      const value = argv[++i];
      if (value === undefined) usage('--station-key needs a value / 缺少公钥');
      stationKey = readStationKey(value);
    } else if (arg === '--result') {
      result = argv[++i];
      if (result === undefined) usage('--result needs a file / 缺少签名结果文件');
    } else if (arg === '--json') {
      json = true;
    } else if (arg.startsWith('--')) {
      usage(`unknown option ${arg} / 未知选项 ${arg}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      usage();
    }
  }
  if (file === undefined) usage();

  const outcome = await verifySheetFile(file, { ...(stationKey !== undefined ? { stationKey } : {}), ...(result !== undefined ? { result } : {}) });
  if (!outcome.ok) {
    for (const code of outcome.pages ?? []) {
      process.stderr.write(`verify-sheet: 第 ${code.page} 页（共 ${code.pages} 页），投票站 ${code.station} 第 ${code.round} 轮 / page ${code.page} of ${code.pages}, station ${code.station}, round ${code.round}\n`);
    }
    const what = outcome.reason === 'signature' ? '核验失败 / verification failed' : outcome.reason === 'qr' ? '无法读取核验码 / cannot read the QR codes' : '无法读取文件 / cannot read the file';
    process.stderr.write(`verify-sheet: ${what}: ${outcome.zh} / ${outcome.en}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(outcome.signed, null, 2)}\n`);
  if (!json) {
    for (const line of outcome.checks) process.stdout.write(`✓ ${line.zh} / ${line.en}\n`);
    for (const line of outcome.notes) process.stdout.write(`! ${line.zh} / ${line.en}\n`);
    const keyNote = stationKey !== undefined ? '，为指定的投票站密钥 / the given station key' : '';
    process.stdout.write(`签名有效 / signature valid（投票站 / station ${outcome.signed.station}，密钥指纹 / key fingerprint ${outcome.fingerprint}${keyNote}）\n`);
    if (isDemoResult(outcome.signed)) {
      process.stdout.write('演示结果：由运行演示选举包的投票站签署，不是真实选举的结果 / DEMO result: signed by a station running the demo package, not a real election\'s result\n');
    }
  }
  return 0;
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`verify-sheet: ${(error as Error).message}\n`);
  process.exit(1);
}
