/**
 * What the station app asks of main at the end of the count: sign every round's result (main
 * recounts each one first, and refuses a result that differs), print the signed tally sheet of
 * the last round (with the announcement and the certificates), keep the PDF bytes so a reprint
 * is the very same file. Used by the Node host and by Electron's IPC alike.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../shared/crypto/canonical';
import { sha256Hex } from '../../shared/crypto/hash';
import { issue, type Outcome } from '../../shared/election/issues';
import type { CountResult, SignedResult } from '../../shared/election/schemas';
import type { ProducedSheets } from '../../shared/bridge/StationBridge';
import { sheetRequestSchema, type SheetRequest } from '../../shared/bridge/sheetRequest';
import { resultFromCounts } from '../../shared/rules/count';
import type { SheetInput } from '../../shared/sheets/types';
import { reprintSheets, signCountResult } from './signing';
import { firstDifference } from './signing/signCountResult';
import { stationSigner } from './signing/stationKeys';
import { runsDemo } from './pinning';

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

function signVoidRound(
  dataDir: string,
  request: SheetRequest,
  round: Extract<SheetRequest['rounds'][number], { kind: 'void' }>,
  station: string,
  demo: boolean,
): Outcome<SignedResult> {
  const recount = resultFromCounts(request.election, round.round, round.previous, round.counts);
  const difference = firstDifference(JSON.parse(canonicalJson(recount)), JSON.parse(canonicalJson(round.result ?? null)));
  if (recount.valid) return { ok: false, issues: [issue('signature.recountDisagrees', [], { detail: 'valid: the box counts do not make this round void' })] };
  if (difference !== null) return { ok: false, issues: [issue('signature.recountDisagrees', [], { detail: difference })] };
  const signer = stationSigner({ dataDir });
  return { ok: true, value: signer.signResult({ station, election: request.election, result: recount, ballots: [], signedAt: request.signedAt, demo }) };
}

export async function produceStationSheets(dataDir: string, raw: unknown): Promise<Outcome<ProducedSheets>> {
  const parsed = sheetRequestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: [issue('schema.invalid', [], { detail: parsed.error.issues[0]?.message ?? 'invalid sheet request' })] };
  const request = parsed.data;
  // Main decides, from its own pin, whether this station runs the demo: the renderer cannot
  // leave the 演示 marker off (shared/election/demo.ts).
  const demo = runsDemo(dataDir);
  const signedResults: SignedResult[] = [];
  for (const round of request.rounds) {
    const signed =
      round.kind === 'void'
        ? signVoidRound(dataDir, request, round, request.station.id, demo)
        : signCountResult({ dataDir, input: round.input, result: round.result, station: request.station.id, signedAt: request.signedAt, demo });
    if (!signed.ok) return signed;
    signedResults.push(signed.value);
  }
  const last = signedResults[signedResults.length - 1] as SignedResult;
  const sheetInput: SheetInput = {
    election: request.election,
    station: request.station,
    signed: last,
    setup: request.setup ?? null,
    participation: request.participation ?? null,
    previousRounds: signedResults.slice(0, -1).map((signed): CountResult => signed.result),
  };
  const printed = await reprintSheets(sheetInput, { dataDir, pdfSignature: true, allDocuments: last.result.valid });
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
