import { useTranslation } from 'react-i18next';
import { useStation } from '../../station/StationContext';

/** The ballots are reconciled; the count starts in public. */
export function CountStartScreen() {
  const { t } = useTranslation();
  const { countActions, operator } = useStation();
  return (
    <section className="panel" data-testid="count-start">
      <h2>{t('reconcile.done')}</h2>
      <p>{t('count.startIntro')}</p>
      <button type="button" className="btn primary big" onClick={() => countActions.startCount(operator)} data-testid="start-count">
        {t('count.start')}
      </button>
    </section>
  );
}
