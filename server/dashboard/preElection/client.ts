/**
 * The pre-election pages' calls to `/api/pre-election/…` (server/preElection/types.ts): JSON in
 * and out, a roll file sent as it is, and a refusal turned into an ApiError that keeps every
 * issue with its bilingual message (row number and reason for a roll file).
 */
import { useCallback, useEffect, useState } from 'react';
import { withToken } from '../api';

export const BASE = '/api/pre-election';

export interface ApiIssue {
  readonly code: string;
  readonly message: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: readonly ApiIssue[];
  constructor(status: number, code: string, message: string, issues: readonly ApiIssue[]) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

async function answer<T>(response: Response, path: string): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) {
    const refusal = (body ?? {}) as { code?: string; message?: string; issues?: ApiIssue[] };
    const message = refusal.message ?? `${path}: HTTP ${response.status}`;
    throw new ApiError(response.status, refusal.code ?? `http.${response.status}`, message, refusal.issues ?? [{ code: refusal.code ?? 'http', message }]);
  }
  return body as T;
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(withToken(`${BASE}${path}`), { cache: 'no-store' });
  return answer<T>(response, path);
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(withToken(`${BASE}${path}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return answer<T>(response, path);
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A roll file sent as its bytes: `text/csv` or the XLSX type by its name, `?name=` the file name. */
export async function postFile<T>(path: string, file: File): Promise<T> {
  const type = /\.xlsx$/i.test(file.name) ? XLSX_TYPE : /\.csv$/i.test(file.name) ? 'text/csv' : file.type || 'application/octet-stream';
  const response = await fetch(withToken(`${BASE}${path}?name=${encodeURIComponent(file.name)}`), { method: 'POST', headers: { 'content-type': type }, body: file });
  return answer<T>(response, path);
}

/** The file name a download's Content-Disposition gives (its UTF-8 `filename*` first). */
function attachmentName(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (utf8) return decodeURIComponent(utf8);
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

/** POST JSON whose answer is a file, and hand the file to the browser as a download. */
export async function postForDownload(path: string, body: unknown, fallbackName: string): Promise<string> {
  const response = await fetch(withToken(`${BASE}${path}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) return answer<never>(response, path);
  const name = attachmentName(response, fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** A download link with the page's token: `/api/pre-election/…`. */
export const downloadHref = (path: string) => withToken(`${BASE}${path}`);

export const communityPath = (communityId: string) => `/communities/${encodeURIComponent(communityId)}`;

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: ApiError | Error | null;
  readonly reload: () => void;
}

/** GET `path` now, again when `path` or `version` changes, and on `reload()`. */
export function useLoad<T>(path: string | null, version = 0): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | Error | null }>({ data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let cancelled = false;
    getJson<T>(path).then(
      (data) => !cancelled && setState({ data, error: null }),
      (error: unknown) => !cancelled && setState((old) => ({ data: old.data, error: error instanceof Error ? error : new Error(String(error)) })),
    );
    return () => {
      cancelled = true;
    };
  }, [path, version, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
