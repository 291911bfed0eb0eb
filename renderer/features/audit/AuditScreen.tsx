import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { electionTimeZone, formatLocalDateTime } from '../../../shared/election/localTime';
import type { AuditEvent } from '../../../shared/station/records';
import { verifyAuditChains } from '../../db/audit';
import { useStation } from '../../station/StationContext';
import { auditSentence } from './auditSentence';

/**
 * Every action, newest first, with the hash chain checked on display: each event a sentence with
 * its actor and the election's local time; the recorded data only behind 详情 (issue 15, item 3).
 */
export function AuditScreen() {
  const { t, i18n } = useTranslation();
  const { loadAudit, view } = useStation();
  const [events, setEvents] = useState<readonly AuditEvent[] | null>(null);
  useEffect(() => {
    void loadAudit().then(setEvents);
  }, [loadAudit]);
  if (!events) return <p>{t('app.loading')}</p>;
  const broken = verifyAuditChains(events);
  const timeZone = electionTimeZone(view.info?.election);
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const voterName = (id: string) => view.roll.get(id)?.name ?? id;
  return (
    <section className="panel" data-testid="audit-screen">
      <h2>{t('audit.title')}</h2>
      {broken === -1 ? (
        <p className="notice ok" data-testid="audit-chain">{t('audit.chainOk', { count: events.length })}</p>
      ) : (
        <p className="notice error" data-testid="audit-chain">{t('audit.chainBroken', { seq: events[broken]?.seq })}</p>
      )}
      <p className="muted" data-testid="audit-zone">{t('audit.timeZone', { zone: timeZone })}</p>
      <table className="data audit-log">
        <thead>
          <tr>
            <th className="num">{t('audit.seq')}</th>
            <th>{t('audit.at')}</th>
            <th>{t('audit.clerk')}</th>
            <th>{t('audit.desk')}</th>
            <th>{t('audit.type')}</th>
            <th>{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {[...events].reverse().map((event) => (
            <tr key={event.id} data-testid="audit-row" data-type={event.type}>
              <td className="num">{event.seq}</td>
              <td data-testid="audit-at">{formatLocalDateTime(event.at, { timeZone, language, seconds: true })}</td>
              <td>{event.clerk}</td>
              <td>{event.desk}</td>
              <td data-testid="audit-sentence">{auditSentence(event, t, voterName)}</td>
              <td>
                <details>
                  <summary>{t('audit.showDetails')}</summary>
                  <code>{JSON.stringify(event.data)}</code>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
