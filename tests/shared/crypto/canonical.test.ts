import { seededRandom } from '../../../main/services/demo/prng';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, utf8 } from '../../../shared/crypto';

/** The double whose IEEE-754 bits are `hex` (RFC 8785 Appendix B lists numbers this way). */
function double(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

/** Rebuilds `value` with every object's keys in a shuffled order (same content). */
function shuffleKeys(value: unknown, next: () => number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, next));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, shuffleKeys(item, next)]));
}

describe('canonicalJson — RFC 8785 vectors', () => {
  it('RFC 8785 §3.2.2: the sample object', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('RFC 8785 §3.2.3: keys sorted by UTF-16 code units', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('sorts nested keys and keeps array order', () => {
    expect(canonicalJson({ b: [3, 1, { z: 1, a: 2 }], a: { y: null, x: 'v' } })).toBe('{"a":{"x":"v","y":null},"b":[3,1,{"a":2,"z":1}]}');
    expect(canonicalJson({ B: 1, a: 2, _: 3 })).toBe('{"B":1,"_":3,"a":2}');
  });

  it('RFC 8785 Appendix B: number serialization', () => {
    const vectors: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, expected] of vectors) expect(canonicalJson(double(bits)), bits).toBe(expected);
    expect(canonicalJson([1e21, 1e20, -0, 0.1, 100])).toBe('[1e+21,100000000000000000000,0,0.1,100]');
  });

  it('escapes only what JSON requires, in lowercase hex', () => {
    expect(canonicalJson('\u0000\u001f\b\t\n\f\r"\\/')).toBe('"\\u0000\\u001f\\b\\t\\n\\f\\r\\"\\\\/"');
    expect(canonicalJson('王芳 €\u2028\u007f')).toBe('"王芳 €\u2028\u007f"');
  });

  it('throws a clear Error for values JCS cannot encode', () => {
    expect(() => canonicalJson(undefined)).toThrow(/no JSON encoding/);
    expect(() => canonicalJson(() => 1)).toThrow(/no JSON encoding/);
    expect(() => canonicalJson(NaN)).toThrow(/canonical JSON.*NaN/);
    expect(() => canonicalJson({ a: [Infinity] })).toThrow(/Infinity/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/canonicalJson/);
    expect(() => canonicalJson({ a: '\ud800' })).toThrow(/surrogate/i);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/Circular/);
  });

  it('drops undefined members as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});

describe('canonicalJson — properties', () => {
  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        expect(canonicalJson(shuffleKeys(value, seededRandom(seed)))).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it('is a fixed point: parse(canonical(x)) canonicalizes to the same text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('utf8', () => {
  it('encodes text as UTF-8', () => {
    expect([...utf8('a€😀')]).toEqual([0x61, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it('refuses a lone surrogate instead of writing U+FFFD', () => {
    expect(() => utf8('a\udc00')).toThrow(/surrogate/);
    expect(() => utf8('\ud83d')).toThrow(/surrogate/);
  });
});
