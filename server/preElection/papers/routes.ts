/**
 * The downloads of `/api/pre-election/communities/ID/…` (entries of server/preElection/routes.ts's
 * table): `roll.pdf`, `formal-list.pdf`, `ballot.pdf?first=N&count=M` (GET), and `package` (POST
 * with the district key file: `{ key, ballotStock?, districtServer?, by? }` — the key signs this
 * one package and is kept nowhere).
 */
import type { ServerResponse } from 'node:http';
import type { Db } from '../../db/types';
import { sendAttachment } from '../../http/io';
import { ballotPdf, ballotRun, formalListPdf, rollPdf, signedPackage, type PackageRequest, type PaperFile } from './service';

/** What a paper route needs of the request (a subset of routes.ts's PreElectionRequest). */
export interface PaperRequest {
  readonly db: Db;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: readonly string[];
  readonly json: () => Promise<unknown>;
}

export interface PaperRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handle: (request: PaperRequest) => Promise<void>;
}

const send = (res: ServerResponse, file: PaperFile) => sendAttachment(res, file.type, file.name, file.bytes);

function packageRequest(raw: unknown): PackageRequest {
  const body = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const text = (name: string) => (typeof body[name] === 'string' ? { [name]: body[name] } : {});
  return {
    key: body.key,
    ...(body.ballotStock === undefined ? {} : { ballotStock: body.ballotStock as number }),
    ...text('districtServer'),
    ...text('by'),
  };
}

export const PAPER_ROUTES: readonly PaperRoute[] = [
  { method: 'GET', path: '/communities/:c/roll.pdf', handle: async ({ db, res, params }) => send(res, await rollPdf(db, params[0]!)) },
  { method: 'GET', path: '/communities/:c/formal-list.pdf', handle: async ({ db, res, params }) => send(res, await formalListPdf(db, params[0]!)) },
  {
    method: 'GET',
    path: '/communities/:c/ballot.pdf',
    handle: async ({ db, res, params, url }) => {
      const run = ballotRun(url.searchParams.get('first'), url.searchParams.get('count'));
      const by = url.searchParams.get('by');
      send(res, await ballotPdf(db, params[0]!, { ...run, ...(by === null ? {} : { by }) }));
    },
  },
  { method: 'POST', path: '/communities/:c/package', handle: async ({ db, res, params, json }) => send(res, await signedPackage(db, params[0]!, packageRequest(await json()))) },
];
