import { useTranslation } from 'react-i18next';
import { turnoutPercent } from '../../shared/rules/polling';
import { useStation } from '../station/StationContext';
import { usePollingStep } from '../station/usePollingDay';

/** Always visible while polling: ballots issued, turnout of the registered, ballots left. */
export function StatsBar() {
  const { t } = useTranslation();
  const { view, count } = useStation();
  const step = usePollingStep();
  if (!view.info || step === 'unconfigured' || step === 'setup') return null;
  const registered = view.info.registeredVoters ?? count?.boxes?.registeredVoters ?? 0;
  return (
    <section className="stats" aria-label="stats">
      <div className="stat">
        <span className="label">{t('app.stats.issued')}</span>
        <span className="value" data-testid="stat-issued">{view.account.issued}</span>
      </div>
      <div className="stat">
        <span className="label">{t('app.stats.turnout')}</span>
        <span className="value" data-testid="stat-turnout">{turnoutPercent(view.participants, registered)}%</span>
      </div>
      <div className="stat">
        <span className="label">{t('app.stats.left')}</span>
        <span className="value" data-testid="stat-left">{view.account.left}</span>
      </div>
      {view.account.withMobileBoxes > 0 && (
        <div className="stat">
          <span className="label">{t('app.stats.withMobileBoxes')}</span>
          <span className="value">{view.account.withMobileBoxes}</span>
        </div>
      )}
    </section>
  );
}
