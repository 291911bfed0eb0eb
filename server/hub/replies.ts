/** The hub's replies: JSON text, refusals as the shared error body (server/http/io.ts `errorBody`). */
import { issue, type IssueCode, type IssueParams, type ValidationIssue } from '../../shared/election/issues';
import { errorBody, HttpError } from '../http/io';
import type { HubReply } from './types';

export function ok(value: unknown, status = 200): HubReply {
  return { status, body: JSON.stringify(value) };
}

export function refusal(status: number, code: IssueCode, params?: IssueParams): HubReply {
  return refusalOf(status, [issue(code, [], params)]);
}

export function refusalOf(status: number, issues: readonly ValidationIssue[]): HubReply {
  return { status, body: JSON.stringify(errorBody(issues)) };
}

/** An HttpError as its reply; anything else is logged and answered 500. */
export function replyForError(error: unknown): HubReply {
  if (error instanceof HttpError) return refusalOf(error.status, error.issues);
  console.error('[hub] request failed:', error);
  return refusal(500, 'hub.serverError');
}
