/**
 * What the station app asks of main when a round's count is decided: sign every round's result
 * as main counts it from its own journal (the request names only the round; each round once),
 * print the signed tally sheet of the last round (with the announcement and the certificates
 * once the result is final), keep the PDF bytes so a reprint is the very same file. Used by the Node host and by Electron's IPC alike.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { electionHash, sha256Hex } from '../../shared/crypto/hash';
import { issue, type Outcome } from '../../shared/election/issues';
import type { CountResult, SignedResult } from '../../shared/election/schemas';
import type { ProducedSheets } from '../../shared/bridge/StationBridge';
import { sheetRequestSchema } from '../../shared/bridge/sheetRequest';
import type { SheetInput } from '../../shared/sheets/types';
import { countFromJournal } from './countFromJournal';
import { keepSignedRound, signedRoundOnce } from './signedRounds';
import { printedOrRefused, reprintSheets } from './signing';
import { stationSigner } from './signing/stationKeys';
import { keysUnprotected } from './keyStore';
import { runsDemo } from './pinning';
import { hubService } from './hub/service';

export const SHEET_FILE = /^[0-9a-f]{64}(-announcement|-certificates)?\.pdf$/;

export function sheetsDir(dataDir: string): string {
  const dir = join(dataDir, 'sheets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** A stored sheet's bytes, or null for a name that is not one of ours. */
export function readSheetFile(dataDir: string, name: string): Buffer | null {
  if (!SHEET_FILE.test(name)) return null;
  try {
    return readFileSync(join(sheetsDir(dataDir), name));
  } catch {
    return null;
  }
}

export interface ProduceOptions {
  /** The signing time of rounds not signed before (default main's clock now). */
  readonly now?: () => Date;
  /** Internal: 1 when the request is made again after another one kept its rounds first. */
  readonly attempt?: number;
}

/**
 * Signs round `request.round` and every round before it as main counts them from its journal
 * (countFromJournal.ts) — never a count the caller hands in — and prints the last one's sheet:
 * a round that calls a runoff gets its own sheet (with the runoff it calls), the final round's
 * carries the rounds before it. Each round is signed once (signedRounds.ts): a round signed
 * before is carried as it was signed, never signed again with a new time.
 */
export async function produceStationSheets(dataDir: string, raw: unknown, options: ProduceOptions = {}): Promise<Outcome<ProducedSheets>> {
  const parsed = sheetRequestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: [issue('schema.invalid', [], { detail: parsed.error.issues[0]?.message ?? 'invalid sheet request' })] };
  const request = parsed.data;
  // A lead first writes into its journal what its desks gave its hub (main/services/hub/journalHub.ts).
  await hubService(dataDir).journalDeskRecords();
  const counted = countFromJournal(dataDir, request.round);
  if (!counted.ok) return counted;
  const { pkg, rounds, participation } = counted.value;
  // Main decides, from its own pin, whether this station runs the demo: the renderer cannot
  // leave the 演示 marker off (shared/election/demo.ts).
  const demo = runsDemo(dataDir);
  const signedAt = (options.now?.() ?? new Date()).toISOString();
  const signer = stationSigner({ dataDir });
  const hash = electionHash(pkg.election);
  const once: { signed: SignedResult; fresh: boolean }[] = [];
  for (const round of rounds) {
    const ballots = round.kind === 'counted' ? round.input.ballots : [];
    const signed = signedRoundOnce(dataDir, { electionHash: hash, result: round.result, ballots, stationKey: signer.publicKey }, () =>
      signer.signResult({ station: pkg.station.id, election: pkg.election, result: round.result, ballots, signedAt, demo }),
    );
    if (!signed.ok) return signed;
    once.push(signed.value);
  }
  const signedResults = once.map((entry) => entry.signed);
  const last = signedResults[signedResults.length - 1] as SignedResult;
  // The round's anomalies across the lead's desks, as resolved (printed, never signed).
  const anomalies = await hubService(dataDir).resolvedAnomalies(last.result.round);
  const sheetInput: SheetInput = {
    election: pkg.election,
    station: pkg.station,
    signed: last,
    setup: request.setup,
    participation,
    ...(keysUnprotected() ? { keyUnprotected: true } : {}),
    ...(anomalies.length > 0 ? { anomalies } : {}),
    previousRounds: signedResults.slice(0, -1).map((signed): CountResult => signed.result),
  };
  // Nothing is stored (nor offered for printing) when a QR code does not read back. A round that
  // calls a runoff gets its announcement too (announced on the spot, with the runoff it calls).
  const outcome = await printedOrRefused(reprintSheets(sheetInput, { dataDir, pdfSignature: true, allDocuments: last.result.valid }));
  if (!outcome.ok) return outcome;
  // The rounds signed now are kept once their sheet is printed; should another request have kept
  // one first, the sheet is made again from the stored results (attempts: at most once more).
  const kept = once.map((entry) => (entry.fresh ? keepSignedRound(dataDir, entry.signed) : entry.signed));
  if (kept.some((signed, i) => signed.signature !== signedResults[i]?.signature)) {
    if (options.attempt === 1) throw new Error('produceStationSheets: the stored signed rounds changed twice during one request');
    return produceStationSheets(dataDir, raw, { ...options, attempt: 1 });
  }
  const printed = outcome.value;
  const sheetSha256 = sha256Hex(new Uint8Array(printed.sheet));
  const dir = sheetsDir(dataDir);
  const store = (suffix: string, bytes: Buffer | null): string | null => {
    if (!bytes) return null;
    const name = `${sheetSha256}${suffix}.pdf`;
    writeFileSync(join(dir, name), bytes, { mode: 0o600 });
    return name;
  };
  const files = { sheet: store('', printed.sheet) as string, announcement: store('-announcement', printed.announcement), certificates: store('-certificates', printed.certificates) };
  writeFileSync(join(dir, `${sheetSha256}.json`), JSON.stringify({ sheetInput, files }), { mode: 0o600 });
  return { ok: true, value: { signedResults, sheetSha256, files } };
}
