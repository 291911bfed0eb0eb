/**
 * The Node client a desk's main process uses to talk to the hub (issue 16): pairing (from the
 * QR's offer, or from the hub's address and a code typed by hand), then signed requests over
 * pinned TLS (pinnedTls.ts). The renderer never holds the key nor talks TLS.
 */
import { generateKeyPair, publicKeyFromSecret } from '../../shared/crypto/ed25519';
import { issue, ValidationError, type ValidationIssue } from '../../shared/election/issues';
import { HUB_DEFAULT_PORT, HUB_PATH, isPairingCode, normalizePairingCode, type DeskRole, type PairingOffer, type PairReply, type PairRequest } from '../../shared/hub/protocol';
import { pairingProof } from './pairing';
import type { Agent } from 'node:http';
import type { HubBounds } from '../../shared/hub/timing';
import { connectPinned, DEFAULT_TIMEOUT_MS, exchangeOn, isOffline, pinnedAgent, pinnedExchange, type HubOutcome } from './pinnedTls';
import { signDeskRequest, type DeskIdentity } from './signing';
import type { HelloReply, PackageReply } from './types';

export { HubCertificateError, type HubOutcome } from './pinnedTls';

/** The hub refused (an answer that is not 2xx): its status and the issues of its error body. */
export class HubRefusal extends ValidationError {
  constructor(
    readonly status: number,
    issues: readonly ValidationIssue[],
  ) {
    super(issues);
    this.name = 'HubRefusal';
  }
}

/** The issues of a refusal's body (`{ code, issues }`), or one `hub.failed`-like issue when it has none. */
function refusalOf(outcome: { readonly status: number; readonly body: string }): HubRefusal {
  try {
    const parsed = JSON.parse(outcome.body) as { issues?: ValidationIssue[] };
    if (Array.isArray(parsed.issues) && parsed.issues.length > 0) return new HubRefusal(outcome.status, parsed.issues.map(({ code, path, params }) => (params === undefined ? { code, path } : { code, path, params })));
  } catch {
    // not JSON: said below
  }
  return new HubRefusal(outcome.status, [issue('hub.failed', [], { detail: `HTTP ${outcome.status}` })]);
}

/** `https://host:port` from what a clerk types: `192.168.1.10`, `192.168.1.10:47800`, or a full URL. */
export function hubUrl(typed: string): URL {
  const text = typed.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new ValidationError([issue('hub.addressInvalid', [], { hub: text.slice(0, 100) })]);
  }
  if (url.protocol !== 'https:' || url.hostname === '' || (url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.username !== '') {
    throw new ValidationError([issue('hub.addressInvalid', [], { hub: text.slice(0, 100) })]);
  }
  if (url.port === '') url.port = String(HUB_DEFAULT_PORT);
  return new URL(url.origin);
}

/** The hub's time in a `hub.clockSkew` refusal (ms), or null when the body is another one. */
function clockSkewOf(body: string): number | null {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; issues?: { params?: { receivedAt?: unknown } }[] };
    const at = parsed.code === 'hub.clockSkew' ? parsed.issues?.[0]?.params?.receivedAt : undefined;
    return typeof at === 'string' && Number.isFinite(Date.parse(at)) ? Date.parse(at) : null;
  } catch {
    return null;
  }
}

export interface HubClientOptions {
  /** `https://host:port`. */
  readonly hub: string;
  /** The pinned certificate's fingerprint (lower-case hex SHA-256 of its DER). */
  readonly fingerprint: string;
  readonly identity: DeskIdentity;
  /** One bound for connecting and for the answer (default 10 s)… */
  readonly timeoutMs?: number;
  /** …or each its own (a desk's link: shared/hub/timing.ts): past the answer's, `offline` marked `slow`. */
  readonly bounds?: HubBounds;
}

export class HubClient {
  readonly hub: URL;
  /** Keep-alive connections, each pinned before a byte is written on it. */
  private readonly agent: Agent;
  private readonly bounds: number | HubBounds;
  /** How far the hub's clock is ahead of this machine's, as learnt from a `hub.clockSkew` refusal (0 until then). */
  clockOffsetMs = 0;

  constructor(private readonly options: HubClientOptions) {
    this.hub = hubUrl(options.hub);
    this.bounds = options.bounds ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.agent = pinnedAgent(this.hub, options.fingerprint, this.bounds);
  }

