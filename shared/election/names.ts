import { issue, type IssuePath, type ValidationIssue } from './issues';

/**
 * What makes two written names the same person's name (RULES §4: "exactly a candidate's name"):
 * the same text after Unicode NFC and without outer white space — nothing else is changed, no
 * guessing. Candidate names in the package and names written on ballots go through it alike.
 */
export function normalizePersonName(name: string): string {
  return name.normalize('NFC').trim();
}

/**
 * Two names that LOOK the same: equal after NFKC (full-width and half-width letters, ligatures,
 * compatibility forms). Never used to match a write-in (that stays exact); two candidates whose
 * names share this key are refused, as a write-in could not tell them apart.
 */
export function lookAlikeNameKey(name: string): string {
  return name.normalize('NFKC').trim();
}

/**
 * Characters no name may hold: invisible or direction-changing ones a reader cannot see —
 * control characters (Cc), format characters (Cf: zero-width space and joiners, bidi controls,
 * the byte order mark, soft hyphen…), line and paragraph separators — and the invisible fillers
 * that are letters to Unicode (Hangul fillers, the combining grapheme joiner).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u034F\u115F\u1160\u3164\uFFA0]/u;

/** The first invisible or confusable character of `name` as `U+200B`, or null when it has none. */
export function invisibleCharacterIn(name: string): string | null {
  const found = INVISIBLE.exec(name);
  if (found === null) return null;
  return `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `name.invisibleCharacter` at `path` when `name` holds such a character. */
export function checkNameCharacters(name: string, path: IssuePath): ValidationIssue[] {
  const character = invisibleCharacterIn(name);
  return character === null ? [] : [issue('name.invisibleCharacter', path, { character })];
}
