/**
 * The common push — every row a new document — read straight from the body's bytes, without
 * decoding them and without JSON.parse and JSON.stringify, piece by piece as the body arrives
 * (`PushBodyReader`; `scanNewDocuments` reads a whole body): one pass over the UTF-8 bytes (as
 * `Utf8Bytes`: JSON's structure is all ASCII, and no byte of a multi-byte character is ASCII)
 * checks the JSON and finds each document's id, its `_deleted` flag, its revision (`_rev`) and the bytes of its stored
 * fields (the document without RxDB's bookkeeping, as `splitDoc` keeps it), which go into the
 * COPY as they are (PostgreSQL parses them into jsonb once, as it does in any case).
 *
 * It reads a strict subset of JSON and answers null for anything else — bytes that are not
 * UTF-8, a control character anywhere (so whitespace is spaces only), floats and exponents,
 * integers of more than 15 digits, `-0`, an escape in a document's own keys, `\u0000` or a
 * surrogate escape, nesting near the limit, a row with another key or an assumed state that is
 * not null, more rows than allowed — and then the caller parses the body and takes the general
 * path, which gives the same stored state or the precise error. So for every body it reads, the
 * stored jsonb is what the parsed path would store (same keys, same values; a repeated key keeps
 * its last value in both).
 */
import { isUtf8 } from 'node:buffer';
import { fromUtf8Bytes, utf8BytesOf, type Utf8Bytes } from '../db/pgCopy';
import { ALL_CHECKED_TIME_FIELDS } from '../../shared/station/recordTimes';
import { MAX_DEPTH, MAX_ID_LENGTH, revisionHeight, type DocumentText } from './documents';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const UNDERSCORE = 0x5f;
const LOWER_I = 0x69;
/** First letters of the keys sliced out of a document's bytes: `_…` (bookkeeping), `id` and the checked time fields. */
const SLICED_FIRST = new Set([UNDERSCORE, LOWER_I, ...[...ALL_CHECKED_TIME_FIELDS].map((key) => key.charCodeAt(0))]);
/** Integers up to 15 digits are exact doubles: JSON.stringify(JSON.parse(t)) === t. */
const MAX_DIGITS = 15;
/** Nested values stop one level short of the stored-document limit: the parsed path decides the edge. */
const DEPTH_LIMIT = MAX_DEPTH - 1;
/** U+0000–U+001F: never raw inside a JSON string, and outside one only as whitespace we do not take. */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const CONTROL = /[\u0000-\u001f]/;
/** Keys `splitDoc` drops from the stored fields (`_deleted` becomes the flag). */
const BOOKKEEPING = new Set(['_deleted', '_meta', '_rev', '_attachments']);

const FAIL = -1;

function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** A pass over one text; every `scan…` returns the index after what it read, or FAIL. */
class Scanner {
  /** Where the next backslash at or after the last search is (text.length when none). */
  private nextBackslash = -1;
  /** Set by `document`: the document it read last. */
  found: DocumentText | null = null;

  constructor(private readonly s: Utf8Bytes) {}

