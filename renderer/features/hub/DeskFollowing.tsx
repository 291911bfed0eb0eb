/**
 * A desk at a step it takes no part in (issue 16): only the lead moves the day — setup, opening,
 * closing, reconciling, the count — so the desk shows where the lead is and waits; its screen
 * changes by itself when the lead's next step arrives from the hub.
 */
import { useTranslation } from 'react-i18next';
import { usePollingStep } from '../../station/usePollingDay';

export function DeskFollowing() {
  const { t } = useTranslation();
  const step = usePollingStep();
  return (
    <section className="panel" data-testid="hub-desk-following" data-step={step}>
      <h2>{t(`app.step.${step}`)}</h2>
      <p className="notice warn">{t('hub.followsLead')}</p>
    </section>
  );
}
