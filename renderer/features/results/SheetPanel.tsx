import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { usePollingStep } from '../../station/usePollingDay';

/**
 * The signed tally sheet (选举结果报告单): main recounts and signs, the PDF is shown here, and
 * can be printed, saved and reprinted (the same stored bytes) at any time after.
 */
export function SheetPanel() {
  const { t } = useTranslation();
  const { count, countActions, bridge, operator } = useStation();
  const step = usePollingStep();
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const sheet = count?.sheet ?? null;
  if (!sheet) {
    return (
      <section className="panel" data-testid="sheet-panel">
        <h2>{t('sheet.title')}</h2>
        <p>{t('sheet.intro')}</p>
        <button
          type="button"
          className="btn primary big"
          disabled={busy}
          data-testid="produce-sheet"
          onClick={async () => {
            setBusy(true);
            const outcome = await countActions.produceSheets(operator).finally(() => setBusy(false));
            setIssues(outcome.ok ? [] : outcome.issues);
          }}
        >
          {busy ? t('sheet.producing') : t('sheet.produce')}
        </button>
        <IssueList issues={issues} />
      </section>
    );
  }
  const url = bridge.sheetUrl(sheet.files.sheet);
  const print = () => {
    const frame = document.querySelector<HTMLIFrameElement>('iframe[data-testid="sheet-frame"]');
    frame?.contentWindow?.print();
  };
  return (
    <section className="panel" data-testid="sheet-panel">
      <h2>{t('sheet.signedTitle')}</h2>
      <p>
        {t('sheet.signedIntro', { step: t(`app.step.${step}`) })}
        <br />
        <code data-testid="sheet-hash">{sheet.sheetSha256}</code>
      </p>
      <div className="row">
        <button type="button" className="btn primary" onClick={print} data-testid="print-sheet">
          {t('sheet.print')}
        </button>
        <a className="btn" href={url} download={`选举结果报告单-${sheet.sheetSha256.slice(0, 8)}.pdf`} data-testid="save-sheet">
          {t('sheet.save')}
        </a>
        {sheet.files.announcement && (
          <a className="btn" href={bridge.sheetUrl(sheet.files.announcement)} target="_blank" rel="noreferrer" data-testid="announcement">
            {t('sheet.announcement')}
          </a>
        )}
        {sheet.files.certificates && (
          <a className="btn" href={bridge.sheetUrl(sheet.files.certificates)} target="_blank" rel="noreferrer" data-testid="certificates">
            {t('sheet.certificates')}
          </a>
        )}
      </div>
      <iframe className="sheet-frame" title={t('sheet.title')} src={url} data-testid="sheet-frame" />
    </section>
  );
}
