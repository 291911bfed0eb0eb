/** Small display helpers of the sync feature. */
import type { SyncState } from '../../db/replication/startStationSync';

export type IndicatorStatus = SyncState['status'] | 'notConfigured';

/** `HH:mm` today, else a short date and time, in the UI's language. */
export function formatSyncTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = language === 'en' ? 'en-GB' : 'zh-CN';
  const today = new Date().toDateString() === date.toDateString();
  return today
    ? date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Pushed and total documents of the current round of work (total 0: not measurable yet). */
export function syncProgress(state: Pick<SyncState, 'sent' | 'pending'>): { readonly sent: number; readonly total: number } {
  return { sent: state.sent, total: state.sent + state.pending };
}
