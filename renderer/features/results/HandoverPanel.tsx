import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import { electionTimeZone, formatCalendarDate } from '../../../shared/election/localTime';
import { handoverDeadline } from '../../../shared/rules/handover';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { archiveRequestOf, downloadBase64 } from './handoverRecords';

/** Re-reads the clock every minute, so the days left change at local midnight. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * After certification: the handover (移交) within 3 days of the vote — how long is left (a
 * warning as the deadline nears: shared/rules/handover.ts) — the handover list, and the sealed
 * election archive. Main makes both from its own records; the renderer saves the files.
 */
export function HandoverPanel({ handover = true }: { readonly handover?: boolean }) {
  const { t, i18n } = useTranslation();
  const { view, bridge, db } = useStation();
  const now = useNow();
  const [busy, setBusy] = useState<'list' | 'archive' | null>(null);
  const [done, setDone] = useState<string[]>([]);
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const election = view.info?.election;
  if (!election) return null;
  const deadline = handoverDeadline(election.date, now, electionTimeZone(election));
  const urgency = deadline.urgency;
  // The deadline as people write a date: 2026年12月9日 (zh), 2026-12-09 (en) — never ISO in Chinese text.
  const deadlineText = formatCalendarDate(deadline.deadline, i18n.language === 'en' ? 'en' : 'zh');
  const message =
    urgency === 'ok'
      ? t('handover.deadlineOk', { deadline: deadlineText, days: deadline.daysLeft })
      : urgency === 'soon'
        ? t('handover.deadlineSoon', { deadline: deadlineText })
        : urgency === 'lastDay'
          ? t('handover.deadlineLastDay', { deadline: deadlineText })
          : t('handover.deadlineOverdue', { deadline: deadlineText, days: -deadline.daysLeft });
  const run = async (what: 'list' | 'archive') => {
    setBusy(what);
    setIssues([]);
    try {
      if (what === 'list') {
        const outcome = await bridge.produceHandover({});
        if (!outcome.ok) return setIssues(outcome.issues);
        downloadBase64(outcome.value.base64, outcome.value.fileName, 'application/pdf');
        setDone((list) => [...list, t('handover.listReady', { file: outcome.value.fileName })]);
      } else {
        const outcome = await bridge.produceArchive(await archiveRequestOf(db));
        if (!outcome.ok) return setIssues(outcome.issues);
        downloadBase64(outcome.value.base64, outcome.value.fileName, 'application/zip');
        setDone((list) => [...list, t('handover.sealed', { file: outcome.value.fileName, id: outcome.value.archiveId.slice(0, 16) })]);
      }
    } catch (error) {
      // The door itself failed (the host gone, an HTTP error): said, not swallowed.
      setIssues([issue('handover.failed', [], { detail: error instanceof Error ? error.message.slice(0, 300) : String(error) })]);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="panel" data-testid="handover-panel">
      <h2>{handover ? t('handover.title') : t('handover.archiveTitle')}</h2>
      {handover && (
        <p className={`notice ${urgency === 'ok' ? '' : urgency === 'overdue' ? 'error' : 'warn'}`} role={urgency === 'ok' ? 'status' : 'alert'} data-testid="handover-deadline" data-urgency={urgency}>
          {message}
        </p>
      )}
      <div className="row">
        {handover && (
          <button type="button" className="btn primary" disabled={busy !== null} data-testid="produce-handover" onClick={() => void run('list')}>
            {busy === 'list' ? t('handover.making') : t('handover.printList')}
          </button>
        )}
        <button type="button" className="btn" disabled={busy !== null} data-testid="produce-archive" onClick={() => void run('archive')}>
          {busy === 'archive' ? t('handover.making') : t('handover.seal')}
        </button>
      </div>
      {done.map((line) => (
        <p key={line} className="notice ok" role="status" data-testid="handover-done">
          {line}
        </p>
      ))}
      <IssueList issues={issues} />
    </section>
  );
}
