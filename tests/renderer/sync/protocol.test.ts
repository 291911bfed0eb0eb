/** The pure parts of the station's sync: SSE parsing, the conflict policy, server addresses. */
import { describe, expect, it } from 'vitest';
import { readEventStream, responseError } from '../../../renderer/db/replication/client';
import { keptCopy, recordTime, sameContent } from '../../../renderer/db/replication/conflicts';
import { normalizeServerUrl, pullResponseProblem, pushResponseProblem } from '../../../renderer/db/replication/protocol';
import { districtServerOf } from '../../../renderer/features/sync/syncSession';
import { verifyPackageText } from '../../../main/services/packageImport';
import { buildUnsignedDemoPackage } from '../../../main/services/demo';
import { generateKeyPair } from '../../../shared/crypto/ed25519';
import { signElectionPackage } from '../../../shared/crypto/signed';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function events(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readEventStream(streamOf(chunks))) out.push(data);
  return out;
}

describe('readEventStream', () => {
  it('yields each event’s data, across chunk borders, with LF, CRLF or CR line ends', async () => {
    expect(await events(['data: "RESYNC"\n\n', 'data: {"a":', '1}\n', '\n'])).toEqual(['"RESYNC"', '{"a":1}']);
    expect(await events(['data: one\r\n\r\ndata: two\r', '\n\r\n'])).toEqual(['one', 'two']);
    expect(await events(['data:x\r\rdata: y\n\n'])).toEqual(['x', 'y']);
  });

  it('joins multi-line data, skips comments and other fields, drops an unfinished event', async () => {
    expect(await events([': ping\n\n', 'event: x\nid: 3\ndata: a\ndata: b\n\n', 'data: unfinished'])).toEqual(['a\nb']);
  });
});

describe('the conflict policy', () => {
  const older = { id: 'x', issuedAt: '2026-12-06T08:00:00.000+08:00' };
  const newer = { id: 'x', issuedAt: '2026-12-06T08:00:00.000+08:00', undoneAt: '2026-12-06T09:00:00.000+08:00' };

  it('append-only collections always keep the district’s copy', () => {
    expect(keptCopy('ballots', { id: 'b', at: '2030-01-01T00:00:00Z' }, { id: 'b', at: '2000-01-01T00:00:00Z' })).toBe('district');
    expect(keptCopy('audit', { id: 'a', at: '2030-01-01T00:00:00Z' }, { id: 'a', at: '2000-01-01T00:00:00Z' })).toBe('district');
  });

  it('other collections keep the station’s copy only when strictly newer by their own time', () => {
    expect(keptCopy('checkins', newer, older)).toBe('station');
    expect(keptCopy('checkins', older, newer)).toBe('district');
    expect(keptCopy('checkins', older, older)).toBe('district');
    expect(keptCopy('machine', { savedAt: '2026-12-06T10:00:00.000Z' }, { savedAt: '2026-12-06T09:00:00.000Z' })).toBe('station');
    expect(keptCopy('setup', { id: 'setup', chair: 'a' }, { id: 'setup', chair: 'b' })).toBe('district');
    expect(keptCopy('trips', { returnedAt: 'garbage' }, { departedAt: '2026-12-06T09:00:00.000Z' })).toBe('district');
  });

  it('compares times as instants, not as text (offsets differ)', () => {
    // 09:30+08:00 is 01:30Z: earlier than 02:00Z although its text sorts later.
    expect(recordTime('spoiled', { at: '2026-12-06T09:30:00.000+08:00' })).toBeLessThan(recordTime('spoiled', { at: '2026-12-06T02:00:00.000Z' }));
    expect(keptCopy('spoiled', { at: '2026-12-06T09:30:00.000+08:00' }, { at: '2026-12-06T02:00:00.000Z' })).toBe('district');
    expect(Number.isNaN(recordTime('setup', { id: 'setup' }))).toBe(true);
  });

  it('compares content without RxDB’s bookkeeping; a missing _deleted is false', () => {
    expect(sameContent({ id: 'x', a: 1, _meta: { lwt: 1 }, _rev: '1-a' }, { a: 1, id: 'x', _deleted: false })).toBe(true);
    expect(sameContent({ id: 'x', a: 1 }, { id: 'x', a: 1, _deleted: true })).toBe(false);
  });
});

describe('the wire', () => {
  it('normalizes the district server address', () => {
    expect(normalizeServerUrl(' https://district.example/ ')).toBe('https://district.example');
    expect(normalizeServerUrl('http://10.0.0.5:8080/district/')).toBe('http://10.0.0.5:8080/district');
    for (const bad of ['ftp://x', 'javascript:alert(1)', 'district.example', 'https://user:pw@x', 'https://x/?a=1', '']) expect(normalizeServerUrl(bad), bad).toBeNull();
  });

  it('checks the shape of pull and push answers', () => {
    expect(pullResponseProblem({ documents: [{ id: 'a', _deleted: false }], checkpoint: { seq: 3 } })).toBeNull();
    expect(pullResponseProblem({ documents: [], checkpoint: null })).toBeNull();
    expect(pullResponseProblem({ documents: [{}], checkpoint: null })).toMatch(/documents\[0\]/);
    expect(pullResponseProblem({ documents: [], checkpoint: { seq: -1 } })).toMatch(/checkpoint/);
    expect(pushResponseProblem([])).toBeNull();
    expect(pushResponseProblem({})).toMatch(/array/);
  });

  it('turns the server’s { code, message, issues } into an issue', async () => {
    const body = { code: 'sync.clockSkew', message: '…', issues: [{ code: 'sync.clockSkew', path: [], params: { timestamp: 't' }, message: '…' }] };
    const error = await responseError(new Response(JSON.stringify(body), { status: 401 }));
    expect(error.issue).toEqual({ code: 'sync.clockSkew', path: [], params: { timestamp: 't' } });
    expect(error.status).toBe(401);
    const other = await responseError(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(other.issue).toEqual({ code: 'sync.httpError', path: [], params: { status: 502, detail: 'Bad Gateway' } });
  });
});

describe('districtServer in the election package', () => {
  const key = generateKeyPair();
  const signed = (extra: Record<string, unknown>) => JSON.stringify(signElectionPackage({ ...buildUnsignedDemoPackage(), ...extra }, key.secretKey));

  it('is optional, signed with the package, and read by the sync panel', () => {
    expect(verifyPackageText(signed({})).ok).toBe(true);
    const outcome = verifyPackageText(signed({ districtServer: 'https://district.example/sync-root/' }));
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && districtServerOf(outcome.value)).toBe('https://district.example/sync-root');
    expect(districtServerOf({})).toBeNull();
  });

  it('must be an http(s) URL', () => {
    for (const bad of ['ftp://district.example', 'javascript:alert(1)', 'district.example', 42]) {
      expect(verifyPackageText(signed({ districtServer: bad })).ok, String(bad)).toBe(false);
    }
  });
});
