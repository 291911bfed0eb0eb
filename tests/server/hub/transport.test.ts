/**
 * The hub's transport on loopback addresses as separate machines (issue 16): the pinned
 * certificate (nothing is sent to another one; a relay with its own certificate cannot use a
 * typed code), LAN off / on, offline told from an answer, and the bytes on the wire — a relay
 * records them while the roll is pulled and a check-in pushed and pulled: no name, no ID tail.
 */
import { createServer as createTcpServer, connect as tcpConnect, type Server as TcpServer, type Socket } from 'node:net';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../shared/crypto/ed25519';
import { describeIssue } from '../../../shared/election/issues';
import { encodePairingOffer, decodePairingOffer, HUB_PATH } from '../../../shared/hub/protocol';
import { createHubCertificate } from '../../../server/hub/certificate';
import { HubCertificateError, HubClient, HubRefusal, pairWithHub } from '../../../server/hub/client';
import { connectPinned, exchangeOn } from '../../../server/hub/pinnedTls';
import { checkin, machineDoc, setupDoc } from './recordsFixture';
import { SOFTWARE_VERSION, startTestHub, type TestHub } from './helpers';

let t: TestHub;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  // The lead on 127.0.0.2 (LAN on there), the desks dial it from .3/.4.
  t = await startTestHub({ listen: { host: '127.0.0.2', port: 0 } });
}, 60_000);
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await t?.close();
});

/** Listen on `host`; closed (every connection with it) after the tests. */
function listening<S extends TcpServer | TlsServer | HttpsServer>(server: S, host: string): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => sockets.add(socket));
  closers.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  );
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as { port: number }).port)));
}

const pairOptions = { deskName: '发票台 1', role: 'checkin', softwareVersion: SOFTWARE_VERSION } as const;

describe('the pinned certificate', () => {
  it('refuses a server with another certificate before a byte of the request is written', async () => {
    const impostor = createHubCertificate();
    const received: Buffer[] = [];
    const server = createTlsServer({ key: impostor.key, cert: impostor.cert }, (socket) => socket.on('data', (chunk: Buffer) => received.push(chunk)));
    const port = await listening(server, '127.0.0.4');
    const paired = await pairWithHub({ offer: await t.hub.offer(), ...pairOptions });
    const client = new HubClient({
      hub: `https://127.0.0.4:${port}`,
      fingerprint: paired.fingerprint,
      identity: { deskId: paired.desk.deskId, secretKey: paired.secretKey, stationId: t.station.stationId, electionHash: t.station.electionHash, softwareVersion: SOFTWARE_VERSION },
    });
    const error = await client.request('POST', `${HUB_PATH}/checkins/push`, '[]').then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HubCertificateError);
    const refusal = error as HubCertificateError;
    expect(refusal.seen).toBe(impostor.fingerprint);
    expect(refusal.pinned).toBe(t.hub.fingerprint);
    expect(describeIssue(refusal.issues[0]!, 'zh-CN')).toContain('证书与配对时记录的不一致');
    expect(describeIssue(refusal.issues[0]!, 'en')).toContain('nothing was sent');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(Buffer.concat(received).length).toBe(0);

    // An offer (QR) whose fingerprint is not the server's is refused the same way.
    const offer = { ...(await t.hub.offer()), hub: `https://127.0.0.4:${port}` };
    await expect(pairWithHub({ offer: decodePairingOffer(encodePairingOffer(offer))!, ...pairOptions })).rejects.toBeInstanceOf(HubCertificateError);
    expect(Buffer.concat(received).length).toBe(0);
  });

  it('makes a typed code useless to a relay that shows its own certificate (the proof names the certificate the desk saw)', async () => {
    const relayTls = createHubCertificate();
    const hubUrl = new URL(t.hub.url);
    const relay = createHttpsServer({ key: relayTls.key, cert: relayTls.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void (async () => {
          // The relay forwards the desk's request to the real hub, pinned to the hub's certificate.
          const { socket } = await connectPinned(hubUrl, t.hub.fingerprint, 5000);
          const answer = await exchangeOn(socket, hubUrl, { method: req.method as 'POST', path: req.url!, headers: {}, body: Buffer.concat(chunks).toString('utf8') }, 5000);
          const body = answer.kind === 'answer' ? answer.body : '{}';
          res.writeHead(answer.kind === 'answer' ? answer.status : 502, { 'content-type': 'application/json' });
          res.end(body);
        })();
      });
    });
    const port = await listening(relay, '127.0.0.4');
    const offer = await t.hub.offer();
    const error = await pairWithHub({ hub: `127.0.0.4:${port}`, code: offer.code, ...pairOptions }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HubRefusal);
    expect((error as HubRefusal).issues[0]!.code).toBe('hub.codeWrong');
    // The same code typed at the real hub pairs: the relay did not use it up.
    const paired = await pairWithHub({ hub: t.hub.url, code: offer.code, ...pairOptions });
    expect(paired.fingerprint).toBe(t.hub.fingerprint);
  });
});

