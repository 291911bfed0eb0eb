/** The community's audit log (append-only on the server): every change, who made it and when, newest first. */
import type { AuditEntry } from '../../preElection/types';
import { communityPath, useLoad } from './client';
import type { SectionProps } from './CommunityView';
import { L } from './labels';
import { useT } from './lang';
import { Refusal } from './Refusal';

const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export function AuditSection({ summary, version }: SectionProps) {
  const t = useT();
  const entries = useLoad<AuditEntry[]>(`${communityPath(summary.community.id)}/audit`, version);
  if (entries.error) return <Refusal error={entries.error} />;
  const newestFirst = [...(entries.data ?? [])].reverse();
  return (
    // Read again each time it is opened: printing ballots is a plain download the page does not hear of.
    <details className="pre-audit" data-testid="audit" onToggle={(event) => event.currentTarget.open && entries.reload()}>
      <summary>
        {t(L.audit)} <span className="sub">({newestFirst.length})</span>
      </summary>
      <div className="table-scroll">
        <table className="pre-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t(L.time)}</th>
              <th>{t(L.by)}</th>
              <th>{t(L.action)}</th>
              <th>{t(L.subjectOf)}</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((entry) => (
              <tr key={entry.seq} data-action={entry.action}>
                <td>{entry.seq}</td>
                <td>{localTime(entry.at)}</td>
                <td>{entry.by}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{entry.subject}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
