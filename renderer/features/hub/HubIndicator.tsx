/**
 * The station hub in the top bar (issue 16): on a desk, which desk it is and — while the hub
 * cannot be reached — 离线, large and red; on the lead (or a machine that may become one, once a
 * package is imported) the 设备 button that opens the desks panel. It also keeps the window's
 * replication with the hub running (hubSyncSession.ts).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import type { StationSync } from '../../db/replication/startStationSync';
import { useIssueText } from '../../i18n';
import { useStation } from '../../station/StationContext';
import { DesksPanel } from './DesksPanel';
import { hubSyncFor, stopHubSync } from './hubSyncSession';
import { useHubLink } from './useHubLink';
import './hub.css';

/** Not the replication's failures: not reached (离线) and slow (主机响应慢…) are shown on their own. */
const QUIET: ReadonlySet<string> = new Set(['hub.offline', 'hub.slow']);

export function HubIndicator() {
  const { t } = useTranslation();
  const issueText = useIssueText();
  const { db, bridge, view } = useStation();
  const { link, status, online, slow } = useHubLink();
  const [open, setOpen] = useState(false);
  const stationId = view.info?.station.id ?? null;
  const role = status.role === 'standalone' ? null : status.role === 'lead' ? 'lead' : status.deskRole;

  const [sync, setSync] = useState<StationSync | null>(null);
  useEffect(() => {
    if (stationId && role) setSync(hubSyncFor({ db, stationId, role, bridge, link }));
    else {
      void stopHubSync();
      setSync(null);
    }
  }, [db, stationId, role, bridge, link]);
  // The replication's own failures (the hub refusing a push, a record the database refuses); not
  // being reached is 离线, shown on its own.
  const [failure, setFailure] = useState<ValidationIssue | null>(null);
  useEffect(() => {
    if (!sync) return setFailure(null);
    const subscription = sync.state$.subscribe((state) => setFailure(state.status === 'error' && state.error && !QUIET.has(state.error.code) ? state.error : null));
    return () => subscription.unsubscribe();
  }, [sync]);
  const failureMark = failure && (
    <span className="notice error hub-sync-error" role="alert" title={issueText(failure)} data-testid="hub-sync-error" data-code={failure.code}>
      ⚠ {issueText(failure)}
    </span>
  );

  if (status.role === 'desk') {
    return (
      <span className="hub-indicator" data-testid="hub-indicator" data-role="desk" data-online={online}>
        <span className="hub-desk" data-testid="hub-desk">
          {t('hub.deskLabel', { name: status.deskName, role: t(`hub.role.${status.deskRole}`) })}
        </span>
        {!online && (
          <strong className="hub-offline" role="alert" title={t('hub.offlineBanner')} data-testid="hub-offline">
            {t('hub.offline')}
          </strong>
        )}
        {online && slow && (
          <span className="notice hub-slow" role="status" title={t('hub.slowBanner')} data-testid="hub-slow">
            {t('hub.slow')}
          </span>
        )}
        {failureMark}
      </span>
    );
  }
  if (!view.info) return null;
  return (
    <span className="hub-indicator" data-testid="hub-indicator" data-role={status.role}>
      <button type="button" onClick={() => setOpen(true)} aria-haspopup="dialog" aria-expanded={open} data-testid="hub-devices">
        {status.role === 'lead' ? `${t('hub.lead')} · ${t('hub.devices')}` : t('hub.devices')}
      </button>
      {failureMark}
      {open && <DesksPanel onClose={() => setOpen(false)} />}
    </span>
  );
}