  spaces(i: number): number {
    while (this.s.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** The string whose quote is at `i`; with `escapes` false, any backslash in it is FAIL. */
  string(i: number, escapes: boolean): number {
    const s = this.s;
    const close = s.indexOf('"', i + 1);
    if (close === -1) return FAIL;
    if (this.nextBackslash < i + 1) {
      const found = s.indexOf('\\', i + 1);
      this.nextBackslash = found === -1 ? s.length : found;
    }
    if (this.nextBackslash > close) return close + 1;
    return escapes ? this.escapedString(this.nextBackslash) : FAIL;
  }

  /** The rest of a string from a backslash at `i`, escape by escape. */
  private escapedString(i: number): number {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        this.nextBackslash = -1;
        return i + 1;
      }
      if (c !== c /* NaN: the text ended */) return FAIL;
      if (c !== BACKSLASH) {
        i++;
        continue;
      }
      const e = s.charCodeAt(i + 1);
      if (e === 0x75 /* u */) {
        if (!isHex(s.charCodeAt(i + 2)) || !isHex(s.charCodeAt(i + 3)) || !isHex(s.charCodeAt(i + 4)) || !isHex(s.charCodeAt(i + 5))) return FAIL;
        const code = Number.parseInt(s.slice(i + 2, i + 6), 16);
        if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) return FAIL;
        i += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2; // \" \\ \/ \b \f \n \r \t
      } else {
        return FAIL;
      }
    }
  }

  /** A whole number of at most 15 digits, not `-0`; a fraction or an exponent is FAIL. */
  integer(i: number): number {
    const s = this.s;
    const negative = s.charCodeAt(i) === MINUS;
    if (negative) i++;
    const first = s.charCodeAt(i);
    if (first === ZERO) {
      if (negative) return FAIL;
      i++;
    } else if (first > ZERO && first <= NINE) {
      const from = i;
      let c = first;
      while (c >= ZERO && c <= NINE) c = s.charCodeAt(++i);
      if (i - from > MAX_DIGITS) return FAIL;
    } else {
      return FAIL;
    }
    const next = s.charCodeAt(i);
    return next === 0x2e /* . */ || next === 0x65 /* e */ || next === 0x45 /* E */ || (next >= ZERO && next <= NINE) ? FAIL : i;
  }

  literal(i: number, word: string): number {
    return this.s.startsWith(word, i) ? i + word.length : FAIL;
  }

  /** The JSON value at `i`, nested `depth` levels inside the document. */
  value(i: number, depth: number): number {
    const c = this.s.charCodeAt(i);
    if (c === QUOTE) return this.string(i, true);
    if (c === OPEN_BRACE) return this.object(i, depth + 1);
    if (c === OPEN_BRACKET) return this.array(i, depth + 1);
    if (c === 0x74) return this.literal(i, 'true');
    if (c === 0x66) return this.literal(i, 'false');
    if (c === 0x6e) return this.literal(i, 'null');
    return this.integer(i);
  }

  object(i: number, depth: number): number {
    if (depth > DEPTH_LIMIT) return FAIL;
    const s = this.s;
    i = this.spaces(i + 1);
    if (s.charCodeAt(i) === CLOSE_BRACE) return i + 1;
    for (;;) {
      if (s.charCodeAt(i) !== QUOTE) return FAIL;
      i = this.string(i, true);
      if (i === FAIL) return FAIL;
      i = this.spaces(i);
      if (s.charCodeAt(i) !== COLON) return FAIL;
      i = this.value(this.spaces(i + 1), depth);
      if (i === FAIL) return FAIL;
      i = this.spaces(i);
      const c = s.charCodeAt(i);
      if (c === CLOSE_BRACE) return i + 1;
      if (c !== COMMA) return FAIL;
      i = this.spaces(i + 1);
    }
  }

  array(i: number, depth: number): number {
    if (depth > DEPTH_LIMIT) return FAIL;
    const s = this.s;
    i = this.spaces(i + 1);
    if (s.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
    for (;;) {
      i = this.value(i, depth);
      if (i === FAIL) return FAIL;
      i = this.spaces(i);
      const c = s.charCodeAt(i);
      if (c === CLOSE_BRACKET) return i + 1;
      if (c !== COMMA) return FAIL;
      i = this.spaces(i + 1);
    }
  }

  /**
   * One document object at `i`. Its own keys are read without escapes (an escaped key could
   * spell `id` or `_deleted`); the bookkeeping members are cut out of the stored text; the last
   * `id` and `_deleted` count (as JSON.parse and jsonb keep the last of a repeated key).
   */
  document(i: number): number {
    const s = this.s;
    const open = i;
    let id: Utf8Bytes | null = null;
    let deleted = false;
    let rev: number | null = null;
    let times: Record<string, unknown> | null = null;
    // The stored text: the runs of kept members, joined by commas.
    let stored = '';
    let cut = false;
    let runStart = -1;
    let runEnd = -1;
    i = this.spaces(i + 1);
    if (s.charCodeAt(i) !== CLOSE_BRACE) {
      for (;;) {
        if (s.charCodeAt(i) !== QUOTE) return FAIL;
        const keyStart = i;
        const keyEnd = this.string(i, false);
        if (keyEnd === FAIL) return FAIL;
        i = this.spaces(keyEnd);
        if (s.charCodeAt(i) !== COLON) return FAIL;
        const valueStart = this.spaces(i + 1);
        const valueEnd = this.value(valueStart, 0);
        if (valueEnd === FAIL) return FAIL;
        // Only a key starting with `_`, `i` or a time field's letter can be `id`, bookkeeping or a time: the others are not sliced out.
        const key = SLICED_FIRST.has(s.charCodeAt(keyStart + 1)) ? s.slice(keyStart + 1, keyEnd - 1) : '';
        if (ALL_CHECKED_TIME_FIELDS.has(key)) {
          // A time as the parsed path reads it (checked with the collection's rule: recordTimes.ts); an escaped string is for the parsed path.
          const raw = s.slice(valueStart, valueEnd);
          if (raw.includes('\\')) return FAIL;
          (times ??= {})[key] = s.charCodeAt(valueStart) === QUOTE ? fromUtf8Bytes(raw.slice(1, -1) as Utf8Bytes) : (JSON.parse(fromUtf8Bytes(raw as Utf8Bytes)) as unknown);
        }
        if (BOOKKEEPING.has(key)) {
          if (key === '_deleted') deleted = valueEnd === valueStart + 4 && s.startsWith('true', valueStart);
          if (key === '_rev') {
            // A revision is ASCII without escapes; anything else is for the parsed path to refuse.
            rev = s.charCodeAt(valueStart) === QUOTE ? revisionHeight(s.slice(valueStart + 1, valueEnd - 1)) : null;
            if (rev === null) return FAIL;
          }
          cut = true;
          if (runStart !== -1) {
            stored += (stored === '' ? '' : ',') + s.slice(runStart, runEnd);
            runStart = -1;
          }
        } else {
          if (key === 'id') {
            if (s.charCodeAt(valueStart) !== QUOTE) return FAIL;
            id = s.slice(valueStart, valueEnd) as Utf8Bytes;
          }
          if (runStart === -1) runStart = keyStart;
          runEnd = valueEnd;
        }
        i = this.spaces(valueEnd);
        const c = s.charCodeAt(i);
        if (c === CLOSE_BRACE) break;
        if (c !== COMMA) return FAIL;
        i = this.spaces(i + 1);
      }
    }
    if (id === null) return FAIL;
    // The id's JSON string, checked above: its escapes (if any) are sound.
    const idText = id.includes('\\') ? (JSON.parse(fromUtf8Bytes(id)) as string) : fromUtf8Bytes(id).slice(1, -1);
    if (idText.length === 0 || idText.length > MAX_ID_LENGTH) return FAIL;
    if (runStart !== -1) stored += (stored === '' ? '' : ',') + s.slice(runStart, runEnd);
    const dataJson = (cut ? `{${stored}}` : s.slice(open, i + 1)) as Utf8Bytes;
    this.found = { id: idText, dataJson, deleted, ...(rev === null ? {} : { rev }), ...(times === null ? {} : { times }) };
    return i + 1;
  }

  /** One row `{ "newDocumentState": {…}, "assumedMasterState": null }` (the latter optional); its document in `found`. */
  row(i: number): number {
    const s = this.s;
    if (s.charCodeAt(i) !== OPEN_BRACE) return FAIL;
    let hasDocument = false;
    let hasAssumed = false;
    i = this.spaces(i + 1);
    for (;;) {
      if (s.charCodeAt(i) !== QUOTE) return FAIL;
      const keyEnd = this.string(i, false);
      if (keyEnd === FAIL) return FAIL;
      const key = s.slice(i + 1, keyEnd - 1);
      i = this.spaces(keyEnd);
      if (s.charCodeAt(i) !== COLON) return FAIL;
      i = this.spaces(i + 1);
      if (key === 'newDocumentState' && !hasDocument && s.charCodeAt(i) === OPEN_BRACE) {
        hasDocument = true;
        i = this.document(i);
      } else if (key === 'assumedMasterState' && !hasAssumed) {
        hasAssumed = true;
        i = this.literal(i, 'null');
      } else {
        return FAIL;
      }
      if (i === FAIL) return FAIL;
      i = this.spaces(i);
      const c = s.charCodeAt(i);
      if (c === CLOSE_BRACE) return hasDocument ? i + 1 : FAIL;
      if (c !== COMMA) return FAIL;
      i = this.spaces(i + 1);
    }
  }
}

