/** Small display helpers of the sync feature. */
import { DEFAULT_TIME_ZONE, formatLocalDate, formatLocalDateTime, formatLocalTime } from '../../../shared/election/localTime';
import type { SyncState } from '../../db/replication/startStationSync';

export type IndicatorStatus = SyncState['status'] | 'notConfigured';

/**
 * The last sync in the election's local time (issue 15, item 3): `15:09` on the election's
 * today, else 2026年12月6日 15:09 / 2026-12-06 15:09 — never the machine's zone, raw ISO or UTC.
 */
export function formatSyncTime(iso: string, language: string, timeZone: string = DEFAULT_TIME_ZONE, now: Date = new Date()): string {
  const day = formatLocalDate(iso, { timeZone });
  if (day === iso) return iso;
  return day === formatLocalDate(now, { timeZone }) ? formatLocalTime(iso, { timeZone }) : formatLocalDateTime(iso, { timeZone, language: language === 'en' ? 'en' : 'zh' });
}

/** Pushed and total documents of the current round of work (total 0: not measurable yet). */
export function syncProgress(state: Pick<SyncState, 'sent' | 'pending'>): { readonly sent: number; readonly total: number } {
  return { sent: state.sent, total: state.sent + state.pending };
}
