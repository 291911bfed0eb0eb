/** Reading input files for the commands, with bilingual refusals. */
import { readFileSync } from 'node:fs';
import { readDistrictKey } from '../package/districtKey';
import { CliError } from './common';

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw CliError.of('cli.fileUnreadable', { file, detail: (error as Error).message });
  }
}

/** A binary input file (an archive), as base64. */
export function readBase64(file: string): string {
  try {
    return readFileSync(file).toString('base64');
  } catch (error) {
    throw CliError.of('cli.fileUnreadable', { file, detail: (error as Error).message });
  }
}

/** A key file with `publicKey` and `secretKey` that belong together; the secret key. */
export function readSecretKey(file: string): string {
  const text = readText(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw CliError.of('cli.fileUnreadable', { file, detail: (error as Error).message });
  }
  const key = readDistrictKey(value);
  if (!key.ok) throw CliError.of('cli.fileUnreadable', { file, detail: key.detail });
  return key.secretKey;
}