/** Where a push body's reader stands: before `[`, after it, at a row, after a row, after `]`. */
type Place = 'open' | 'first' | 'row' | 'next' | 'closed';

/**
 * Whether bytes that arrive in pieces are UTF-8: each piece is checked as it comes, the bytes of
 * a character cut at a piece's end are carried into the next.
 */
class Utf8Pieces {
  private carry: Buffer | null = null;
  private ok = true;

  write(piece: Buffer): boolean {
    if (!this.ok) return false;
    const bytes = this.carry === null ? piece : Buffer.concat([this.carry, piece]);
    this.carry = null;
    // A character cut at the end: its lead byte is one of the last three bytes, its length past the end.
    let cut = bytes.length;
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
      const lead = bytes[bytes.length - back]!;
      if ((lead & 0xc0) === 0x80) continue;
      const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
      if (length > back) cut = bytes.length - back;
      break;
    }
    if (cut < bytes.length) this.carry = Buffer.from(bytes.subarray(cut));
    this.ok = isUtf8(bytes.subarray(0, cut));
    return this.ok;
  }

  /** All pieces written: UTF-8 with no character left cut. */
  end(): boolean {
    return this.ok && this.carry === null;
  }
}

/**
 * The push body's reader, fed as the body arrives: each row is read as soon as its bytes are
 * there, so the body is read while it is still being received (and the event loop is never held
 * for a whole body). Whatever it is fed, in whatever pieces, it reads exactly what
 * `scanNewDocuments` reads of the whole: the documents in row order, or null (then parse the body:
 * `readPushRows`). A row cut by a piece's end is read again when more has come — only once the
 * unread text has doubled, so a huge row is read a bounded number of times, not once per piece.
 */