describe('listening', () => {
  it('answers on loopback only while the LAN is off, and on the LAN address once it is on', async () => {
    const paired = await pairWithHub({ offer: await t.hub.offer(), ...pairOptions });
    const identity = { deskId: paired.desk.deskId, secretKey: paired.secretKey, stationId: t.station.stationId, electionHash: t.station.electionHash, softwareVersion: SOFTWARE_VERSION };
    const at = (host: string, port: number) => new HubClient({ hub: `https://${host}:${port}`, fingerprint: t.hub.fingerprint, identity, timeoutMs: 3000 });

    // LAN off: 127.0.0.1 only.
    await t.hub.relisten({ host: '127.0.0.1', port: 0 });
    const port = t.hub.listen.port;
    expect(t.hub.url).toBe(`https://127.0.0.1:${port}`);
    expect(await at('127.0.0.2', port).request('GET', `${HUB_PATH}/hello`)).toEqual({ kind: 'offline', reason: 'ECONNREFUSED' });
    const hello = await at('127.0.0.1', port).request('GET', `${HUB_PATH}/hello`);
    expect(hello).toMatchObject({ kind: 'answer', status: 200 });
    // The hub says how long it took itself (Server-Timing), apart from the link: the benchmark's hub commit.
    expect(hello.kind === 'answer' ? hello.hubMs : undefined).toBeGreaterThanOrEqual(0);

    // LAN on, on 127.0.0.2 and the same port.
    await t.hub.relisten({ host: '127.0.0.2', port });
    expect(t.hub.url).toBe(`https://127.0.0.2:${port}`);
    expect(await at('127.0.0.2', port).request('GET', `${HUB_PATH}/hello`)).toMatchObject({ kind: 'answer', status: 200 });
    expect(await at('127.0.0.1', port).request('GET', `${HUB_PATH}/hello`)).toEqual({ kind: 'offline', reason: 'ECONNREFUSED' });

    // An address that cannot be bound is refused, and the hub stays where it was.
    const squatter = createTcpServer();
    const taken = await listening(squatter, '127.0.0.4');
    await expect(t.hub.relisten({ host: '127.0.0.4', port: taken })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(t.hub.listen).toEqual({ host: '127.0.0.2', port });
    expect(await at('127.0.0.2', port).request('GET', `${HUB_PATH}/hello`)).toMatchObject({ kind: 'answer', status: 200 });
  });

  it('tells offline (refused, silent, reset) from an answer', async () => {
    const paired = await pairWithHub({ offer: await t.hub.offer(), ...pairOptions });
    const identity = { deskId: paired.desk.deskId, secretKey: paired.secretKey, stationId: t.station.stationId, electionHash: t.station.electionHash, softwareVersion: SOFTWARE_VERSION };
    const silent = createTcpServer(() => undefined);
    const silentPort = await listening(silent, '127.0.0.5');
    const resetting = createTcpServer((socket: Socket) => socket.resetAndDestroy());
    const resetPort = await listening(resetting, '127.0.0.5');
    const client = (port: number) => new HubClient({ hub: `https://127.0.0.5:${port}`, fingerprint: paired.fingerprint, identity, timeoutMs: 700 });
    expect(await client(silentPort).request('GET', `${HUB_PATH}/hello`)).toEqual({ kind: 'offline', reason: 'timeout' });
    expect(await client(resetPort).request('GET', `${HUB_PATH}/hello`)).toEqual({ kind: 'offline', reason: 'ECONNRESET' });
    // A refusal is an answer, not offline.
    const revoked = paired.client;
    await t.hub.revoke(paired.desk.deskId);
    expect(await revoked.request('GET', `${HUB_PATH}/hello`)).toMatchObject({ kind: 'answer', status: 401 });
  });
});

describe('a slow hub is not an offline one', () => {
  /** A TLS server with its own certificate that answers every request after `delayMs`. */
  async function slowHub(delayMs: number): Promise<{ url: string; fingerprint: string; served: () => number }> {
    const certificate = createHubCertificate();
    let served = 0;
    const server = createHttpsServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
      req.resume();
      setTimeout(() => {
        served++;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }, delayMs);
    });
    const port = await listening(server, '127.0.0.5');
    return { url: `https://127.0.0.5:${port}`, fingerprint: certificate.fingerprint, served: () => served };
  }
  const identity = { deskId: 'desk-slow', secretKey: generateKeyPair().secretKey, stationId: 'S', electionHash: 'h', softwareVersion: SOFTWARE_VERSION };
  const bounds = { connectMs: 600, answerMs: 2500 };

  it('an answer slower than connecting may take is waited for; past the answer’s bound it is `slow`, not a timeout', async () => {
    const hub = await slowHub(1200);
    const client = new HubClient({ hub: hub.url, fingerprint: hub.fingerprint, identity, bounds });
    // 1.2 s: twice the connection's bound, within the answer's — an answer.
    const started = Date.now();
    expect(await client.request('POST', `${HUB_PATH}/checkin`, '{}')).toMatchObject({ kind: 'answer', status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1100);
    // Six at once over four connections: the two queued behind busy connections wait past
    // connectMs for one — the hub holds the others: slow, not offline; all answered.
    const many = await Promise.all(Array.from({ length: 6 }, () => client.request('GET', `${HUB_PATH}/hello`)));
    expect(many.map((outcome) => outcome.kind)).toEqual(Array(6).fill('answer'));
    client.close();

    const slower = await slowHub(4000);
    const waiting = new HubClient({ hub: slower.url, fingerprint: slower.fingerprint, identity, bounds });
    const began = Date.now();
    const outcome = await waiting.request('POST', `${HUB_PATH}/checkin`, '{}');
    const waited = Date.now() - began;
    expect(outcome).toMatchObject({ kind: 'offline', slow: true });
    expect(waited).toBeGreaterThanOrEqual(2400);
    expect(waited).toBeLessThan(3900);
    waiting.close();
  }, 30_000);

  it('refused, silent (no handshake) and reset are offline within the connection’s bound, never `slow`', async () => {
    const silent = createTcpServer(() => undefined);
    const silentPort = await listening(silent, '127.0.0.5');
    const resetting = createTcpServer((socket: Socket) => socket.resetAndDestroy());
    const resetPort = await listening(resetting, '127.0.0.5');
    const closed = createTcpServer();
    const closedPort = await listening(closed, '127.0.0.5');
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const at = (port: number) => new HubClient({ hub: `https://127.0.0.5:${port}`, fingerprint: 'f'.repeat(64), identity, bounds });
    const began = Date.now();
    expect(await at(silentPort).request('GET', `${HUB_PATH}/hello`)).toEqual({ kind: 'offline', reason: 'timeout' });
    expect(Date.now() - began).toBeLessThan(2000);
    expect(await at(resetPort).request('GET', `${HUB_PATH}/hello`)).toEqual({ kind: 'offline', reason: 'ECONNRESET' });
    expect(await at(closedPort).request('GET', `${HUB_PATH}/hello`)).toEqual({ kind: 'offline', reason: 'ECONNREFUSED' });
  }, 30_000);
});

