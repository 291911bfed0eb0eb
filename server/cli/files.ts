/** Reading input files for the commands, with bilingual refusals. */
import { readFileSync } from 'node:fs';
import { publicKeyFromSecret } from '../../shared/crypto/ed25519';
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
  let value: { publicKey?: unknown; secretKey?: unknown };
  try {
    value = JSON.parse(text) as typeof value;
  } catch (error) {
    throw CliError.of('cli.fileUnreadable', { file, detail: (error as Error).message });
  }
  if (typeof value.secretKey !== 'string') throw CliError.of('cli.fileUnreadable', { file, detail: 'no secretKey / 没有 secretKey' });
  let derived: string;
  try {
    derived = publicKeyFromSecret(value.secretKey);
  } catch (error) {
    throw CliError.of('cli.fileUnreadable', { file, detail: (error as Error).message });
  }
  if (value.publicKey !== undefined && value.publicKey !== derived) {
    throw CliError.of('cli.fileUnreadable', { file, detail: 'publicKey does not belong to secretKey / 公钥与私钥不匹配' });
  }
  return value.secretKey;
}
