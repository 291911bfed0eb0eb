import { useTranslation } from 'react-i18next';
import { certainlyElected } from '../../../shared/rules';
import { DemoBadge } from '../../ui/DemoBadge';
import { RunningTally } from '../../ui/RunningTally';
import { useStation } from '../../station/StationContext';

/**
 * The room's view on a projector: large type, every candidate's running votes, no controls. It
 * follows the current round (a runoff shows the runoff, never round 1), says each position's
 * threshold (过半数 = N 票) and marks 当选 as soon as shared/rules says it is certain (issue 15, item 4).
 */
export function ProjectorScreen() {
  const { t } = useTranslation();
  const { view, count } = useStation();
  const entered = count?.entered.A ?? 0;
  const recovered = count?.boxes?.recovered ?? 0;
  const round = count?.round ?? view.round;
  const decided = count?.results.find((result) => result.round === round) ?? null;
  const live = count?.live ?? decided;
  const context = count?.context ?? null;
  // 当选 is never taken back: claimed on the ballots as read, not on the cold start's unchecked snapshot.
  const certain = live && context && (decided || count?.pile === 'loaded') ? certainlyElected(context, live, decided ? 0 : recovered - entered) : undefined;
  const isRunoff = context?.isRunoff ?? round > 1;
  return (
    <div className="projector" data-testid="projector">
      <header>
        <h1>
          <DemoBadge /> {view.info?.election.title} · {t('projector.title')}
        </h1>
        <p className="round" data-testid="projector-round" data-round={round}>
          {isRunoff ? t('projector.runoffRound', { round }) : t('projector.round', { round })}
        </p>
        <p className="counted" data-testid="projector-counted">
          {count?.boxes ? t('projector.counted', { entered, recovered }) : t('projector.waiting')}
        </p>
      </header>
      {live && <RunningTally result={live} big certain={certain} showThreshold={live.valid} oneThird={isRunoff && context?.rules.runoffThreshold === 'oneThird'} />}
    </div>
  );
}
