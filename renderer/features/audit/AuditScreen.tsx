import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../shared/station/records';
import { verifyAuditChain } from '../../db/audit';
import { useStation } from '../../station/StationContext';

/** Every action, newest first, with the hash chain checked on display. */
export function AuditScreen() {
  const { t } = useTranslation();
  const { loadAudit } = useStation();
  const [events, setEvents] = useState<readonly AuditEvent[] | null>(null);
  useEffect(() => {
    void loadAudit().then(setEvents);
  }, [loadAudit]);
  if (!events) return <p>{t('app.loading')}</p>;
  const broken = verifyAuditChain(events);
  return (
    <section className="panel" data-testid="audit-screen">
      <h2>{t('audit.title')}</h2>
      {broken === -1 ? (
        <p className="notice ok" data-testid="audit-chain">{t('audit.chainOk', { count: events.length })}</p>
      ) : (
        <p className="notice error" data-testid="audit-chain">{t('audit.chainBroken', { seq: events[broken]?.seq })}</p>
      )}
      <table className="data">
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
            <tr key={event.id} data-testid="audit-row">
              <td className="num">{event.seq}</td>
              <td>{new Date(event.at).toLocaleString()}</td>
              <td>{event.clerk}</td>
              <td>{event.desk}</td>
              <td>{event.type}</td>
              <td>
                <code>{JSON.stringify(event.data)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
