/**
 * The push ingest path: all-new pushes go in by one COPY per push (the fast path), anything
 * else by the general path; both keep the guarantees of docs/SYNC.md. Also the quick check of a
 * push body's text (same answers as the full walk) and the test-only fault plan.
 */
import fc from 'fast-check';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/crypto/canonical';
import { copyJsonField, copyTextField } from '../../server/db/pgCopy';
import { jsonTextHasPlainStrings, pullDocuments, pushRows, readPushRows, type PushRow, type WireDoc } from '../../server/sync/documents';
import { scanNewDocuments } from '../../server/sync/pushText';
import { killHook, parseFaultPlan } from '../../server/sync/faults';
import { signSyncRequest } from '../../server/sync/signing';
import { BACKENDS, startTestServer, type TestServer } from './helpers/backends';
import { StationClient } from './helpers/client';
import { ballotDocs, enrolTestStation } from './helpers/fixtures';

const row = (doc: Record<string, unknown>, assumed: Record<string, unknown> | null = null): PushRow => ({
  assumedMasterState: assumed === null ? null : ({ _deleted: false, ...assumed } as WireDoc),
  newDocumentState: { _deleted: false, ...doc } as WireDoc,
});

/** Ids and values that COPY's text format must escape, and text jsonb must keep exactly. */
const AWKWARD: Record<string, unknown>[] = [
  { id: 'tab\there', text: 'a\tb' },
  { id: 'line\nbreak\r\n', text: 'x\ny\rz' },
  { id: 'back\\slash\\N', text: 'C:\\path\\to\\N', quote: '"quoted" \\"' },
  { id: '\\.', text: '\\.' },
  { id: '中文 编号·甲', text: '监票人 王芳', emoji: '🗳️ 😀', nested: { deep: [1, 2.5, -0, 1e21, null, true, { k: 'v\u2028' }] } },
  { id: 'controls', text: '\u0001\u001f\u007f', empty: '', arr: [] },
];

