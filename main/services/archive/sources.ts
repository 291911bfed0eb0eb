/**
 * What main seals besides its journal: the signed results and sheets it stored when it printed
 * (DATA/sheets/<sha>.json next to each PDF, stationSheets.ts), and the signed results the
 * renderer kept. A signed result is taken only when it is main's own signature (its station
 * key) of its own recount of that round; of several for one round, the latest signed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyObject } from '../../../shared/crypto/signed';
import { FORMAT, signedResultSchema, type SignedResult } from '../../../shared/election/schemas';
import type { RecountedRound } from '../countFromJournal';
import { sheetsDir } from '../stationSheets';
import { differenceFromRecount } from './recount';

/** Every signed result inside a JSON value (a sidecar may hold several: the sheet's and earlier rounds'). */
function signedResultsIn(value: unknown, out: unknown[] = [], depth = 0): unknown[] {
  if (depth > 8 || typeof value !== 'object' || value === null) return out;
  if (Array.isArray(value)) {
    for (const item of value) signedResultsIn(item, out, depth + 1);
    return out;
  }
  if ((value as { format?: unknown }).format === FORMAT.signedResult) {
    out.push(value);
    return out;
  }
  for (const item of Object.values(value)) signedResultsIn(item, out, depth + 1);
  return out;
}

export interface StoredSheet {
  /** The sidecar's name without `.json` (the sheet's SHA-256). */
  readonly sha: string;
  readonly round: number;
  readonly electionHash: string;
  /** The PDF files stored with it (sheet, announcement, certificates). */
  readonly files: readonly string[];
  readonly signed: readonly unknown[];
}

/** The sheets main printed and stored in `dataDir`. */
export function storedSheets(dataDir: string): StoredSheet[] {
  const dir = sheetsDir(dataDir);
  const out: StoredSheet[] = [];
  for (const name of readdirSync(dir).sort()) {
    const match = /^([0-9a-f]{64})\.json$/.exec(name);
    if (!match) continue;
    let sidecar: { sheetInput?: { signed?: SignedResult }; files?: Record<string, string | null> };
    try {
      sidecar = JSON.parse(readFileSync(join(dir, name), 'utf8')) as typeof sidecar;
    } catch {
      continue;
    }
    const signed = sidecar.sheetInput?.signed;
    if (!signed?.result) continue;
    const files = Object.values(sidecar.files ?? {}).filter((file): file is string => typeof file === 'string' && /^[0-9a-f]{64}(-[a-z]+)?\.pdf$/.test(file));
    out.push({ sha: match[1]!, round: signed.result.round, electionHash: signed.electionHash, files, signed: signedResultsIn(sidecar) });
  }
  return out;
}

/** Per round 1…N, main's own signed result of its own count, or the round that has none. */
export function ownSignedResults(
  candidates: readonly unknown[],
  rounds: readonly RecountedRound[],
  own: { readonly station: string; readonly electionHash: string; readonly stationKey: string },
): { ok: true; results: SignedResult[] } | { ok: false; round: number } {
  const best = new Map<number, SignedResult>();
  for (const raw of candidates) {
    const parsed = signedResultSchema.safeParse(raw);
    if (!parsed.success) continue;
    const signed = parsed.data;
    if (signed.stationKey !== own.stationKey || signed.station !== own.station || signed.electionHash !== own.electionHash) continue;
    const round = rounds[signed.result.round - 1];
    if (!round || !verifyObject(signed, own.stationKey) || differenceFromRecount(round, signed) !== null) continue;
    const held = best.get(round.round);
    if (!held || signed.signedAt > held.signedAt || (signed.signedAt === held.signedAt && signed.signature > held.signature)) best.set(round.round, signed);
  }
  const results: SignedResult[] = [];
  for (const round of rounds) {
    const signed = best.get(round.round);
    if (!signed) return { ok: false, round: round.round };
    results.push(signed);
  }
  return { ok: true, results };
}
