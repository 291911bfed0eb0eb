/**
 * The sync's state in the top bar: offline / syncing with a progress bar / up to date with the
 * last time / error. A click opens the sync panel. It only watches the sync: nothing on the
 * station's screens waits for it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSyncTime, syncProgress, type IndicatorStatus } from './format';
import { SyncPanel } from './SyncPanel';
import { useStationSync } from './useStationSync';
import './sync.css';

export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const view = useStationSync();
  const [open, setOpen] = useState(false);
  const state = view.state;
  const status: IndicatorStatus = state?.status ?? 'notConfigured';
  const progress = state ? syncProgress(state) : { sent: 0, total: 0 };
  return (
    <span className="sync-indicator" data-testid="sync-indicator" data-status={status}>
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="dialog" data-testid="sync-toggle">
        <span className={`sync-dot ${status}`} aria-hidden="true" />
        <span>{t(`sync.status.${status}`)}</span>
        {status === 'syncing' &&
          (progress.total > 0 ? (
            <progress max={progress.total} value={progress.sent} aria-label={t('sync.progress', progress)} data-testid="sync-progress" />
          ) : (
            <progress aria-label={t('sync.status.syncing')} data-testid="sync-progress" />
          ))}
        {status === 'upToDate' && state?.lastSyncedAt && <span className="sync-time">{formatSyncTime(state.lastSyncedAt, i18n.language, view.timeZone)}</span>}
        {state && state.conflictCount > 0 && <span aria-label={t('sync.conflicts', { count: state.conflictCount })}>⚠</span>}
      </button>
      {open && <SyncPanel view={view} onClose={() => setOpen(false)} />}
    </span>
  );
}