describe.each(BACKENDS)('push ingest on $name', (backend) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  it('stores awkward ids and values exactly (COPY escaping), and a retry changes nothing', async () => {
    const station = await enrolTestStation(t.db, 'push-awkward');
    const client = new StationClient(t.server.url, station);
    const rows = AWKWARD.map((doc) => row(doc));
    expect(await client.push('audit', rows)).toEqual([]);
    const stored = await t.db.query<{ id: string; data: Record<string, unknown>; deleted: boolean }>(
      `SELECT id, data, deleted FROM documents WHERE station_id = $1 AND collection = 'audit' ORDER BY seq`,
      [station.stationId],
    );
    expect(stored.map((r) => r.id)).toEqual(AWKWARD.map((doc) => doc.id));
    expect(stored.map((r) => canonicalJson(r.data))).toEqual(AWKWARD.map((doc) => canonicalJson(doc)));
    expect(stored.every((r) => r.deleted === false)).toBe(true);

    const before = await t.db.query<{ seq: number }>(`SELECT max(seq) AS seq FROM documents`);
    expect(await client.push('audit', rows)).toEqual([]);
    expect(await t.db.query(`SELECT max(seq) AS seq FROM documents`)).toEqual(before);
    const pulled = await client.pullAll('audit');
    expect(pulled.documents.map((doc) => canonicalJson(doc))).toEqual(AWKWARD.map((doc) => canonicalJson({ ...doc, _deleted: false })));
  });

  it('an all-new push read from its bytes stores exactly what the parsed path stores; its retry changes nothing', async () => {
    const fromBytes = await enrolTestStation(t.db, 'push-bytes');
    const parsed = await enrolTestStation(t.db, 'push-parsed');
    // AWKWARD with whole numbers only (the byte reader leaves fractions to the parsed path).
    const docs = AWKWARD.map((doc, i) => ({ ...doc, n: [0, -i, 123456789012345], nested: { deep: [1, null, true, { k: 'v\u2028' }] }, _meta: { lwt: i } }));
    const rows = docs.map((doc) => row(doc));
    expect(scanNewDocuments(Buffer.from(JSON.stringify(rows)), 10_000)).toHaveLength(docs.length);
    expect(await new StationClient(t.server.url, fromBytes).push('audit', rows)).toEqual([]);
    await pushRows(t.db, parsed.stationId, 'audit', rows);
    const stored = (stationId: string) =>
      t.db.query<{ id: string; data: string; deleted: boolean }>(`SELECT id, data::text AS data, deleted FROM documents WHERE station_id = $1 ORDER BY seq`, [stationId]);
    const viaBytes = await stored(fromBytes.stationId);
    expect(viaBytes.map((r) => r.id)).toEqual(AWKWARD.map((doc) => doc.id));
    expect(viaBytes).toEqual(await stored(parsed.stationId));
    expect(viaBytes.map((r) => canonicalJson(JSON.parse(r.data)))).toEqual(docs.map(({ _meta, ...data }) => canonicalJson(data)));

    const before = await t.db.query<{ seq: number }>(`SELECT max(seq) AS seq FROM documents`);
    expect(await new StationClient(t.server.url, fromBytes).push('audit', rows)).toEqual([]);
    expect(await t.db.query(`SELECT max(seq) AS seq FROM documents`)).toEqual(before);
  });

  it('a body that trickles in, cut inside characters, is read as it arrives and stored as the whole would be', async () => {
    const trickled = await enrolTestStation(t.db, 'push-trickle');
    const whole = await enrolTestStation(t.db, 'push-whole');
    const docs: Record<string, unknown>[] = AWKWARD.map((doc, i) => ({ ...doc, n: [i], note: '监票人 王芳 🗳️'.repeat(i + 1) }));
    const body = Buffer.from(JSON.stringify(docs.map((doc) => row(doc))), 'utf8');
    const path = '/sync/v1/audit/push';
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const outgoing = request(`${t.server.url}${path}`, {
        method: 'POST',
        headers: { ...signSyncRequest({ method: 'POST', path, body, stationId: trickled.stationId, secretKey: trickled.secretKey }), 'content-type': 'application/json', 'content-length': String(body.length) },
      });
      outgoing.on('response', (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text }));
      });
      outgoing.on('error', reject);
      outgoing.flushHeaders();
      // Pieces of 7 bytes, each its own packet a moment apart: many cut a Chinese character or an emoji.
      void (async () => {
        for (let at = 0; at < body.length; at += 7) {
          outgoing.write(body.subarray(at, at + 7));
          await new Promise((resolveWait) => setTimeout(resolveWait, 1));
        }
        outgoing.end();
      })();
    });
    expect(answer).toEqual({ status: 200, text: '[]' });
    expect(await new StationClient(t.server.url, whole).push('audit', docs.map((doc) => row(doc)))).toEqual([]);
    const stored = (stationId: string) => t.db.query<{ id: string; data: string }>(`SELECT id, data::text AS data FROM documents WHERE station_id = $1 ORDER BY seq`, [stationId]);
    expect(await stored(trickled.stationId)).toEqual(await stored(whole.stationId));
    expect((await stored(trickled.stationId)).map((r) => r.id)).toEqual(docs.map((doc) => doc.id));
  });

  it('hands out sequence numbers in row order, and the stream and pull see the last one', async () => {
    const station = await enrolTestStation(t.db, 'push-order');
    const docs = ballotDocs(station.election, 700, 3);
    const outcome = await pushRows(t.db, station.stationId, 'ballots', docs.map((doc) => row(doc as unknown as Record<string, unknown>)));
    expect(outcome).toEqual({ conflicts: [], written: 700 });
    const stored = await t.db.query<{ id: string; seq: number }>(`SELECT id, seq FROM documents WHERE station_id = $1 ORDER BY seq`, [station.stationId]);
    expect(stored.map((r) => r.id)).toEqual(docs.map((doc) => doc.id));
    const page = await pullDocuments(t.db, station.stationId, 'ballots', null, 2000);
    expect(page.checkpoint).toEqual({ seq: stored[stored.length - 1]!.seq });
  });

  it('a stored document far into a long push: the COPY already streaming is undone, the general path stores the rest in order', async () => {
    const station = await enrolTestStation(t.db, 'push-late-duplicate');
    const docs = ballotDocs(station.election, 700, 5).map((doc) => doc as unknown as Record<string, unknown>);
    expect((await pushRows(t.db, station.stationId, 'ballots', [row(docs[600]!)])).written).toBe(1);
    const outcome = await pushRows(t.db, station.stationId, 'ballots', docs.map((doc) => row(doc)));
    expect(outcome).toEqual({ conflicts: [], written: 699 });
    const stored = await t.db.query<{ id: string }>(`SELECT id FROM documents WHERE station_id = $1 ORDER BY seq`, [station.stationId]);
    expect(stored.map((r) => r.id)).toEqual([docs[600]!.id, ...docs.filter((_, i) => i !== 600).map((doc) => doc.id)]);
  });

  it('a COPY whose data fails while streaming writes nothing', async () => {
    const station = await enrolTestStation(t.db, 'push-copy-fails');
    function* chunks(): Generator<Uint8Array<ArrayBuffer>> {
      yield new TextEncoder().encode(`${station.stationId}\tballots\tfirst\t{}\tf\n`);
      throw new Error('the data ran out');
    }
    await expect(t.db.transaction((tx) => tx.copyFrom('documents (station_id, collection, id, data, deleted)', chunks()))).rejects.toThrow('the data ran out');
    expect(await t.db.query(`SELECT 1 FROM documents WHERE station_id = $1`, [station.stationId])).toEqual([]);
  });

  it('keeps a deleted flag and drops RxDB bookkeeping', async () => {
    const station = await enrolTestStation(t.db, 'push-meta');
    const doc = { id: 'trip-1', status: 'out', _deleted: true, _meta: { lwt: 1 }, _rev: '1-abc', _attachments: {} };
    expect((await pushRows(t.db, station.stationId, 'trips', [{ assumedMasterState: null, newDocumentState: doc }])).written).toBe(1);
    const stored = await t.db.query<{ data: Record<string, unknown>; deleted: boolean }>(`SELECT data, deleted FROM documents WHERE station_id = $1`, [station.stationId]);
    expect(stored).toEqual([{ data: { id: 'trip-1', status: 'out' }, deleted: true }]);
  });

  it('a push mixing new and stored documents: the new ones go in, changes to ballots are conflicts, nothing is half-written', async () => {
    const station = await enrolTestStation(t.db, 'push-mixed');
    const [a, b, c, d] = ballotDocs(station.election, 4, 9) as unknown as Record<string, unknown>[];
    expect((await pushRows(t.db, station.stationId, 'ballots', [row(a!), row(b!)])).written).toBe(2);
    const changedB = { ...b!, status: 'blank', marks: null };
    const outcome = await pushRows(t.db, station.stationId, 'ballots', [row(c!), row(a!), row(changedB, b), row(d!)]);
    expect(outcome.written).toBe(2);
    expect(outcome.conflicts.map((doc) => canonicalJson(doc))).toEqual([canonicalJson({ ...b!, _deleted: false })]);
    const ids = await t.db.query<{ id: string }>(`SELECT id FROM documents WHERE station_id = $1 ORDER BY seq`, [station.stationId]);
    expect(ids.map((r) => r.id)).toEqual([a!.id, b!.id, c!.id, d!.id]);

    // The same id twice in one push: the fast path's COPY refuses it, the general path applies it.
    const e = { id: 'setup-1', staff: ['甲'] };
    const e2 = { id: 'setup-1', staff: ['甲', '乙'] };
    const twice = await pushRows(t.db, station.stationId, 'setup', [row(e), row(e2, e)]);
    expect(twice.conflicts).toEqual([]);
    const setup = await t.db.query<{ data: unknown }>(`SELECT data FROM documents WHERE station_id = $1 AND collection = 'setup'`, [station.stationId]);
    expect(setup).toEqual([{ data: e2 }]);
  });

  it('runs the before-commit hook inside the transaction: a failure there leaves nothing behind', async () => {
    const station = await enrolTestStation(t.db, 'push-hook');
    const docs = ballotDocs(station.election, 50, 4).map((doc) => row(doc as unknown as Record<string, unknown>));
    let called = 0;
    await expect(
      pushRows(t.db, station.stationId, 'ballots', docs, 'push', {
        beforeCommit: async () => {
          called++;
          // Not visible outside the transaction yet (PGlite has one connection: it would wait for this one).
          if (t.db.kind === 'pg') {
            const outside = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE station_id = $1`, [station.stationId]);
            expect(outside[0]!.n).toBe(0);
          }
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(called).toBe(1);
    expect(await t.db.query(`SELECT 1 FROM documents WHERE station_id = $1`, [station.stationId])).toEqual([]);
  });
});

describe('the quick check of a push body', () => {
  const MAX = 10_000;
  const check = (body: unknown) => {
    const text = JSON.stringify(body);
    return { quick: readPushRows(JSON.parse(text), MAX, text), full: readPushRows(JSON.parse(text), MAX) };
  };
  const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { n: nest(levels - 1) });

  it('gives the same answer as the full walk', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: 'binary' }),
        fc.constantFrom('\u0000', '\uD800', 'a\uDC00', '\uD83D\uDE00', '\\u0000', 'plain', '中文'),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const doc = fc.record({ id: fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 3 }), fc.integer()), v: value });
    fc.assert(
      fc.property(fc.array(fc.record({ assumedMasterState: fc.option(doc), newDocumentState: doc }), { maxLength: 4 }), (body) => {
        const { quick, full } = check(body);
        expect(quick).toEqual(full);
      }),
      { numRuns: 400 },
    );
  });

  it('still refuses U+0000, lone surrogates and nesting deeper than 64, and accepts 64', () => {
    for (const bad of ['\u0000', 'x\uD800', '\uDC00y']) {
      const { quick } = check([{ assumedMasterState: null, newDocumentState: { id: 'a', v: bad } }]);
      expect(quick.ok).toBe(false);
    }
    expect(check([{ assumedMasterState: null, newDocumentState: { id: 'a', v: nest(64) } }]).quick.ok).toBe(true);
    const deep = check([{ assumedMasterState: null, newDocumentState: { id: 'a', v: nest(65) } }]);
    expect(deep.quick).toEqual(deep.full);
    expect(deep.quick.ok).toBe(false);
    const deepAssumed = check([{ assumedMasterState: { id: 'a', v: nest(70) }, newDocumentState: { id: 'a' } }]);
    expect(deepAssumed.quick.ok).toBe(false);
    expect(jsonTextHasPlainStrings('{"a":"\\u0000"}')).toBe(false);
    expect(jsonTextHasPlainStrings('{"a":"\\ud83d\\ude00"}')).toBe(false); // looks closer; the walk then accepts it
    expect(jsonTextHasPlainStrings('{"a":"中文 \\n \\u00e9"}')).toBe(true);
  });
});

describe('COPY text fields', () => {
  it('escapes backslash, tab, newline and carriage return, and only those', () => {
    expect(copyTextField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyTextField('plain 中文 "q"')).toBe('plain 中文 "q"');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.stringify(value);
        expect(copyJsonField(json)).toBe(copyTextField(json));
      }),
    );
  });
});

describe('the test-only fault plan (DISTRICT_TEST_KILL_AT)', () => {
  it('reads point[:N] and refuses anything else', () => {
    expect(parseFaultPlan(undefined)).toBeNull();
    expect(parseFaultPlan('')).toBeNull();
    expect(parseFaultPlan('push-after-insert')).toEqual({ point: 'push-after-insert', nth: 1 });
    expect(parseFaultPlan('push-after-commit:3')).toEqual({ point: 'push-after-commit', nth: 3 });
    for (const bad of ['push-after-insrt', 'push-after-insert:0', 'push-after-insert:x', 'kill']) expect(() => parseFaultPlan(bad)).toThrow(/DISTRICT_TEST_KILL_AT/);
  });

  it('kills at the Nth arrival at its point only', async () => {
    const kills: string[] = [];
    const hook = killHook({ point: 'push-after-insert', nth: 2 }, () => {
      kills.push('kill');
      throw new Error('killed');
    });
    await hook('push-after-commit', 'ballots a, 1 rows');
    await hook('push-after-insert', 'ballots a, 1 rows');
    expect(kills).toEqual([]);
    await expect(hook('push-after-insert', 'ballots b, 1 rows')).rejects.toThrow('killed');
    await hook('push-after-insert', 'ballots c, 1 rows');
    expect(kills).toEqual(['kill']);
  });
});
