import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { usePollingStep } from '../../station/usePollingDay';
import type { RollEntry } from '../../station/types';
import { errorText, useOutcome } from './useOutcome';
import { VoterPicker } from './VoterPicker';

/** The check-in desk: find → check the ID → Enter issues the ballot. Esc cancels. */
export function CheckinDesk() {
  const { t } = useTranslation();
  const { view, actions, operator } = useStation();
  const step = usePollingStep();
  const [voter, setVoter] = useState<RollEntry | null>(null);
  const { issues, success, failure, show, fail } = useOutcome();
  const paused = step !== 'open';

  // A reload forgets what was on the confirm card: clear this desk's half-done mark.
  useEffect(() => {
    actions.endCheckin(operator);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const choose = (picked: RollEntry) => {
    setVoter(picked);
    actions.beginCheckin(picked.id, operator);
  };
  const cancel = () => {
    setVoter(null);
    actions.endCheckin(operator);
  };
  const issue = async () => {
    if (!voter) return;
    let outcome: Awaited<ReturnType<typeof actions.checkIn>>;
    try {
      outcome = await actions.checkIn(voter.id, operator);
    } catch (error) {
      // Main's journal (or the host) could not be reached: nothing was issued. The voter stays
      // on the card, so Enter tries again once it is back.
      fail(t('checkin.failed', { name: voter.name, message: errorText(error) }));
      return;
    }
    show(outcome, () => t('checkin.success', { name: voter.name }));
    setVoter(null);
    actions.endCheckin(operator);
  };

  useEffect(() => {
    if (!voter) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void issue();
      } else if (event.key === 'Escape') cancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const recent = [...view.checkins.values()]
    .filter((checkin) => checkin.desk === operator.desk)
    .sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : -1))
    .slice(0, 6);

  return (
    <section className="panel" data-testid="checkin-desk">
      <h2>{t('checkin.title')}</h2>
      {!voter && !paused && <VoterPicker onPick={choose} testId="checkin-search" autoFocus />}
      {voter && (
        <div className="confirm-card" data-testid="confirm-card">
          <div className="name">{voter.name}</div>
          <p>
            {voter.gender === 'F' ? t('setup.female') : t('setup.male')} · {t('checkin.born')} {voter.birthDate} · {t('checkin.idTail')} {voter.idTail}
            <br />
            {voter.address} · {voter.group}
          </p>
          <div className="row">
            <button type="button" className="btn primary big" onClick={issue} data-testid="confirm-issue">
              {t('checkin.confirmIssue')}
            </button>
            <button type="button" className="btn" onClick={cancel} data-testid="cancel-issue">
              {t('checkin.cancel')}
            </button>
          </div>
        </div>
      )}
      {success && (
        <p className="notice ok" role="status" data-testid="checkin-ok">
          {success}
        </p>
      )}
      <IssueList issues={issues} />
      {failure && (
        <p className="notice error" role="alert" data-testid="checkin-failure">
          {failure}
        </p>
      )}
      {recent.length > 0 && (
        <>
          <h3>{t('checkin.recent')}</h3>
          <table className="data">
            <tbody>
              {recent.map((checkin) => (
                <tr key={checkin.id}>
                  <td>{view.roll.get(checkin.voterId)?.name}</td>
                  <td>{t(`checkin.kind.${checkin.kind}`)}</td>
                  <td>{new Date(checkin.issuedAt).toLocaleTimeString()}</td>
                  <td>{checkin.status === 'issued' ? t('checkin.issued') : t('checkin.undone')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
