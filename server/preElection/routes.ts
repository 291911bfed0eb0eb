/**
 * `/api/pre-election/…`: the records before polling day over HTTP (server/preElection/types.ts
 * for every body and answer). Reached through server/api/routes.ts, so the dashboard's access rule
 * applies (server/http/access.ts: this machine, or the admin token). One table: a method, a path
 * pattern, a handler; P2's paper and package routes are entries of the same table.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/types';
import { HttpError, mediaTypeOf, parseCheckedJson, readBody, sendJson } from '../http/io';
import { addCommitteeMember, leaveCommittee, listCommittee } from './committee';
import { communitySummary, listCommunities, saveCommunity } from './communities';
import { findDuplicates, resolveDuplicate } from './duplicates';
import { findFormalList, positionStatuses, publishFormalList, recordPrimary } from './formalList';
import { addNomination, confirmChecklist, listNominations, withdrawNomination } from './nominations';
import { decideObjection, fileObjection, listObjections } from './objections';
import { packageRecords } from './packageRecords';
import { PAPER_ROUTES } from './papers/routes';
import { publishRoll } from './publication';
import { printedRoll, rollPage } from './roll';
import { rollTemplateCsv, rollTemplateXlsx } from './rollFile';
import { importRoll } from './rollImport';
import { findPublication, listAudit, requireCommunity } from './store';

/** A roll file of 200,000 rows is ~25 MB as CSV. */
export const ROLL_MAX_BYTES = 64 * 1024 * 1024;
const JSON_MAX_BYTES = 1024 * 1024;

export interface PreElectionRequest {
  readonly db: Db;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** The path's parameters, in order (decoded). */
  readonly params: readonly string[];
  /** The JSON body (POST). */
  readonly json: () => Promise<unknown>;
}

type Handler = (request: PreElectionRequest) => Promise<void>;

interface Route {
  readonly method: 'GET' | 'POST';
  /** Under /api/pre-election; `:x` is one path segment. */
  readonly path: string;
  readonly handle: Handler;
}

const ok = (status = 200) => (request: PreElectionRequest, value: unknown) => sendJson(request.res, status, value);
const answer =
  <T>(work: (request: PreElectionRequest) => Promise<T>, status = 200): Handler =>
  async (request) =>
    ok(status)(request, await work(request));

function sendFile(res: ServerResponse, type: string, name: string, body: string | Uint8Array): void {
  res.writeHead(200, {
    'content-type': type,
    'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'cache-control': 'no-store',
  });
  res.end(body);
}

const number = (value: string | null): number | undefined => (value === null || value === '' || !/^\d{1,9}$/.test(value) ? undefined : Number(value));

