import { useTranslation } from 'react-i18next';
import type { CountResult } from '../../shared/election/schemas';

/**
 * The running votes per position (also the projector's content, in larger type). The projector
 * passes `certain` (shared/rules certainlyElected: 当选 as soon as it is certain) and asks for the
 * threshold line; 反对 is shown where the ballot has 赞成/反对/弃权 marks (a tally with `against`).
 */
export function RunningTally({
  result,
  big = false,
  certain,
  showThreshold = false,
  oneThird = false,
}: {
  result: CountResult;
  big?: boolean;
  certain?: ReadonlyMap<string, ReadonlySet<string>>;
  showThreshold?: boolean;
  oneThird?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className={`panel tally ${big ? 'big' : ''}`} data-testid="running-tally">
      {!big && <h2>{t('count.runningTally')}</h2>}
      {result.positions.map((position) => {
        const top = Math.max(1, ...position.tallies.map((tally) => tally.for));
        const hasAgainst = position.tallies.some((tally) => tally.against !== undefined);
        return (
          <div key={position.id} className="tally-position" data-position={position.id}>
            <h3>
              {position.title ?? position.id}
              {showThreshold && (
                <span className="threshold" data-testid="tally-threshold">
                  {t(oneThird ? 'projector.thresholdThird' : 'projector.threshold', { votes: position.threshold })}
                </span>
              )}
            </h3>
            {position.tallies.map((tally) => {
              const elected = certain?.get(position.id)?.has(tally.person) ?? false;
              return (
                <div key={tally.person} className={`bar-row${hasAgainst ? ' with-against' : ''}`} data-person={tally.person} data-votes={tally.for} data-elected={elected || undefined}>
                  <span className="bar-name">{tally.name}</span>
                  <span className="bar">
                    {/* scaleX, not width: a new vote repaints the bar without laying the page out again */}
                    <span className="bar-fill" style={{ transform: `scaleX(${tally.for / top})` }} />
                  </span>
                  <span className="bar-votes">{tally.for}</span>
                  {hasAgainst && (
                    <span className="bar-against" data-testid="tally-against">
                      {tally.against !== undefined ? t('projector.against', { votes: tally.against }) : ''}
                    </span>
                  )}
                  {certain && <span className="bar-elected">{elected ? t('projector.elected') : ''}</span>}
                </div>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
