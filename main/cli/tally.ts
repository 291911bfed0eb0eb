/**
 * `npm run --silent tally -- FILE.json`: read a CountInput, print its CountResult as JSON.
 * Exit 0 on success; exit 2 with one line on stderr (and nothing on stdout) for bad input.
 */
import { readFile } from 'node:fs/promises';
import { describeIssueBilingual, issue, type ValidationIssue } from '../../shared/election/issues';
import { parseJsonText } from '../../shared/election/parse';
import { tally } from '../../shared/rules/count';

const MAX_LINE = 400;

/** One line on stderr (describeIssueBilingual is one line), cut short if the input made it huge. */
function fail(found: ValidationIssue, more: number): never {
  const suffix = more > 0 ? ` (+${more} more / 另有 ${more} 处)` : '';
  const message = describeIssueBilingual(found);
  const line = message.length > MAX_LINE ? `${message.slice(0, MAX_LINE - 1)}…` : message;
  process.stderr.write(`tally: ${line}${suffix}\n`);
  process.exit(2);
}

async function main(argv: readonly string[]): Promise<void> {
  const file = argv[0];
  if (!file || argv.length > 1) {
    process.stderr.write('usage: npm run --silent tally -- FILE.json\n');
    process.exit(2);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail(issue('schema.invalid', [], { detail: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }), 0);
  }
  const json = parseJsonText(text);
  if (!json.ok) return fail(json.issues[0]!, 0);
  const result = tally(json.value);
  if (!result.ok) return fail(result.issues[0]!, result.issues.length - 1);
  process.stdout.write(`${JSON.stringify(result.value, null, 2)}\n`);
}

await main(process.argv.slice(2));
