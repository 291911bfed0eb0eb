/** The dashboard's calls to `/api/*`; an admin token in the page's `?token=` is passed on. */
import { useEffect, useState } from 'react';
import type { CommunityResults, StationOverview, TurnoutSeries } from '../api/types';

const token = new URLSearchParams(window.location.search).get('token');
/** A page path with the page's `?token=` passed on (links to /api/records open in a new tab). */
export const withToken = (path: string) => (token ? `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : path);

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(withToken(path), { cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Whether the server is a demonstration one (`serve --demo`): it then accepts demo results. */
export function useDemoServer(): boolean {
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    getJson<{ demo?: boolean }>('/healthz').then((health) => setDemo(health.demo === true), () => setDemo(false));
  }, []);
  return demo;
}

export interface DashboardData {
  readonly stations: readonly StationOverview[];
  readonly results: readonly CommunityResults[];
  readonly turnout: TurnoutSeries | null;
  readonly updatedAt: Date | null;
  readonly live: boolean;
  readonly error: string | null;
}

/** Everything the page shows, fetched again on each live event (at most every second) and every 30 s. */
export function useDashboard(): DashboardData & { reload: () => void } {
  const [data, setData] = useState<DashboardData>({ stations: [], results: [], turnout: null, updatedAt: null, live: false, error: null });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let cancelled = false;
    Promise.all([getJson<StationOverview[]>('/api/stations'), getJson<CommunityResults[]>('/api/results'), getJson<TurnoutSeries>('/api/turnout')])
      .then(([stations, results, turnout]) => {
        if (!cancelled) setData((old) => ({ ...old, stations, results, turnout, updatedAt: new Date(), error: null }));
      })
      .catch((error: unknown) => {
        if (!cancelled) setData((old) => ({ ...old, error: String(error) }));
      });
    return () => {
      cancelled = true;
    };
  }, [tick]);

  useEffect(() => {
    let timer: number | undefined;
    const source = new EventSource(withToken('/api/events'));
    const reload = () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        setTick((n) => n + 1);
      }, 1000);
    };
    source.onopen = () => setData((old) => ({ ...old, live: true }));
    source.onerror = () => setData((old) => ({ ...old, live: false }));
    source.onmessage = reload;
    const poll = window.setInterval(() => setTick((n) => n + 1), 30_000);
    return () => {
      source.close();
      window.clearInterval(poll);
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, []);

  return { ...data, reload: () => setTick((n) => n + 1) };
}

export async function importBundleFile(file: File): Promise<string> {
  const response = await fetch(withToken('/admin/bundle'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: await file.text() });
  const body = (await response.json()) as { message?: string; alreadyImported?: boolean; station?: string };
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body.alreadyImported ? `此文件已导入过（${body.station}），未作改动` : `已导入投票站 ${body.station} 的数据`;
}
