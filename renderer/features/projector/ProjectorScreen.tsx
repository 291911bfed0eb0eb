import { useTranslation } from 'react-i18next';
import { DemoBadge } from '../../ui/DemoBadge';
import { RunningTally } from '../../ui/RunningTally';
import { useStation } from '../../station/StationContext';

/** The room's view on a projector: large type, every candidate's running votes, no controls. */
export function ProjectorScreen() {
  const { t } = useTranslation();
  const { view, count } = useStation();
  const entered = count?.entries.A.length ?? 0;
  const recovered = count?.boxes?.recovered ?? 0;
  const live = count?.live ?? count?.results.at(-1) ?? null;
  return (
    <div className="projector" data-testid="projector">
      <header>
        <h1>
          <DemoBadge /> {view.info?.election.title} · {t('projector.title')}
        </h1>
        <p className="counted" data-testid="projector-counted">
          {count?.boxes ? t('projector.counted', { entered, recovered }) : t('projector.waiting')}
        </p>
      </header>
      {live && <RunningTally result={live} big />}
    </div>
  );
}
