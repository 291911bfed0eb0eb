/**
 * A station's pushes sent the fast way the protocol allows: several at once on one keep-alive
 * connection (HTTP/1.1 pipelining), the next sent before the answer to the one before, each
 * signed as docs/SYNC.md says. The server stores them in the order sent (server/sync/pushOrder.ts)
 * and answers in that order. Each body is encoded in one JSON.stringify, as the station's
 * replication encodes its batch, while the pushes before it are in flight; it is sent (and signed,
 * so its timestamp is fresh) once fewer than `window` are unanswered.
 */
import { connect, type Socket } from 'node:net';
import type { WireDoc } from '../../../server/sync/documents';
import { signSyncRequest } from '../../../server/sync/signing';
import { SyncError, type StationIdentity } from './client';

/** A push body's bytes, `[row,row,…]`. */
const encodeRows = (rows: readonly unknown[]): Buffer => Buffer.from(JSON.stringify(rows), 'utf8');

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** HTTP/1.1 answers read off one connection, in order. */
class AnswerReader {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve: (answer: Answer) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | null = null;

  constructor(socket: Socket) {
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
    };
    socket.on('data', (data: Buffer) => {
      this.buffered = this.buffered.length === 0 ? data : Buffer.concat([this.buffered, data]);
      try {
        this.deliver();
      } catch (error) {
        fail(error as Error);
        socket.destroy();
      }
    });
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the connection closed before every answer came')));
  }

  next(): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.deliver();
    });
  }

  private deliver(): void {
    while (this.waiting.length > 0) {
      const end = this.buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = this.buffered.toString('latin1', 0, end);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1]);
      if (!Number.isFinite(status) || !Number.isFinite(length)) throw new Error(`unexpected answer head: ${head}`);
      if (this.buffered.length < end + 4 + length) return;
      const body = JSON.parse(this.buffered.toString('utf8', end + 4, end + 4 + length)) as unknown;
      this.buffered = this.buffered.subarray(end + 4 + length);
      this.waiting.shift()!.resolve({ status, body });
    }
  }
}

/**
 * Push `batches` (each a list of push rows) to `collection` in order, at most `window` unanswered
 * at a time on one connection; the conflicts of each push, in order. Throws a SyncError on the
 * first push answered with an error (the ones already sent are still stored in order).
 */
export async function pushPipelined(baseUrl: string, identity: StationIdentity, collection: string, batches: readonly (readonly unknown[])[], window: number): Promise<WireDoc[][]> {
  const url = new URL(baseUrl);
  const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const answers = new AnswerReader(socket);
  const path = `/sync/v1/${collection}/push`;
  const conflicts: WireDoc[][] = [];
  const unanswered: Promise<Answer>[] = [];
  const settle = async () => {
    const answer = await unanswered.shift()!;
    if (answer.status !== 200) throw new SyncError(answer.status, answer.body as SyncError['body']);
    conflicts.push(answer.body as WireDoc[]);
  };
  try {
    for (const rows of batches) {
      const body = encodeRows(rows);
      while (unanswered.length >= window) await settle();
      const signed = signSyncRequest({ method: 'POST', path, body, stationId: identity.stationId, secretKey: identity.secretKey });
      const head = [`POST ${path} HTTP/1.1`, `host: ${url.host}`, 'content-type: application/json', `content-length: ${body.length}`, ...Object.entries(signed).map(([name, value]) => `${name}: ${value}`)];
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      socket.write(body);
      unanswered.push(answers.next());
    }
    while (unanswered.length > 0) await settle();
    return conflicts;
  } finally {
    socket.end();
    // Answers never awaited after a failure: their rejection is expected.
    for (const pending of unanswered) pending.catch(() => undefined);
  }
}