export const PRE_ELECTION_ROUTES: Route[] = [
  { method: 'GET', path: '/communities', handle: answer(({ db }) => listCommunities(db)) },
  { method: 'POST', path: '/communities', handle: answer(async ({ db, json }) => saveCommunity(db, await json()), 201) },
  { method: 'GET', path: '/communities/:c', handle: answer(({ db, params }) => communitySummary(db, params[0]!)) },
  { method: 'GET', path: '/communities/:c/committee', handle: answer(({ db, params }) => listCommittee(db, params[0]!)) },
  { method: 'POST', path: '/communities/:c/committee', handle: answer(async ({ db, params, json }) => addCommitteeMember(db, params[0]!, await json()), 201) },
  { method: 'POST', path: '/communities/:c/committee/:m/leave', handle: answer(async ({ db, params, json }) => leaveCommittee(db, params[0]!, params[1]!, await json())) },
  {
    method: 'GET',
    path: '/communities/:c/roll',
    handle: answer(({ db, params, url }) => {
      const q = url.searchParams;
      const status = q.get('status');
      return rollPage(db, params[0]!, {
        ...(q.get('group') ? { group: q.get('group')! } : {}),
        ...(q.get('q') ? { q: q.get('q')! } : {}),
        ...(status === 'registered' || status === 'struck' ? { status } : {}),
        ...(number(q.get('offset')) === undefined ? {} : { offset: number(q.get('offset'))! }),
        ...(number(q.get('limit')) === undefined ? {} : { limit: number(q.get('limit'))! }),
      });
    }),
  },
  {
    method: 'POST',
    path: '/communities/:c/roll',
    handle: answer(async ({ db, params, req, url }) => {
      const type = mediaTypeOf(req);
      if (type === 'application/json' || type === 'multipart/form-data') throw HttpError.of(415, 'preElection.fileType', { detail: type });
      const bytes = new Uint8Array(await readBody(req, ROLL_MAX_BYTES));
      const name = url.searchParams.get('name') ?? undefined;
      const by = url.searchParams.get('by') ?? undefined;
      return importRoll(db, params[0]!, { bytes, contentType: type, ...(name === undefined ? {} : { name }), ...(by === undefined ? {} : { by }) });
    }, 201),
  },
  { method: 'GET', path: '/communities/:c/roll/printed', handle: answer(({ db, params }) => printedRoll(db, params[0]!)) },
  { method: 'GET', path: '/roll-template.csv', handle: async ({ res }) => sendFile(res, 'text/csv; charset=utf-8', '选民名册模板.csv', rollTemplateCsv()) },
  { method: 'GET', path: '/roll-template.xlsx', handle: async ({ res }) => sendFile(res, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '选民名册模板.xlsx', rollTemplateXlsx()) },
  { method: 'GET', path: '/duplicates', handle: answer(({ db }) => findDuplicates(db)) },
  { method: 'POST', path: '/duplicates/:id/resolve', handle: answer(async ({ db, params, json }) => resolveDuplicate(db, params[0]!.toUpperCase(), await json())) },
  { method: 'GET', path: '/communities/:c/publication', handle: answer(async ({ db, params }) => (await requireCommunity(db, params[0]!), findPublication(db, params[0]!))) },
  { method: 'POST', path: '/communities/:c/publication', handle: answer(async ({ db, params, json }) => publishRoll(db, params[0]!, await json()), 201) },
  { method: 'GET', path: '/communities/:c/objections', handle: answer(({ db, params }) => listObjections(db, params[0]!)) },
  { method: 'POST', path: '/communities/:c/objections', handle: answer(async ({ db, params, json }) => fileObjection(db, params[0]!, await json()), 201) },
  { method: 'POST', path: '/communities/:c/objections/:o/decision', handle: answer(async ({ db, params, json }) => decideObjection(db, params[0]!, params[1]!, await json())) },
  { method: 'GET', path: '/communities/:c/nominations', handle: answer(async ({ db, params }) => listNominations(db, await requireCommunity(db, params[0]!))) },
  { method: 'POST', path: '/communities/:c/nominations', handle: answer(async ({ db, params, json }) => addNomination(db, params[0]!, await json()), 201) },
  { method: 'POST', path: '/communities/:c/nominations/:n/checklist', handle: answer(async ({ db, params, json }) => confirmChecklist(db, params[0]!, params[1]!, await json())) },
  { method: 'POST', path: '/communities/:c/nominations/:n/withdraw', handle: answer(async ({ db, params, json }) => withdrawNomination(db, params[0]!, params[1]!, await json())) },
  { method: 'GET', path: '/communities/:c/positions', handle: answer(({ db, params }) => positionStatuses(db, params[0]!)) },
  { method: 'POST', path: '/communities/:c/positions/:p/primary', handle: answer(async ({ db, params, json }) => recordPrimary(db, params[0]!, params[1]!, await json()), 201) },
  { method: 'GET', path: '/communities/:c/formal-list', handle: answer(async ({ db, params }) => (await requireCommunity(db, params[0]!), findFormalList(db, params[0]!))) },
  { method: 'POST', path: '/communities/:c/formal-list', handle: answer(async ({ db, params, json }) => publishFormalList(db, params[0]!, await json()), 201) },
  { method: 'GET', path: '/communities/:c/package-records', handle: answer(({ db, params }) => packageRecords(db, params[0]!)) },
  {
    method: 'GET',
    path: '/communities/:c/audit',
    handle: answer(async ({ db, params, url }) => {
      await requireCommunity(db, params[0]!);
      const after = number(url.searchParams.get('after'));
      return listAudit(db, params[0]!, after === undefined ? {} : { after });
    }),
  },
  {
    method: 'GET',
    path: '/audit',
    handle: answer(({ db, url }) => {
      const after = number(url.searchParams.get('after'));
      return listAudit(db, null, after === undefined ? {} : { after });
    }),
  },
  // P2's downloads: roll.pdf, formal-list.pdf, ballot.pdf (GET), package (POST with the district key).
  ...PAPER_ROUTES,
];

export const PRE_ELECTION_PREFIX = '/api/pre-election';

function match(route: Route, method: string, segments: readonly string[]): string[] | null {
  if (route.method !== method) return null;
  const pattern = route.path.split('/').slice(1);
  if (pattern.length !== segments.length) return null;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i]!;
    if (part.startsWith(':')) params.push(segments[i]!);
    else if (part !== segments[i]) return null;
  }
  return params;
}

/** Handle a request under `/api/pre-election`; false when no route is this path (the caller's 404). */
export async function handlePreElection(db: Db, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  let segments: string[];
  try {
    segments = url.pathname.slice(PRE_ELECTION_PREFIX.length).split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw HttpError.of(400, 'sync.badRequest', { detail: 'bad percent-encoding in the path' });
  }
  const method = req.method ?? 'GET';
  for (const route of PRE_ELECTION_ROUTES) {
    const params = match(route, method, segments);
    if (params === null) continue;
    const json = async (): Promise<unknown> => {
      const type = mediaTypeOf(req);
      if (type !== 'application/json') throw HttpError.of(415, 'sync.badRequest', { detail: 'send the body as application/json' });
      return parseCheckedJson(await readBody(req, JSON_MAX_BYTES), JSON_MAX_BYTES, 16);
    };
    await route.handle({ db, req, res, url, params, json });
    return true;
  }
  return false;
}
