/**
 * Each round's result is signed once (RULES §7, issue 18): the first sheet that covers a round
 * signs it and, once that sheet is printed, keeps the signed result in the data folder
 * (`signed-rounds/<electionHash>/round-<n>.json`, written create-only). Every later sheet that
 * covers the round — a reprint, or the final sheet after a runoff — carries the stored result
 * byte for byte (same signing time, same signature), so the district receives one result per
 * round. A stored result that no longer matches main's recount of its journal (or that another
 * station key signed) is never replaced: the request is refused, naming the round.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../shared/crypto/canonical';
import { ballotsHash } from '../../shared/crypto/hash';
import { issue, type Outcome } from '../../shared/election/issues';
import { signedResultSchema, type Ballot, type SignedResult } from '../../shared/election/schemas';
import { writeFileAtomic } from './atomicFile';

/** A round as main recounted it, ready to be signed (or matched with its stored signature). */
export interface RoundToSign {
  readonly electionHash: string;
  readonly result: SignedResult['result'];
  readonly ballots: readonly Ballot[];
  readonly stationKey: string;
}

function roundFile(dataDir: string, electionHash: string, round: number): string {
  return join(dataDir, 'signed-rounds', electionHash, `round-${round}.json`);
}

/** The stored signed result of `round` (null: not signed yet). Throws on a file that is not one. */
export function storedSignedRound(dataDir: string, electionHash: string, round: number): SignedResult | null {
  const file = roundFile(dataDir, electionHash, round);
  if (!existsSync(file)) return null;
  const parsed = signedResultSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`signedRounds: ${file} is not a signed result`);
  return parsed.data;
}

/** Why the stored signature of a round does not fit main's recount now (null: it fits). */
function mismatch(stored: SignedResult, round: RoundToSign): string | null {
  if (stored.stationKey !== round.stationKey) return 'signed with another station key';
  if (stored.electionHash !== round.electionHash) return 'another election';
  if (canonicalJson(stored.result) !== canonicalJson(round.result)) return 'the recount differs from the signed result';
  if (stored.ballotsHash !== ballotsHash(round.ballots)) return 'the ballot records differ from the signed ones';
  return null;
}

/**
 * The signed result of `round`: the stored one when the round was signed before, else `sign()`'s
 * new one (`fresh`: not stored yet — `keepSignedRound` stores it once its sheet is printed).
 */
export function signedRoundOnce(dataDir: string, round: RoundToSign, sign: () => SignedResult): Outcome<{ readonly signed: SignedResult; readonly fresh: boolean }> {
  const stored = storedSignedRound(dataDir, round.electionHash, round.result.round);
  if (stored === null) return { ok: true, value: { signed: sign(), fresh: true } };
  const detail = mismatch(stored, round);
  if (detail !== null) return { ok: false, issues: [issue('signature.signedRoundDiffers', [], { round: round.result.round, signedAt: stored.signedAt, detail })] };
  return { ok: true, value: { signed: stored, fresh: false } };
}

/**
 * Stores a newly signed round (create-only). Returns the stored result: `signed`, or the one
 * another request stored first (the caller then prints that one instead).
 */
export function keepSignedRound(dataDir: string, signed: SignedResult): SignedResult {
  const file = roundFile(dataDir, signed.electionHash, signed.result.round);
  mkdirSync(join(dataDir, 'signed-rounds', signed.electionHash), { recursive: true, mode: 0o700 });
  if (writeFileAtomic(file, `${JSON.stringify(signed)}\n`, { exclusive: true })) return signed;
  return storedSignedRound(dataDir, signed.electionHash, signed.result.round) ?? signed;
}