  /**
   * One signed request (`path` under /hub/v1, with its query): the hub's answer, whatever its
   * status, or `offline`. Throws HubCertificateError when the hub shows another certificate.
   */
  async request(method: 'GET' | 'POST', path: string, body = ''): Promise<HubOutcome> {
    if (!path.startsWith(`${HUB_PATH}/`)) throw new Error(`a hub path is under ${HUB_PATH}/: ${path}`);
    const outcome = await this.send(method, path, body);
    const hubTime = outcome.kind === 'answer' && outcome.status === 401 ? clockSkewOf(outcome.body) : null;
    if (hubTime === null) return outcome;
    // This machine's clock is off (no time server on a station LAN): sign on the hub's time, once more.
    this.clockOffsetMs = hubTime - Date.now();
    return this.send(method, path, body);
  }

  private send(method: 'GET' | 'POST', path: string, body: string): Promise<HubOutcome> {
    const headers = signDeskRequest(this.options.identity, { method, path, body, now: new Date(Date.now() + this.clockOffsetMs) });
    return pinnedExchange(this.hub, this.agent, { method, path, headers, body }, this.bounds);
  }

  /** Close the kept connections (they never hold the process open). */
  close(): void {
    this.agent.destroy();
  }

  /** A 2xx answer's JSON; a refusal throws HubRefusal, offline throws `hub.unreachable`. */
  async json<T>(method: 'GET' | 'POST', path: string, body = ''): Promise<T> {
    return answerJson<T>(this.hub, await this.request(method, path, body));
  }

  hello(): Promise<HelloReply> {
    return this.json('GET', `${HUB_PATH}/hello`);
  }
}

function answerJson<T>(hub: URL, outcome: HubOutcome): T {
  if (outcome.kind === 'offline') throw new ValidationError([issue('hub.unreachable', [], { hub: hub.origin, detail: outcome.reason })]);
  if (outcome.status < 200 || outcome.status > 299) throw refusalOf(outcome);
  return JSON.parse(outcome.body) as T;
}

export interface PairOptions {
  /** The QR's offer (decodePairingOffer) — or `hub` and `code` as typed. */
  readonly offer?: PairingOffer;
  readonly hub?: string;
  readonly code?: string;
  readonly deskName: string;
  readonly role: Exclude<DeskRole, 'lead'>;
  readonly softwareVersion: string;
  /** The package this desk holds already, if any: the hub refuses another one. */
  readonly own?: { readonly stationId: string; readonly electionHash: string };
  /** The desk's Ed25519 seed; a new key is made when absent. */
  readonly secretKey?: string;
  readonly timeoutMs?: number;
}

export interface PairedDesk {
  readonly desk: PairReply;
  readonly hub: string;
  readonly fingerprint: string;
  readonly secretKey: string;
  readonly publicKey: string;
  /** The package the hub holds: the desk imports it like any package. */
  readonly packageText: string;
  readonly client: HubClient;
}

/**
 * Pair with the hub. The certificate is taken from the connection itself (and must match the
 * offer's fingerprint when there is one); the proof binds the code to that fingerprint, so a
 * relay showing its own certificate cannot use it. Then the package is fetched, signed.
 */
export async function pairWithHub(options: PairOptions): Promise<PairedDesk> {
  const hub = hubUrl(options.offer?.hub ?? options.hub ?? '');
  const code = normalizePairingCode(options.offer?.code ?? options.code ?? '');
  if (!isPairingCode(code)) throw new ValidationError([issue('hub.codeWrong', [])]);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secretKey = options.secretKey ?? generateKeyPair().secretKey;
  const deskPublicKey = publicKeyFromSecret(secretKey);
  const stationId = options.own?.stationId ?? options.offer?.stationId ?? '';
  const electionHash = options.own?.electionHash ?? options.offer?.electionHash ?? '';

  let connection;
  try {
    connection = await connectPinned(hub, options.offer?.fingerprint ?? null, timeoutMs);
  } catch (error) {
    if (isOffline(error)) throw new ValidationError([issue('hub.unreachable', [], { hub: hub.origin, detail: error.message })]);
    throw error;
  }
  const { socket, fingerprint } = connection;
  const request: PairRequest = {
    stationId,
    electionHash,
    softwareVersion: options.softwareVersion,
    deskName: options.deskName,
    role: options.role,
    deskPublicKey,
    proof: pairingProof(code, { fingerprint, deskPublicKey, stationId, electionHash }),
  };
  const outcome = await exchangeOn(socket, hub, { method: 'POST', path: `${HUB_PATH}/pair`, headers: {}, body: JSON.stringify(request) }, timeoutMs);
  const desk = answerJson<PairReply>(hub, outcome);
  const client = new HubClient({
    hub: hub.origin,
    fingerprint,
    identity: { deskId: desk.deskId, secretKey, stationId: desk.stationId, electionHash: desk.electionHash, softwareVersion: options.softwareVersion },
    timeoutMs,
  });
  const { packageText } = await client.json<PackageReply>('GET', `${HUB_PATH}/package`);
  return { desk, hub: hub.origin, fingerprint, secretKey, publicKey: deskPublicKey, packageText, client };
}
