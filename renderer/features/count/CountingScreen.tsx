import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { BallotEntryScreen } from './BallotEntryScreen';
import { DisagreementsPanel } from './DisagreementsPanel';
import { useHubStatus } from '../../station/useHubStatus';

/** Desk A's entry screen, the voided mobile boxes, and the way to the result. */
export function CountingScreen() {
  const { t } = useTranslation();
  const { count, countActions, operator } = useStation();
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  // A count desk (分组计票) enters its table's pile; the lead settles and decides the merged count.
  const atDesk = useHubStatus().role === 'desk';
  if (!count?.boxes) return null;
  // Decided on the ballots as read, never on the cold start's snapshot.
  const complete = count.pile === 'loaded' && count.entered.A === count.boxes.recovered;
  return (
    <>
      {count.boxes.mobileBoxes
        .filter((box) => box.void)
        .map((box) => (
          <p key={box.tripId} className="notice warn">
            {t('count.voidBox', { id: box.tripId })}
          </p>
        ))}
      <BallotEntryScreen entry="A" />
      {count.boxes.doubleEntry && (
        <p>
          <a href="#/entry-b" target="_blank" rel="noreferrer" data-testid="open-entry-b">
            {t('count.openEntryB')}
          </a>
        </p>
      )}
      {!atDesk && count.boxes.doubleEntry && count.disagreements.length > 0 && <DisagreementsPanel />}
      {atDesk ? (
        <p className="notice" data-testid="desk-decides-at-lead">
          {t('count.deskDecidesAtLead')}
        </p>
      ) : (
        <section className="panel row">
          <button
            type="button"
            className="btn primary big"
            disabled={!complete}
            data-testid="finish-count"
            onClick={async () => {
              const outcome = await countActions.finishCount(operator);
              setIssues(outcome.ok ? [] : outcome.issues);
            }}
          >
            {t('count.finish')}
          </button>
          <IssueList issues={issues} />
        </section>
      )}
    </>
  );
}
