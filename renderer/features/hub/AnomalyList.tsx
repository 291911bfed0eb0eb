/**
 * The anomalies (异常) the hub found when a partitioned desk's records merged (issue 16), for the
 * lead's 总监票人: what happened, the records in question (desk, time, clerk), which one stands
 * (or none) and the reason — required — then 确认处理. A resolution is final; it is kept at the
 * hub (the standing record becomes the one every desk pulls) and in the lead's audit log.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import { anomalyRecordKey } from '../../../shared/hub/anomalies';
import type { Anomaly } from '../../../shared/hub/protocol';
import { useStation } from '../../station/StationContext';
import { IssueList } from '../../ui/IssueList';
import { useLocalTime } from './useLocalTime';

const textOf = (value: unknown): string => (typeof value === 'string' && value !== '' ? value : '—');

/** How often the list is asked again while the panel is open. */
const ANOMALIES_REFRESH_MS = 3000;

export function AnomalyList() {
  const { t } = useTranslation();
  const { bridge } = useStation();
  const [anomalies, setAnomalies] = useState<readonly Anomaly[] | null>(null);
  const [failed, setFailed] = useState<ValidationIssue | null>(null);
  const load = useCallback(() => {
    if (!bridge.hubAnomalies) return;
    bridge.hubAnomalies().then(
      (list) => {
        setAnomalies(list);
        setFailed(null);
      },
      (error: unknown) => setFailed(issue('hub.failed', [], { detail: error instanceof Error ? error.message : String(error) })),
    );
  }, [bridge]);
  useEffect(() => {
    load();
    const timer = setInterval(load, ANOMALIES_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  if (!bridge.hubAnomalies) return null;
  const open = anomalies?.filter((anomaly) => anomaly.resolution === null) ?? [];
  const settled = anomalies?.filter((anomaly) => anomaly.resolution !== null) ?? [];
  return (
    <section className="hub-section" data-testid="hub-anomalies" data-open={open.length}>
      <h3>
        {t('hub.anomaliesTitle')}
        {open.length > 0 && <span className="hub-count"> {open.length}</span>}
      </h3>
      {failed && <IssueList issues={[failed]} />}
      {anomalies?.length === 0 && <p className="muted">{t('hub.noAnomalies')}</p>}
      {open.map((anomaly) => (
        <AnomalyItem key={anomaly.id} anomaly={anomaly} onResolved={load} />
      ))}
      {settled.map((anomaly) => (
        <AnomalyItem key={anomaly.id} anomaly={anomaly} onResolved={load} />
      ))}
    </section>
  );
}

function AnomalyItem({ anomaly, onResolved }: { readonly anomaly: Anomaly; readonly onResolved: () => void }) {
  const { t } = useTranslation();
  const { actions, operator, view } = useStation();
  const time = useLocalTime();
  const [standing, setStanding] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const [busy, setBusy] = useState(false);
  // (A ballot collision's subject is the ballot id, not a voter: its records say where.)
  const voterName = anomaly.voterId && anomaly.kind !== 'ballotCollision' ? (view.roll.get(anomaly.voterId)?.name ?? anomaly.voterId) : null;
  const resolution = anomaly.resolution;
  const name = `standing-${anomaly.id}`;
  const resolve = async () => {
    setBusy(true);
    setIssues([]);
    try {
      const outcome = await actions.resolveAnomaly(anomaly, standing, reason, operator);
      if (outcome.ok) onResolved();
      else setIssues(outcome.issues);
    } catch (error) {
      setIssues([issue('hub.failed', [], { detail: error instanceof Error ? error.message : String(error) })]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className={`hub-anomaly${resolution ? ' resolved' : ''}`}
      data-testid="hub-anomaly"
      data-kind={anomaly.kind}
      data-resolved={resolution !== null}
      onSubmit={(event) => {
        event.preventDefault();
        void resolve();
      }}
    >
      <p>
        <strong>{t(`hub.kind.${anomaly.kind}`)}</strong> · {t('hub.anomalyRound', { round: anomaly.round })}
        {voterName && <> · {t('hub.anomalyVoter', { name: voterName })}</>}
      </p>
      <fieldset disabled={resolution !== null || busy}>
        <legend>{t('hub.standing')}</legend>
        {anomaly.records.map((record) => {
          const key = anomalyRecordKey(record);
          const at = typeof record['issuedAt'] === 'string' ? record['issuedAt'] : typeof record['at'] === 'string' ? record['at'] : null;
          return (
            <label key={key} className="field inline">
              <input type="radio" name={name} value={key} checked={(resolution?.standing ?? standing) === key} onChange={() => setStanding(key)} data-testid="hub-standing" />
              <span>{t(anomaly.kind === 'ballotCollision' ? 'hub.ballotRecordLine' : 'hub.recordLine', { desk: textOf(record['desk']), time: time(at), clerk: textOf(record['clerk']) })}</span>
            </label>
          );
        })}
        <label className="field inline">
          <input type="radio" name={name} value="" checked={resolution ? resolution.standing === null : standing === null} onChange={() => setStanding(null)} data-testid="hub-standing-none" />
          <span>{t('hub.standingNone')}</span>
        </label>
      </fieldset>
      {resolution ? (
        <p className="notice ok" data-testid="hub-resolution">
          {t('hub.resolved', { clerk: resolution.by.clerk, desk: resolution.by.desk, time: time(resolution.at), reason: resolution.reason })}
        </p>
      ) : (
        <>
          <label className="field">
            {t('hub.reason')}
            <textarea value={reason} rows={2} onChange={(event) => setReason(event.target.value)} aria-required="true" data-testid="hub-reason" />
          </label>
          <button type="submit" className="btn primary" disabled={busy} data-testid="hub-resolve">
            {t('hub.resolve')}
          </button>
          <IssueList issues={issues} />
        </>
      )}
    </form>
  );
}
