/**
 * `npm run demo-package -- OUT.json`: write the demo election package (fictional community,
 * signed with the DEMO district key). Without a file, or with `-`, the package goes to stdout.
 */
import { writeFileSync } from 'node:fs';
import { demoPackageText } from '../services/demo';

const args = process.argv.slice(2);
if (args.length > 1 || args[0] === '--help' || args[0] === '-h') {
  process.stderr.write('usage: npm run demo-package -- OUT.json   (or - for stdout)\n');
  process.exit(2);
}
const text = demoPackageText();
const out = args[0];
if (out === undefined || out === '-') {
  process.stdout.write(text);
} else {
  writeFileSync(out, text);
  process.stderr.write(`demo-package: wrote ${out} (${Buffer.byteLength(text)} bytes) — signed with the DEMO district key / 已用演示密钥签名\n`);
}
