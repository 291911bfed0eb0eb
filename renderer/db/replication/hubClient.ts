/**
 * The station hub as a sync target (issue 16, docs/HUB.md): the protocol of `client.ts`
 * (`protocolClient`, the same pull/push as the district's) carried by the bridge's
 * `hubRequest` — main signs with the desk key and talks TLS; the renderer never does. No live
 * stream: the hub is polled (`hubSync.ts`).
 */
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import type { HubAnswer } from '../../../shared/hub/bridgeTypes';
import { HUB_PATH } from '../../../shared/hub/protocol';
import { issue } from '../../../shared/election/issues';
import { parseAnswer, protocolClient, responseError, SyncRequestError, type ProtocolSend, type SyncClient } from './client';

export type HubBridge = Pick<StationBridge, 'hubRequest'>;

/** Whether the hub answered (true) or could not be reached (false), after every request. */
export type ContactListener = (reached: boolean) => void;

/** Whether the hub answered slowly (true: there, not offline) or answered (false). */
export type SlowListener = (slow: boolean) => void;

/** A refusal or failure the hub answered with, as the issue it names (`sync.httpError` otherwise). */
export function hubAnswerError(answer: { readonly status: number; readonly body: string }): Promise<SyncRequestError> {
  return responseError(new Response(answer.body, { status: answer.status, headers: { 'content-type': 'application/json' } }));
}

/** No answer: the hub could not be reached (the desk works on, 离线), or this machine has no hub. */
export function noAnswerError(answer: Exclude<HubAnswer, { kind: 'answer' }>): SyncRequestError {
  if (answer.kind === 'standalone') return new SyncRequestError(issue('hub.standalone', []), null);
  return new SyncRequestError(issue(answer.slow === true ? 'hub.slow' : 'hub.offline', [], { detail: answer.reason.slice(0, 300) }), null);
}

/** One request to the hub through the bridge: the JSON of a 2xx answer, else a SyncRequestError. */
export function hubSend(bridge: HubBridge, onContact: ContactListener = () => undefined, onSlow: SlowListener = () => undefined): ProtocolSend {
  return async (method, pathAndQuery, body) => {
    if (!bridge.hubRequest) throw noAnswerError({ kind: 'standalone' });
    let answer: HubAnswer;
    try {
      answer = await bridge.hubRequest(method, pathAndQuery, body);
    } catch (error) {
      // Main itself did not answer the bridge call.
      throw new SyncRequestError(issue('hub.offline', [], { detail: (error instanceof Error ? error.message : String(error)).slice(0, 300) }), null);
    }
    if (answer.kind !== 'answer') {
      // A slow answer is not 离线 (main counts it as offline once the hub stays slow).
      if (answer.kind === 'offline') (answer.slow === true ? onSlow : onContact)(answer.slow === true);
      throw noAnswerError(answer);
    }
    onSlow(false);
    onContact(true);
    if (answer.status < 200 || answer.status > 299) throw await hubAnswerError(answer);
    return parseAnswer(answer.body);
  };
}

/** The sync client of the station hub: docs/SYNC.md's pull and push under /hub/v1. */
export function createHubSyncClient(bridge: HubBridge, onContact?: ContactListener, onSlow?: SlowListener): SyncClient {
  return protocolClient(hubSend(bridge, onContact, onSlow), HUB_PATH);
}
