/**
 * RFC 8785 (JCS) canonical JSON — the exact text every signature and hash is computed over
 * (spec/FORMATS.md). Pure: runs in the browser, in Node and on the server alike.
 */
import canonicalize from 'canonicalize';

/** A lone (unpaired) UTF-16 surrogate: such a string has no UTF-8 encoding. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The JCS canonical text of `value`. Throws a clear Error for anything JCS cannot encode:
 * `undefined`, functions or symbols at the top level, NaN, ±Infinity, BigInt, lone surrogates,
 * circular references. (Inside objects, `undefined` members are dropped, as JSON does.)
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`canonicalJson: the value cannot be encoded as canonical JSON (RFC 8785): ${detail}`, { cause: error });
  }
  if (text === undefined) {
    throw new Error(`canonicalJson: a value of type ${typeof value} has no JSON encoding`);
  }
  return text;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. Throws for a lone surrogate rather than silently writing U+FFFD. */
export function utf8(text: string): Uint8Array {
  if (LONE_SURROGATE.test(text)) {
    throw new Error('utf8: the text contains a lone UTF-16 surrogate, which has no UTF-8 encoding');
  }
  return encoder.encode(text);
}
