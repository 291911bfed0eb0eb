import { useTranslation } from 'react-i18next';
import { useStation } from '../../station/StationContext';

/** Setup done, polls not yet open. */
export function ReadyScreen() {
  const { t } = useTranslation();
  const { actions, operator } = useStation();
  return (
    <section className="panel" data-testid="ready-screen">
      <h2>{t('app.step.ready')}</h2>
      <p>{t('polls.readyIntro')}</p>
      <div className="row">
        <button type="button" className="btn primary big" onClick={() => actions.openPolls(operator)} data-testid="open-polls">
          {t('polls.open')}
        </button>
        <button type="button" className="btn" onClick={() => actions.editSetup(operator)}>
          {t('polls.editSetup')}
        </button>
      </div>
    </section>
  );
}
