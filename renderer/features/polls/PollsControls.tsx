import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { useCheckinsInProgress, usePollingStep } from '../../station/usePollingDay';

/** Pause, resume and close the polls; closing asks once more and is refused mid check-in. */
export function PollsControls() {
  const { t } = useTranslation();
  const { actions, operator } = useStation();
  const step = usePollingStep();
  const checkinsInProgress = useCheckinsInProgress();
  const [confirming, setConfirming] = useState(false);
  const [refused, setRefused] = useState<readonly ValidationIssue[]>([]);
  // A pause or resume the gate refused (another window moved the day first): said, not swallowed.
  const [stepRefused, setStepRefused] = useState<readonly ValidationIssue[]>([]);
  const busyDesks = Object.keys(checkinsInProgress).length;
  const move = async (run: () => ReturnType<typeof actions.pausePolls>) => {
    const outcome = await run();
    setStepRefused(outcome.ok ? [] : outcome.issues);
  };
  const close = async () => {
    const outcome = await actions.closePolls(operator);
    setConfirming(false);
    setRefused(outcome.ok ? [] : outcome.issues);
  };
  return (
    <section className="panel row" data-testid="polls-controls">
      {step === 'open' ? (
        <button type="button" className="btn" onClick={() => move(() => actions.pausePolls(operator))} data-testid="pause-polls">
          {t('polls.pause')}
        </button>
      ) : (
        <button type="button" className="btn primary" onClick={() => move(() => actions.resumePolls(operator))} data-testid="resume-polls">
          {t('polls.resume')}
        </button>
      )}
      {!confirming ? (
        <button type="button" className="btn" onClick={() => setConfirming(true)} data-testid="close-polls">
          {t('polls.close')}
        </button>
      ) : (
        <>
          <strong>{t('polls.confirmClose')}</strong>
          <button type="button" className="btn primary" onClick={close} data-testid="confirm-close">
            {t('polls.close')}
          </button>
          <button type="button" className="btn" onClick={() => setConfirming(false)}>
            {t('checkin.cancel')}
          </button>
        </>
      )}
      {(busyDesks > 0 || refused.length > 0) && (
        <span className="notice warn" role="status">
          {t('polls.cannotClose')}
        </span>
      )}
      {step === 'paused' && <span className="notice warn">{t('polls.pausedBanner')}</span>}
      <IssueList issues={[...refused, ...stepRefused]} />
    </section>
  );
}
