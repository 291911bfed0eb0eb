/** `key create OUT.json`: a new district key pair, written create-only with mode 0600. */
import { writeFileSync } from 'node:fs';
import { generateKeyPair, keyFingerprint } from '../../shared/crypto/ed25519';
import { CliError } from './common';

export const DISTRICT_KEY_FORMAT = 'polling-station/district-key@1';

export function keyCreate(out: string): string {
  const pair = generateKeyPair();
  const fingerprint = keyFingerprint(pair.publicKey);
  const file = {
    format: DISTRICT_KEY_FORMAT,
    note: '区级签名私钥：妥善保管，切勿外传 / District signing key: keep it secret and safe',
    publicKey: pair.publicKey,
    secretKey: pair.secretKey,
    fingerprint,
    createdAt: new Date().toISOString(),
  };
  try {
    writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw CliError.of('cli.fileUnreadable', { file: out, detail: (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'file exists / 文件已存在' : (error as Error).message });
  }
  return `区级密钥已生成 / District key created: ${out}\n公钥指纹 / fingerprint: ${fingerprint}`;
}
