/**
 * `npm run demo-package -- [--small] OUT.json`: write a demo election package (fictional
 * community, signed with the DEMO district key): the full one (about 3,000 voters), or with
 * `--small` the 30-voter one a newcomer takes to the signed sheet in ten minutes. Without a
 * file, or with `-`, the package goes to stdout.
 */
import { writeFileSync } from 'node:fs';
import { demoPackageText } from '../services/demo';

const args = process.argv.slice(2);
const small = args[0] === '--small';
const rest = small ? args.slice(1) : args;
if (rest.length > 1 || rest[0] === '--help' || rest[0] === '-h' || rest[0]?.startsWith('--')) {
  process.stderr.write('usage: npm run demo-package -- [--small] OUT.json   (or - for stdout)\n');
  process.exit(2);
}
const text = demoPackageText(small ? 'small' : 'full');
const out = rest[0];
if (out === undefined || out === '-') {
  process.stdout.write(text);
} else {
  writeFileSync(out, text);
  process.stderr.write(`demo-package: wrote ${out} (${Buffer.byteLength(text)} bytes) — signed with the DEMO district key / 已用演示密钥签名\n`);
}
