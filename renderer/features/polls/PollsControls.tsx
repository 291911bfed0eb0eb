import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import { closePollsWarnings, type CloseWarning } from '../../../shared/rules/polling';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { useCheckinsInProgress, usePollingStep } from '../../station/usePollingDay';

/**
 * Pause, resume and close the polls; closing asks once more and is refused mid check-in. A close
 * the round will not stand as it is — turnout at or below the rule's line (选举无效), mobile boxes
 * still out — says so with the numbers and asks a second time (shared/rules closePollsWarnings).
 */
export function PollsControls() {
  const { t } = useTranslation();
  const { actions, operator, view } = useStation();
  const step = usePollingStep();
  const checkinsInProgress = useCheckinsInProgress();
  // 'ask': the first confirmation (with any warnings); 'again': the second, after a warning.
  const [confirming, setConfirming] = useState<false | 'ask' | 'again'>(false);
  const [refused, setRefused] = useState<readonly ValidationIssue[]>([]);
  // A pause or resume the gate refused (another window moved the day first): said, not swallowed.
  const [stepRefused, setStepRefused] = useState<readonly ValidationIssue[]>([]);
  const busyDesks = Object.keys(checkinsInProgress).length;
  // The prompt is a small dialog: its first button takes the focus, Esc closes it (as every
  // dialog), and the focus goes back to 结束投票 where the clerk was (issue 15, item 4).
  const closeButton = useRef<HTMLButtonElement>(null);
  const promptButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) promptButton.current?.focus();
    else if (wasConfirming.current) closeButton.current?.focus();
    wasConfirming.current = confirming !== false;
  }, [confirming]);
  useEffect(() => {
    if (!confirming) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      setConfirming(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [confirming]);
  const move = async (run: () => ReturnType<typeof actions.pausePolls>) => {
    const outcome = await run();
    setStepRefused(outcome.ok ? [] : outcome.issues);
  };
  const warnings: CloseWarning[] = view.info
    ? closePollsWarnings({ election: view.info.election, round: view.round, participants: view.participants, registeredVoters: view.info.registeredVoters, trips: view.trips })
    : [];
  const warningText = (warning: CloseWarning): string =>
    warning.kind === 'turnout'
      ? t('polls.warnTurnout', { participants: warning.participants, registered: warning.registered, needed: warning.needed })
      : t('polls.warnTripsOut', { trips: warning.trips, ballots: warning.ballotsOut });
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
        <button type="button" className="btn" ref={closeButton} onClick={() => setConfirming('ask')} data-testid="close-polls">
          {t('polls.close')}
        </button>
      ) : (
        <>
          {warnings.length > 0 && (
            <ul className="notice warn" role="alert" data-testid="close-warnings">
              {warnings.map((warning) => (
                <li key={warning.kind} data-testid={`close-warning-${warning.kind}`}>
                  {warningText(warning)}
                </li>
              ))}
            </ul>
          )}
          {confirming === 'ask' && warnings.length > 0 ? (
            <>
              <strong>{t('polls.confirmCloseWarned')}</strong>
              <button type="button" className="btn" ref={promptButton} onClick={() => setConfirming('again')} data-testid="close-anyway">
                {t('polls.closeAnyway')}
              </button>
            </>
          ) : (
            <>
              <strong>{warnings.length > 0 ? t('polls.confirmCloseAgain') : t('polls.confirmClose')}</strong>
              <button type="button" className="btn primary" ref={promptButton} onClick={close} data-testid="confirm-close">
                {t('polls.close')}
              </button>
            </>
          )}
          <button type="button" className="btn" onClick={() => setConfirming(false)} data-testid="cancel-close">
            {t('checkin.cancel')}
          </button>
        </>
      )}
      {refused.some((found) => found.code === 'polls.checkinInProgress') && busyDesks > 0 && (
        <button type="button" className="btn" onClick={() => move(() => actions.abandonCheckins(operator))} data-testid="abandon-checkins">
          {t('polls.abandonCheckins')}
        </button>
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
