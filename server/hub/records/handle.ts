/**
 * The hub's record endpoints (issue 16): `/hub/v1/{collection}/pull|push`, `/hub/v1/checkin`,
 * `/hub/v1/anomalies`. Called by the hub's server (server/hub/) once a desk is authenticated.
 */
import type { DeskRole } from '../../../shared/hub/protocol';
import { issue } from '../../../shared/election/issues';
import type { Db } from '../../db/types';
import { errorBody } from '../../http/io';

export interface HubRecordsContext {
  readonly stationId: string;
  readonly desk: { readonly id: string; readonly name: string; readonly role: DeskRole };
  readonly now: Date;
}

export interface HubRecordsRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, e.g. `/hub/v1/checkins/pull?checkpoint=…&limit=100`. */
  readonly path: string;
  readonly body: string;
}

export interface HubRecordsAnswer {
  readonly status: number;
  /** JSON text; errors as the shared error body (server/http/io.ts errorBody). */
  readonly body: string;
}

export async function handleHubRecords(db: Db, ctx: HubRecordsContext, request: HubRecordsRequest): Promise<HubRecordsAnswer> {
  void db;
  void ctx;
  return { status: 404, body: JSON.stringify(errorBody([issue('sync.notFound', [], { path: request.path })])) };
}