export class PushBodyReader {
  private readonly documents: DocumentText[] = [];
  private readonly utf8 = new Utf8Pieces();
  private text = '' as Utf8Bytes;
  private at = 0;
  /** Pieces not yet joined to `text` (while a cut row waits), and their length. */
  private pieces: Utf8Bytes[] = [];
  private waiting = 0;
  private place: Place = 'open';
  private failed = false;
  /** The unread length when a cut row was last tried: it is tried again at twice that. */
  private tried = 0;

  constructor(private readonly maxRows: number) {}

  write(piece: Buffer): void {
    if (this.failed) return;
    const text = utf8BytesOf(piece);
    if (!this.utf8.write(piece) || CONTROL.test(text)) {
      this.fail();
      return;
    }
    this.pieces.push(text);
    this.waiting += text.length;
    // A cut row waits, its pieces not even joined, until the unread text has doubled.
    if (this.tried > 0 && this.text.length - this.at + this.waiting < 2 * this.tried) return;
    this.take();
    this.read(false);
  }

  /** The body's documents, or null when the body is not an all-new push in the reader's subset. */
  end(): DocumentText[] | null {
    if (this.failed || !this.utf8.end()) {
      this.fail();
      return null;
    }
    this.take();
    this.read(true);
    return this.failed || this.place !== 'closed' ? null : this.documents;
  }

  private fail(): void {
    this.failed = true;
    this.text = '' as Utf8Bytes;
    this.at = 0;
    this.pieces = [];
    this.documents.length = 0;
  }

  /** The unread text and the pieces since, as one text. */
  private take(): void {
    if (this.pieces.length === 0) return;
    const added = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
    this.text = (this.at === this.text.length ? added : this.text.slice(this.at) + added) as Utf8Bytes;
    this.at = 0;
    this.pieces = [];
    this.waiting = 0;
  }

  /** Read what the text holds; `last`: no more will come. */
  private read(last: boolean): void {
    const text = this.text;
    const scanner = new Scanner(text);
    for (;;) {
      const i = scanner.spaces(this.at);
      if (i === text.length) {
        this.at = i;
        return;
      }
      const c = text.charCodeAt(i);
      if (this.place === 'row') {
        const end = scanner.row(i);
        if (end === FAIL) {
          if (last) return this.fail();
          this.tried = text.length - i;
          this.at = i;
          return;
        }
        if (this.documents.length === this.maxRows) return this.fail();
        this.documents.push(scanner.found!);
        this.tried = 0;
        this.at = end;
        this.place = 'next';
      } else if (this.place === 'open' && c === OPEN_BRACKET) {
        this.at = i + 1;
        this.place = 'first';
      } else if (this.place === 'first') {
        this.at = c === CLOSE_BRACKET ? i + 1 : i;
        this.place = c === CLOSE_BRACKET ? 'closed' : 'row';
      } else if (this.place === 'next' && (c === COMMA || c === CLOSE_BRACKET)) {
        this.at = i + 1;
        this.place = c === COMMA ? 'row' : 'closed';
      } else {
        return this.fail();
      }
    }
  }
}

/**
 * The documents of a push body in which every row is a new document with no assumed state, in
 * row order — or null when the body is anything else (then parse it: `readPushRows`).
 */
export function scanNewDocuments(body: Buffer, maxRows: number): DocumentText[] | null {
  const reader = new PushBodyReader(maxRows);
  reader.write(body);
  return reader.end();
}