describe('bodies', () => {
  /** Send `head` (request line and headers) on a raw TLS connection and read what comes back until the hub closes it. */
  async function raw(head: string): Promise<string> {
    const { connect } = await import('node:tls');
    const url = new URL(t.hub.url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false }, () => socket.write(head));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('the hub kept the connection open')), 10_000).unref();
    });
  }

  it('refuses a stranger\'s body from its headers (401, connection closed, body never read), and a desk\'s body over the limit (413)', async () => {
    const stranger = await raw(`POST ${HUB_PATH}/checkins/push HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 900000000\r\n\r\n[`);
    expect(stranger).toMatch(/^HTTP\/1\.1 401 /);
    expect(stranger).toContain('hub.unauthorized');

    const paired = await pairWithHub({ offer: await t.hub.offer(), ...pairOptions });
    const { signDeskRequest } = await import('../../../server/hub/signing');
    const headers = signDeskRequest(
      { deskId: paired.desk.deskId, secretKey: paired.secretKey, stationId: t.station.stationId, electionHash: t.station.electionHash, softwareVersion: SOFTWARE_VERSION },
      { method: 'POST', path: `${HUB_PATH}/checkins/push`, body: '[]' },
    );
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    const tooLarge = await raw(`POST ${HUB_PATH}/checkins/push HTTP/1.1\r\nHost: hub\r\n${lines}Content-Type: application/json\r\nContent-Length: 900000000\r\n\r\n[`);
    expect(tooLarge).toMatch(/^HTTP\/1\.1 413 /);
    expect(tooLarge).toContain('sync.tooLarge');
  });
});

