/**
 * A district key as the `key create` file holds it ({ publicKey, secretKey, … }): the secret key,
 * checked to be a key and to belong to the public key the file names. One reading for the CLI's
 * key file (cli/files.ts) and for a key given with a request to sign a package.
 */
import { publicKeyFromSecret } from '../../shared/crypto/ed25519';

export type DistrictKeyReading = { readonly ok: true; readonly secretKey: string } | { readonly ok: false; readonly detail: string };

export function readDistrictKey(value: unknown): DistrictKeyReading {
  const file = typeof value === 'object' && value !== null ? (value as { publicKey?: unknown; secretKey?: unknown }) : {};
  if (typeof file.secretKey !== 'string') return { ok: false, detail: 'no secretKey / 没有 secretKey' };
  let derived: string;
  try {
    derived = publicKeyFromSecret(file.secretKey);
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
  if (file.publicKey !== undefined && file.publicKey !== derived) return { ok: false, detail: 'publicKey does not belong to secretKey / 公钥与私钥不匹配' };
  return { ok: true, secretKey: file.secretKey };
}
