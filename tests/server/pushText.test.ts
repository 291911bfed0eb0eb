/**
 * The push body read straight from its bytes (server/sync/pushText.ts): whatever it reads, it
 * reads as the parsed path would (same id, flag and stored fields); whatever the parsed path
 * refuses, it does not read; and the station's own pushes are read, not left to the slow path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromUtf8Bytes } from '../../server/db/pgCopy';
import { documentRevision, readPushRows, splitDoc } from '../../server/sync/documents';
import { PushBodyReader, scanNewDocuments } from '../../server/sync/pushText';
import { seededRandom } from '../../main/services/demo/prng';
import { ballotDocs, stationPackage } from './helpers/fixtures';

const MAX = 10_000;
const bytes = (text: string) => Buffer.from(text, 'utf8');
const newRows = (docs: readonly object[]) => docs.map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } }));

/**
 * What the parsed path makes of the same body (its bytes decoded as the route decodes them): per
 * row the id, the deleted flag and the stored fields.
 */
function parsedPath(source: string): { id: string; deleted: boolean; data: Record<string, unknown> }[] | null {
  const text = bytes(source).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const rows = readPushRows(body, MAX, text);
  if (!rows.ok) return null;
  return rows.rows.map((row) => {
    const { data, deleted } = splitDoc(row.newDocumentState);
    return { id: row.newDocumentState.id, deleted, data };
  });
}

/** The scanner's reading of `text` in the same shape, or null when it leaves the body to the parsed path. */
function scannedPath(text: string | Buffer): { id: string; deleted: boolean; data: Record<string, unknown> }[] | null {
  const scanned = scanNewDocuments(typeof text === 'string' ? bytes(text) : text, MAX);
  return scanned?.map((doc) => ({ id: doc.id, deleted: doc.deleted, data: JSON.parse(fromUtf8Bytes(doc.dataJson)) as Record<string, unknown> })) ?? null;
}

/** The body fed to the reader in pieces cut at `cuts` (byte offsets, any order), as a request's body arrives. */
function readInPieces(body: Buffer, cuts: readonly number[], maxRows = MAX): ReturnType<PushBodyReader['end']> {
  const reader = new PushBodyReader(maxRows);
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    reader.write(body.subarray(from, cut));
    from = cut;
  }
  reader.write(body.subarray(from));
  return reader.end();
}

/** Cuts anywhere in `length` bytes — inside a character's UTF-8 bytes too. */
const cutsOf = (random: () => number, length: number, count: number): number[] => Array.from({ length: count }, () => Math.floor(random() * (length + 1)));

/** Strings that COPY, jsonb and JSON escaping all care about. */
const AWKWARD_TEXT = ['tab\there', 'line\nbreak\r\n', 'back\\slash\\N', '\\.', '"quoted" \\"', '中文 编号·甲', '🗳️ 😀', 'v\u2028w', '\u0001\u001f\u007f', '', 'é', '\\u0000 as text'];