describe('the bytes on the wire', () => {
  it('hold no voter name and no ID tail while the roll is pulled and a check-in is pushed and pulled', async () => {
    const hubUrl = new URL(t.hub.url);
    const wire: Buffer[] = [];
    const relay = createTcpServer((inbound: Socket) => {
      const outbound = tcpConnect(Number(hubUrl.port), hubUrl.hostname);
      inbound.on('data', (chunk: Buffer) => {
        wire.push(chunk);
        outbound.write(chunk);
      });
      outbound.on('data', (chunk: Buffer) => {
        wire.push(chunk);
        inbound.write(chunk);
      });
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
    });
    const relayPort = await listening(relay, '127.0.0.3');

    // The lead sets up and opens the polls in-process; the desk pairs, pulls and pushes through the relay.
    const lead = (collection: string, doc: unknown) =>
      t.hub.handleAsLead({ method: 'POST', path: `${HUB_PATH}/${collection}/push`, body: JSON.stringify([{ assumedMasterState: null, newDocumentState: { _deleted: false, ...(doc as object) } }]) });
    expect((await lead('setup', setupDoc(100))).status).toBe(200);
    expect((await lead('machine', machineDoc({ polling: 'open' }, 2, { type: 'polls.opened', at: '2026-11-29T08:00:00+08:00' }))).status).toBe(200);

    const offer = { ...(await t.hub.offer()), hub: `https://127.0.0.3:${relayPort}` };
    const paired = await pairWithHub({ offer, ...pairOptions, deskName: '发票台 王秀英' });
    const roll = t.pkg.roll;
    expect(paired.packageText).toContain(roll[0]!.name);

    const clerk = '登记员 欧阳娜娜';
    const record = checkin(roll[0]!.id, { id: paired.desk.deskId, name: '发票台 王秀英', role: 'checkin' }, '2026-11-29T09:00:00.000Z', { clerk });
    const pushed = await paired.client.request('POST', `${HUB_PATH}/checkins/push`, JSON.stringify([{ assumedMasterState: null, newDocumentState: { _deleted: false, ...record } }]));
    expect(pushed).toMatchObject({ kind: 'answer', status: 200 });
    const pulled = await paired.client.request('GET', `${HUB_PATH}/checkins/pull?limit=100`);
    expect(pulled.kind === 'answer' && pulled.body).toContain(clerk);

    const bytes = Buffer.concat(wire);
    expect(bytes.length).toBeGreaterThan(Buffer.byteLength(t.station.packageText));
    const secrets = [...roll.slice(0, 50).flatMap((voter) => [voter.name, `${voter.idTail}`]), clerk, '王秀英', offer.code];
    for (const secret of secrets) expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
  });
});
