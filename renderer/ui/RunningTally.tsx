import { useTranslation } from 'react-i18next';
import type { CountResult } from '../../shared/election/schemas';

/** The running votes per position (also the projector's content, in larger type). */
export function RunningTally({ result, big = false }: { result: CountResult; big?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={`panel tally ${big ? 'big' : ''}`} data-testid="running-tally">
      {!big && <h2>{t('count.runningTally')}</h2>}
      {result.positions.map((position) => {
        const top = Math.max(1, ...position.tallies.map((tally) => tally.for));
        return (
          <div key={position.id} className="tally-position">
            <h3>{position.title ?? position.id}</h3>
            {position.tallies.map((tally) => (
              <div key={tally.person} className="bar-row" data-person={tally.person} data-votes={tally.for}>
                <span className="bar-name">{tally.name}</span>
                <span className="bar">
                  {/* scaleX, not width: a new vote repaints the bar without laying the page out again */}
                  <span className="bar-fill" style={{ transform: `scaleX(${tally.for / top})` }} />
                </span>
                <span className="bar-votes">{tally.for}</span>
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}