describe('reading a push body from its bytes', () => {
  it("reads the station's own pushes (ballots, check-ins with Chinese text) without the parsed path", () => {
    const election = stationPackage('scan-station').election;
    const text = JSON.stringify(newRows(ballotDocs(election, 300, 7)));
    const scanned = scannedPath(text);
    expect(scanned).not.toBeNull();
    expect(scanned).toEqual(parsedPath(text));
    expect(scanNewDocuments(bytes('[]'), MAX)).toEqual([]);
  });

  it('reads every body it accepts exactly as the parsed path does (generated documents)', () => {
    const key = fc.oneof(fc.constantFrom('id', '_deleted', '_meta', '_rev', '_attachments', 'kind', 'marks', '__proto__', 'i', '_'), fc.string({ maxLength: 4 }));
    const leaf = fc.oneof(
      fc.constantFrom(...AWKWARD_TEXT),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.integer({ min: -1e15 + 1, max: 1e15 - 1 }),
      fc.boolean(),
      fc.constant(null),
      fc.double(),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
    })).node;
    const doc = fc
      .tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom(...AWKWARD_TEXT), fc.integer()), fc.array(fc.tuple(key, value), { maxLength: 6 }), fc.constantFrom(true, false, 'yes', undefined))
      .map(([id, members, deleted]) => ({ id, ...Object.fromEntries(members), ...(deleted === undefined ? {} : { _deleted: deleted }) }));
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 4 }), fc.boolean(), (docs, spaced) => {
        const rows = docs.map((newDocumentState) => ({ assumedMasterState: null, newDocumentState }));
        const text = spaced ? JSON.stringify(rows).replaceAll(',"', ' , "').replaceAll('":', '" :  ') : JSON.stringify(rows);
        const scanned = scannedPath(text);
        if (scanned !== null) expect(scanned).toEqual(parsedPath(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('never reads a body the parsed path refuses or reads differently (random one-character edits)', () => {
    const election = stationPackage('scan-fuzz').election;
    const base = JSON.stringify([
      ...newRows(ballotDocs(election, 3, 11)),
      { newDocumentState: { id: 'awk', text: AWKWARD_TEXT, n: [0, -12, 123456789012345], e: {}, a: [], _meta: { lwt: 1 }, _deleted: true } },
    ]);
    const alphabet = '{}[]":,\\ -0123456789.eEtrufalsn_idu\t\n\u0000中';
    const random = seededRandom(20261129);
    let accepted = 0;
    for (let n = 0; n < 20_000; n++) {
      const at = Math.floor(random() * base.length);
      const char = alphabet[Math.floor(random() * alphabet.length)]!;
      const kind = random();
      const text = kind < 0.34 ? base.slice(0, at) + base.slice(at + 1) : kind < 0.67 ? base.slice(0, at) + char + base.slice(at) : base.slice(0, at) + char + base.slice(at + 1);
      const scanned = scannedPath(text);
      if (scanned === null) continue;
      accepted++;
      expect(scanned, text).toEqual(parsedPath(text));
    }
    // Some edits keep the body valid (a digit for a digit, a letter inside a string): those are read.
    expect(accepted).toBeGreaterThan(1000);
  });

  it('cuts the bookkeeping out wherever it stands, and keeps the last of a repeated id or flag', () => {
    const text = '[{"newDocumentState":{"_rev":"1-a","id":"x","_deleted":true,"a":1,"_meta":{"lwt":2},"b":[1,{"c":"d"}],"_attachments":{},"_deleted":false,"id":"y"}}]';
    expect(scannedPath(text)).toEqual([{ id: 'y', deleted: false, data: { id: 'y', a: 1, b: [1, { c: 'd' }] } }]);
    expect(scannedPath(text)).toEqual(parsedPath(text));
    expect(scanNewDocuments(bytes('[{"newDocumentState":{"id":"a","_deleted":true}}]'), MAX)).toEqual([{ id: 'a', dataJson: '{"id":"a"}', deleted: true }]);
  });

  it("reads a document's revision (`_rev` height) as the parsed path does, and leaves anything else to it", () => {
    const text = JSON.stringify(newRows([{ id: 'a', _rev: '12-tok', v: 1 }, { id: 'b' }]));
    const scanned = scanNewDocuments(bytes(text), MAX)!;
    expect(scanned.map((doc) => doc.rev)).toEqual([12, undefined]);
    expect(scanned.map((doc) => fromUtf8Bytes(doc.dataJson))).toEqual(['{"id":"a","v":1}', '{"id":"b"}']);
    const parsed = readPushRows(JSON.parse(text), MAX, text);
    expect(parsed.ok && parsed.rows.map((row) => documentRevision(row.newDocumentState))).toEqual([12, null]);
    for (const rev of ['0-a', 'x', 5, null, '1-a"b', '1-\\u0061', '1234567890123456-a']) {
      expect(scanNewDocuments(bytes(`[{"newDocumentState":{"id":"a","_rev":${JSON.stringify(rev)}}}]`), MAX), String(rev)).toBeNull();
    }
  });

  it('picks out the time fields the intake checks, as the parsed document has them', () => {
    const text = JSON.stringify(newRows([{ id: 'c', issuedAt: '2026-12-06T08:00:00+08:00', at: 5, undoneAt: null, against: ['x'], other: 'x' }, { id: 'd' }]));
    expect(scanNewDocuments(bytes(text), MAX)!.map((doc) => doc.times)).toEqual([{ issuedAt: '2026-12-06T08:00:00+08:00', at: 5, undoneAt: null }, undefined]);
    // An escaped time is left to the parsed path, which decodes it.
    expect(scanNewDocuments(bytes('[{"newDocumentState":{"id":"a","at":"2026\\u002d12"}}]'), MAX)).toBeNull();
  });

  it('leaves everything outside its subset to the parsed path', () => {
    const one = (doc: string, row = '"assumedMasterState":null,') => `[{${row}"newDocumentState":${doc}}]`;
    const refused: string[] = [
      one('{"id":"a","v":1.5}'),
      one('{"id":"a","v":1e3}'),
      one('{"id":"a","v":-0}'),
      one('{"id":"a","v":1234567890123456}'),
      one('{"id":"a","v":"\\u0000"}'),
      one('{"id":"a","v":"\\ud83d\\ude00"}'),
      one('{"id":"a","v":"\\x"}'),
      one('{"i\\u0064":"a"}'),
      one('{"id":"a","_del\\u0065ted":true}'),
      one('{"id":1}'),
      one('{"id":""}'),
      one(`{"id":"${'x'.repeat(201)}"}`),
      one('{"v":1}'),
      one('{"id":"a"}', '"assumedMasterState":{"id":"a"},'),
      one('{"id":"a"}', '"other":1,'),
      '[{"newDocumentState":{"id":"a"},"newDocumentState":{"id":"b"}}]',
      '[{"assumedMasterState":null}]',
      '[{"newDocumentState":{"id":"a"}}\n]',
      '[{"newDocumentState":{"id":"a",\t"v":1}}]',
      '[{"newDocumentState":{"id":"a"}},]',
      '[{"newDocumentState":{"id":"a"}}] x',
      '[{"newDocumentState":{"id":"a","v":"open}}]',
      '{"newDocumentState":{"id":"a"}}',
      '[1]',
      '',
    ];
    for (const text of refused) expect(scanNewDocuments(bytes(text), MAX), text).toBeNull();
    const nest = (levels: number): string => (levels === 0 ? '1' : `{"n":${nest(levels - 1)}}`);
    expect(scanNewDocuments(bytes(one(`{"id":"a","v":${nest(62)}}`)), MAX)).not.toBeNull();
    expect(scanNewDocuments(bytes(one(`{"id":"a","v":${nest(64)}}`)), MAX)).toBeNull();
    expect(scanNewDocuments(Buffer.from([...bytes('[{"newDocumentState":{"id":"a","v":"'), 0xff, 0xfe, ...bytes('"}}]')]), MAX)).toBeNull();
    const three = JSON.stringify(newRows([{ id: 'a' }, { id: 'b' }, { id: 'c' }]));
    expect(scanNewDocuments(bytes(three), 2)).toBeNull();
    expect(scanNewDocuments(bytes(three), 3)).toHaveLength(3);
  });

  it('keeps non-ASCII ids and text as their UTF-8 bytes', () => {
    const text = JSON.stringify(newRows([{ id: '编号-甲', name: '王芳 🗳️' }]));
    const [doc] = scanNewDocuments(bytes(text), MAX)!;
    expect(doc!.id).toBe('编号-甲');
    expect(scanNewDocuments(bytes(JSON.stringify(newRows([{ id: 'tab\there "q" \\ \u00e9' }]))), MAX)![0]!.id).toBe('tab\there "q" \\ \u00e9');
    expect(scanNewDocuments(bytes('[{"newDocumentState":{"id":"\\u0061\\n"}}]'), MAX)![0]!.id).toBe('a\n');
    expect(Buffer.from(doc!.dataJson, 'latin1').toString('utf8')).toBe('{"id":"编号-甲","name":"王芳 🗳️"}');
  });

  it('reads a body that arrives in pieces exactly as the whole body (random cuts, inside characters too)', () => {
    const election = stationPackage('scan-pieces').election;
    const station = bytes(JSON.stringify(newRows([...ballotDocs(election, 40, 5), { id: '编号-乙', name: '王芳 🗳️', note: 'tab\t"q"\\' }])));
    const whole = scanNewDocuments(station, MAX);
    expect(whole).toHaveLength(41);
    const random = seededRandom(20261207);
    for (let n = 0; n < 300; n++) expect(readInPieces(station, cutsOf(random, station.length, 1 + Math.floor(random() * 40)))).toEqual(whole);
    // One byte at a time.
    expect(readInPieces(station, Array.from({ length: station.length }, (_, i) => i))).toEqual(whole);
  });

  it('in pieces: the same answer as the whole body; what it reads, the parsed path reads the same; what the parsed path refuses, it never reads (edits, generated bodies)', () => {
    const election = stationPackage('scan-pieces-fuzz').election;
    const base = JSON.stringify([
      ...newRows(ballotDocs(election, 2, 13)),
      { newDocumentState: { id: '甲-1', text: AWKWARD_TEXT, n: [0, -12, 123456789012345], _meta: { lwt: 1 }, _deleted: true } },
    ]);
    const alphabet = '{}[]":,\\ -0123456789.eEtrufalsn_idu\t\n\u0000中';
    const random = seededRandom(20261208);
    let accepted = 0;
    for (let n = 0; n < 6000; n++) {
      const at = Math.floor(random() * base.length);
      const char = alphabet[Math.floor(random() * alphabet.length)]!;
      const text = random() < 0.5 ? base.slice(0, at) + base.slice(at + 1) : base.slice(0, at) + char + base.slice(at + 1);
      const body = random() < 0.1 ? Buffer.concat([bytes(text), Buffer.from([0xe4, 0xb8])]) : bytes(text);
      const pieces = readInPieces(body, cutsOf(random, body.length, 1 + Math.floor(random() * 12)));
      expect(pieces, text).toEqual(scanNewDocuments(body, MAX));
      if (pieces === null) continue;
      accepted++;
      expect(pieces.map((doc) => ({ id: doc.id, deleted: doc.deleted, data: JSON.parse(fromUtf8Bytes(doc.dataJson)) as unknown })), text).toEqual(parsedPath(text));
    }
    expect(accepted).toBeGreaterThan(300);
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.string({ unit: 'grapheme', maxLength: 5 }), fc.integer(), fc.constantFrom(...AWKWARD_TEXT))), { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 8 }), (fields, cuts) => {
        const body = bytes(JSON.stringify(newRows(fields.map((extra, i) => ({ ...extra, id: `d${i}` })))));
        const pieces = readInPieces(body, cuts.map((cut) => cut % (body.length + 1)));
        expect(pieces).toEqual(scanNewDocuments(body, MAX));
        // A subset of what the parsed path reads (an escaped key is left to it): what it reads, it reads the same.
        const parsed = parsedPath(body.toString('utf8'));
        if (parsed === null) expect(pieces).toBeNull();
        if (pieces !== null) expect(pieces.map((doc) => ({ id: doc.id, deleted: doc.deleted, data: JSON.parse(fromUtf8Bytes(doc.dataJson)) as unknown }))).toEqual(parsed);
      }),
      { numRuns: 500 },
    );
    // The row limit counts across pieces.
    const three = bytes(JSON.stringify(newRows([{ id: 'a' }, { id: 'b' }, { id: 'c' }])));
    expect(readInPieces(three, [5, 40, 41], 2)).toBeNull();
    expect(readInPieces(three, [5, 40, 41], 3)).toHaveLength(3);
  });

  it('reads a huge row cut into many pieces', () => {
    const big = bytes(JSON.stringify(newRows([{ id: 'big', items: Array.from({ length: 40_000 }, (_, i) => `项目-${i}`) }, { id: 'after' }])));
    const cuts = Array.from({ length: Math.floor(big.length / 997) }, (_, i) => (i + 1) * 997);
    const pieces = readInPieces(big, cuts);
    expect(pieces?.map((doc) => doc.id)).toEqual(['big', 'after']);
    expect(pieces).toEqual(scanNewDocuments(big, MAX));
  });
});
