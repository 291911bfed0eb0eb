/** SHA-256 hashes (lowercase hex) over canonical JSON, as spec/FORMATS.md defines them. */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Ballot, ElectionDefinition } from '../election/schemas';
import { canonicalJson, utf8 } from './canonical';
import { hexEncode } from './encoding';

/** SHA-256 of the bytes, or of the UTF-8 of the text. */
export function sha256Hex(data: string | Uint8Array): string {
  return hexEncode(sha256(typeof data === 'string' ? utf8(data) : data));
}

/** `electionHash`: SHA-256 of the canonical ElectionDefinition. */
export function electionHash(definition: ElectionDefinition): string {
  return sha256Hex(canonicalJson(definition));
}

/** The ballots in `id` order (UTF-16 code-unit order), as a new array; the input is untouched. */
export function ballotsInIdOrder(ballots: readonly Ballot[]): Ballot[] {
  return [...ballots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `ballotsHash`: SHA-256 of the canonical array of ballot records in id order. */
export function ballotsHash(ballots: readonly Ballot[]): string {
  return sha256Hex(canonicalJson(ballotsInIdOrder(ballots)));
}
