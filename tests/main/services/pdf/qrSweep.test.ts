/**
 * Issue 18: every code readable. Generated signed results (random station keys, signing times,
 * stations, scenarios and code sizes) — each code's matrix, as the sheet draws it, is decoded by
 * the project's reader (jsQR, through qrCheck.readMatrix) and by an independent one (ZBar,
 * compiled to WebAssembly: @undecaf/zbar-wasm). pdfmake's built-in encoder, used before, made
 * about one code in 40 that no reader decodes.
 */
import { describe, expect, it } from 'vitest';
import { scanGrayBuffer } from '@undecaf/zbar-wasm';
import { base64urlEncode } from '../../../../shared/crypto/encoding';
import { signObject } from '../../../../shared/crypto/signed';
import { publicKeyFromSecret } from '../../../../shared/crypto/ed25519';
import { ballotsHash, electionHash } from '../../../../shared/crypto/hash';
import { FORMAT } from '../../../../shared/election/schemas';
import { qrCodes, QR_QUIET_MODULES } from '../../../../shared/sheets/layout';
import { qrMatrix } from '../../../../shared/sheets/qrImage';
import type { SignedResult } from '../../../../shared/election/schemas';
import { decodeSignedResultQr, encodeSignedResultQr, QR_MAX_VERSION, type QrCodeSpec } from '../../../../shared/sheets/qrPayload';
import { Prng } from '../../../../main/services/demo/prng';
import { readMatrix } from '../../../../main/services/pdf/qrCheck';
import { signedScenarios, STATION } from '../../../shared/sheets/fixtures';

/** Pixels a module for the decoders: clean synthetic images read at 2 as at 4, in half the time. */
const SCALE = 2;

function grayImage(matrix: readonly (readonly boolean[])[]): { buffer: ArrayBuffer; side: number } {
  const side = (matrix.length + 2 * QR_QUIET_MODULES) * SCALE;
  const pixels = new Uint8Array(side * side).fill(255);
  matrix.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let py = (y + QR_QUIET_MODULES) * SCALE; py < (y + QR_QUIET_MODULES + 1) * SCALE; py++) {
        pixels.fill(0, py * side + (x + QR_QUIET_MODULES) * SCALE, py * side + (x + QR_QUIET_MODULES + 1) * SCALE);
      }
    });
  });
  return { buffer: pixels.buffer, side };
}

async function zbarRead(matrix: readonly (readonly boolean[])[]): Promise<string[]> {
  const { buffer, side } = grayImage(matrix);
  const symbols = await scanGrayBuffer(buffer, side, side);
  return symbols.filter((symbol) => symbol.typeName === 'ZBAR_QRCODE').map((symbol) => symbol.decode());
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

export interface SweepOutcome {
  readonly results: number;
  readonly codes: number;
  readonly failures: readonly string[];
  readonly versions: ReadonlySet<number>;
  readonly masks: ReadonlySet<string>;
}

/** Generate results `from` … `to - 1` of the sweep (each from its own seed) and read every code. */
export async function sweep(from: number, to: number): Promise<SweepOutcome> {
  const scenarios = signedScenarios().map((scenario) => ({
    scenario,
    // The hashes do not depend on the key or the time: computed once, not per result.
    electionHash: electionHash(scenario.input.election),
    ballotsHash: ballotsHash(scenario.input.ballots),
  }));
  const failures: string[] = [];
  const versions = new Set<number>();
  const masks = new Set<string>();
  let codes = 0;
  for (let n = from; n < to; n++) {
    const random = new Prng(0x18_2026 + n);
    const { scenario, electionHash: election, ballotsHash: ballots } = random.pick(scenarios);
    const secret = base64urlEncode(Uint8Array.from({ length: 32 }, () => random.int(0, 255)));
    const signedAt = `2026-${two(random.int(1, 12))}-${two(random.int(1, 28))}T${two(random.int(0, 23))}:${two(random.int(0, 59))}:${two(random.int(0, 59))}+08:00`;
    const station = random.chance(0.5) ? STATION.id : `${STATION.id}-${random.int(1, 99_999)}`;
    // Random sizes: half the results keep every position, half only the first few.
    const positions = random.chance(0.5) ? scenario.result.positions : scenario.result.positions.slice(0, random.int(1, scenario.result.positions.length));
    const result = { ...scenario.result, positions };
    // What signResult makes (shared/crypto/signed.ts), with the hashes computed once.
    const signed: SignedResult = signObject(
      { format: FORMAT.signedResult, station, electionHash: election, result, ballotsHash: ballots, signedAt, stationKey: publicKeyFromSecret(secret) },
      secret,
    );
    // Half as the sheet prints them (qrCodes, at most version 17), half cut into smaller codes.
    const specs: QrCodeSpec[] = random.chance(0.5) ? qrCodes(signed).specs : encodeSignedResultQr(signed, random.int(8, QR_MAX_VERSION - 1));
    const read: string[] = [];
    for (const spec of specs) {
      codes++;
      const matrix = qrMatrix(spec.text, spec.version);
      versions.add(spec.version);
      masks.add(formatBits(matrix));
      const byJsQr = readMatrix(matrix, SCALE);
      if (byJsQr !== spec.text) failures.push(`result ${n} code ${spec.index}/${spec.total} v${spec.version}: jsQR read ${byJsQr === null ? 'nothing' : 'other text'}`);
      else read.push(byJsQr);
      const byZbar = await zbarRead(matrix);
      if (byZbar.length !== 1 || byZbar[0] !== spec.text) failures.push(`result ${n} code ${spec.index}/${spec.total} v${spec.version}: ZBar read ${byZbar.length} code(s), ${byZbar[0] === spec.text ? 'right' : 'wrong'} text`);
    }
    const decoded = decodeSignedResultQr(read.reverse());
    if (!decoded.ok || decoded.signed.signature !== signed.signature) failures.push(`result ${n}: the codes read do not rebuild the signed result`);
  }
  return { results: to - from, codes, failures, versions, masks };
}

/** The 15 format bits next to the top-left finder (they name the ECC level and the mask). */
export function formatBits(matrix: readonly (readonly boolean[])[]): string {
  const bits: boolean[] = [];
  for (let x = 0; x <= 8; x++) if (x !== 6) bits.push(matrix[8]![x]!);
  for (let y = 7; y >= 0; y--) if (y !== 6) bits.push(matrix[y]![8]!);
  return bits.map((bit) => (bit ? '1' : '0')).join('');
}

const RESULTS = 1000;

describe('every QR code of 1,000 generated sheets reads back', () => {
  it('with jsQR (the project’s reader) and with ZBar (an independent one)', async () => {
    const outcome = await sweep(0, RESULTS);
    expect(outcome.failures).toEqual([]);
    expect(outcome.results).toBe(RESULTS);
    expect(outcome.codes).toBeGreaterThanOrEqual(RESULTS);
    // Many symbol sizes and all eight mask patterns were read.
    expect(outcome.versions.size).toBeGreaterThanOrEqual(10);
    expect(outcome.masks.size).toBe(8);
  }, 180_000);
});
