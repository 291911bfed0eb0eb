import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import { reconciliationDifference } from '../../../shared/rules/polling';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';

/** After the close: issued + spoiled + unused must equal the stock, or be explained and signed off. */
export function ReconcileScreen() {
  const { t } = useTranslation();
  const { view, actions, operator } = useStation();
  const [unused, setUnused] = useState('');
  const [explanation, setExplanation] = useState('');
  const [signedOffBy, setSignedOffBy] = useState('');
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  // A resolved duplicate's second ballot left the stock too: counted as issued, as the action counts it.
  const [beyond, setBeyond] = useState(0);
  useEffect(() => {
    let live = true;
    void actions.ballotsBeyondCheckins().then((count) => live && setBeyond(count));
    return () => {
      live = false;
    };
  }, [actions, view.round]);
  const { stock, spoiled } = view.account;
  const issued = view.account.issued + beyond;
  const unusedCount = unused === '' ? null : Number(unused);
  const difference = unusedCount === null ? null : reconciliationDifference(stock, issued, spoiled, unusedCount);
  const tripsOut = view.trips.some((trip) => trip.status === 'out');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (unusedCount === null) return;
    const outcome = await actions.reconcile({ unused: unusedCount, explanation, signedOffBy }, operator);
    setIssues(outcome.ok ? [] : outcome.issues);
  };

  return (
    <form className="panel" onSubmit={submit} data-testid="reconcile-screen">
      <h2>{t('reconcile.title')}</h2>
      <table className="data" style={{ maxWidth: '32rem' }}>
        <tbody>
          <tr>
            <th>{t('reconcile.stock')}</th>
            <td className="num" data-testid="rec-stock">{stock}</td>
          </tr>
          <tr>
            <th>{t('reconcile.issued')}</th>
            <td className="num" data-testid="rec-issued">{issued}</td>
          </tr>
          <tr>
            <th>{t('reconcile.spoiled')}</th>
            <td className="num" data-testid="rec-spoiled">{spoiled}</td>
          </tr>
        </tbody>
      </table>
      <label className="field" style={{ maxWidth: '20rem' }}>
        <span>{t('reconcile.unused')}</span>
        <input type="number" min={0} value={unused} onChange={(event) => setUnused(event.target.value)} data-testid="rec-unused" autoFocus />
      </label>
      {difference !== null && (
        <p className={`notice ${difference === 0 ? 'ok' : 'warn'}`} data-testid="rec-balance">
          {t('reconcile.summary', { issued, spoiled, unused: unusedCount, total: issued + spoiled + (unusedCount ?? 0), stock })}
          <br />
          {difference === 0 ? t('reconcile.balanced') : t(difference > 0 ? 'reconcile.unbalancedOver' : 'reconcile.unbalancedShort', { count: Math.abs(difference) })}
        </p>
      )}
      {difference !== null && difference !== 0 && (
        <div className="grid2">
          <label className="field">
            <span>{t('reconcile.explanation')}</span>
            <textarea value={explanation} onChange={(event) => setExplanation(event.target.value)} data-testid="rec-explanation" />
          </label>
          <label className="field">
            <span>{t('reconcile.signedOffBy')}</span>
            <input value={signedOffBy} onChange={(event) => setSignedOffBy(event.target.value)} data-testid="rec-signed-off-by" />
          </label>
        </div>
      )}
      {tripsOut && <p className="notice warn">{t('reconcile.mobileOut')}</p>}
      <IssueList issues={issues} />
      <button type="submit" className="btn primary big" disabled={unusedCount === null} data-testid="rec-confirm">
        {t('reconcile.confirm')}
      </button>
    </form>
  );
}
