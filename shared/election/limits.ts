/**
 * The one set of size limits for everything the station stores: the package schema
 * (`schemas.ts`) and the station database's schemas (renderer/db/schemas/*) both take their
 * bounds from here, so a value the package accepts is a value the database can store — nothing
 * is accepted by main and refused by RxDB halfway through an import.
 *
 * Changing a number that a database schema uses changes that schema: it needs a new schema
 * version with a migration.
 */
export const LIMITS = {
  /** Ids from the package: voters, candidates, positions, stations, the election. */
  id: 128,
  /** Ids of the station's own records, often a round and a voter id joined (`12:<voter id>`). */
  recordId: 200,
  /** A person's name: voters, candidates, staff, write-ins. */
  personName: 64,
  stationName: 100,
  address: 200,
  group: 100,
  /** A reason given by a clerk or in the roll (struck, undone, withdrawn). */
  reason: 200,
  text: 500,
  /** ISO 8601 with offset, e.g. 2026-12-06T08:00:00.000+08:00 (29 characters). */
  time: 40,
  /** Counts of ballots and people. */
  count: 10_000_000,
  round: 99,
  /** base64url of a 32-byte Ed25519 key is 43 characters, of a signature 86. */
  key: 200,
  signature: 400,
  formatTag: 100,
  districtServer: 2000,
  /** An election package file, in bytes of UTF-8 (a roll of 100,000 voters is about 25 MB). */
  packageBytes: 30 * 1024 * 1024,
  /** Nesting of a package's JSON (the package itself goes 6 deep). */
  jsonDepth: 32,
} as const;

/** Bytes of `text` in UTF-8, without Node's Buffer or the DOM's TextEncoder. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** `31457280` → `30 MB` (1 MB = 1024 × 1024 bytes), one decimal below 10 MB. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 10) return `${Math.round(mb)} MB`;
  if (mb >= 0.1) return `${mb.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * How deep the JSON text nests (objects and arrays), scanning the text without parsing it and
 * stopping as soon as `stopAbove` is passed. Brackets inside strings do not count.
 */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return deepest;
}
