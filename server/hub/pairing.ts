/**
 * Pairing codes (issue 16): the lead shows a fresh single-use code (5 minutes); a desk proves it
 * knows one with an HMAC of the code over `pairingProofText` (the hub's certificate fingerprint
 * as the desk saw it, the desk's key, the station and package) — the code never crosses the
 * network. The codes live in the hub's memory; the database keeps only their SHA-256 with their
 * times (created, expires, used, withdrawn), so a used code stays used across a restart.
 *
 * Brute force: each wrong proof counts; after MAX_WRONG_PROOFS of them every live code is
 * withdrawn and the lead shows a new one. A guesser gets at most MAX_WRONG_PROOFS tries at a
 * 31^8 ≈ 8.5 × 10^11 code space per code shown (docs/DECISIONS.md).
 */
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { issue, type ValidationIssue } from '../../shared/election/issues';
import { base64urlDecode } from '../../shared/crypto/encoding';
import { PAIRING_CODE_ALPHABET, PAIRING_CODE_LENGTH, PAIRING_TTL_MS, pairingProofText, type PairRequest } from '../../shared/hub/protocol';
import type { Db } from '../db/types';

export const MAX_WRONG_PROOFS = 10;
/** A code is remembered this long after it expired, to say "expired" rather than "wrong". */
const REMEMBER_MS = 60 * 60_000;

interface LiveCode {
  readonly code: string;
  readonly hash: string;
  readonly expiresAt: number;
}

export interface IssuedCode {
  readonly code: string;
  readonly expiresAt: Date;
}

function codeHash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/** The proof a desk sends: hex HMAC-SHA-256 keyed by the code's UTF-8 over the proof text's UTF-8. */
export function pairingProof(code: string, args: Parameters<typeof pairingProofText>[0]): string {
  return createHmac('sha256', Buffer.from(code, 'utf8')).update(pairingProofText(args), 'utf8').digest('hex');
}

export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)];
  return code;
}

/** A pair request's shape (400 on anything else). */
export function readPairRequest(value: unknown): PairRequest | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the body must be a JSON object';
  const o = value as Record<string, unknown>;
  for (const key of ['stationId', 'electionHash', 'softwareVersion', 'deskName', 'role', 'deskPublicKey', 'proof'] as const) {
    if (typeof o[key] !== 'string') return `${key} must be a string`;
    if ((o[key]).length > 200) return `${key} is too long`;
  }
  const deskName = (o['deskName'] as string).trim();
  if ([...deskName].length < 1 || [...deskName].length > 40) return 'deskName must be 1–40 characters';
  if (o['role'] !== 'checkin' && o['role'] !== 'count') return 'role must be checkin or count';
  try {
    if (base64urlDecode(o['deskPublicKey'] as string).length !== 32) return 'deskPublicKey must be 32 bytes, base64url';
  } catch {
    return 'deskPublicKey must be 32 bytes, base64url';
  }
  if (!/^[0-9a-f]{64}$/.test(o['proof'] as string)) return 'proof must be 64 hex characters';
  return {
    stationId: o['stationId'] as string,
    electionHash: o['electionHash'] as string,
    softwareVersion: o['softwareVersion'] as string,
    deskName,
    role: o['role'],
    deskPublicKey: o['deskPublicKey'] as string,
    proof: o['proof'] as string,
  };
}

export type CodeCheck = { readonly ok: true; readonly hash: string } | { readonly ok: false; readonly refusal: ValidationIssue };

export class PairingCodes {
  private readonly codes = new Map<string, LiveCode>();
  private wrongProofs = 0;

  constructor(
    private readonly db: Db,
    private readonly fingerprint: string,
  ) {}

  /** A fresh code, recorded (hash and times) before it is shown. */
  async issue(now: Date): Promise<IssuedCode> {
    this.forget(now);
    this.wrongProofs = 0;
    let code = newPairingCode();
    while (this.codes.has(code)) code = newPairingCode();
    const expiresAt = new Date(now.getTime() + PAIRING_TTL_MS);
    const hash = codeHash(code);
    await this.db.query('INSERT INTO hub_pairing_codes (code_hash, created_at, expires_at) VALUES ($1, $2, $3)', [hash, now.toISOString(), expiresAt.toISOString()]);
    this.codes.set(code, { code, hash, expiresAt: expiresAt.getTime() });
    return { code, expiresAt };
  }

  /**
   * Which code the proof was made with, and whether it may still pair: wrong, withdrawn, used
   * or expired are each their own refusal. The code is not used up here (`consume`).
   */
  async check(request: PairRequest, now: Date): Promise<CodeCheck> {
    const text = { fingerprint: this.fingerprint, deskPublicKey: request.deskPublicKey, stationId: request.stationId, electionHash: request.electionHash };
    const proof = Buffer.from(request.proof, 'hex');
    const found = [...this.codes.values()].find((live) => timingSafeEqual(Buffer.from(pairingProof(live.code, text), 'hex'), proof));
    if (found === undefined) {
      await this.countWrong(now);
      return { ok: false, refusal: issue('hub.codeWrong', []) };
    }
    const rows = await this.db.query<{ used_at: unknown; withdrawn_at: unknown }>('SELECT used_at, withdrawn_at FROM hub_pairing_codes WHERE code_hash = $1', [found.hash]);
    const row = rows[0];
    if (row === undefined) return { ok: false, refusal: issue('hub.codeWrong', []) };
    if (row.withdrawn_at !== null) return { ok: false, refusal: issue('hub.codeWithdrawn', []) };
    if (row.used_at !== null) return { ok: false, refusal: issue('hub.codeUsed', []) };
    if (now.getTime() >= found.expiresAt) return { ok: false, refusal: issue('hub.codeExpired', []) };
    return { ok: true, hash: found.hash };
  }

  /** Use the code up for `deskId` (inside the pairing's transaction); false when another pairing used it first. */
  static async consume(db: Pick<Db, 'query'>, hash: string, deskId: string, now: Date): Promise<boolean> {
    const rows = await db.query(
      `UPDATE hub_pairing_codes SET used_at = $2, used_by = $3
        WHERE code_hash = $1 AND used_at IS NULL AND withdrawn_at IS NULL AND expires_at > $2 RETURNING 1`,
      [hash, now.toISOString(), deskId],
    );
    return rows.length > 0;
  }

  private async countWrong(now: Date): Promise<void> {
    this.wrongProofs += 1;
    if (this.wrongProofs < MAX_WRONG_PROOFS) return;
    this.wrongProofs = 0;
    await this.db.query('UPDATE hub_pairing_codes SET withdrawn_at = $1 WHERE used_at IS NULL AND withdrawn_at IS NULL AND expires_at > $1', [now.toISOString()]);
  }

  private forget(now: Date): void {
    for (const [code, live] of this.codes) if (live.expiresAt + REMEMBER_MS < now.getTime()) this.codes.delete(code);
  }
}
