import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { electionTimeZone, formatLocalTime } from '../../../shared/election/localTime';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { usePollingStep } from '../../station/usePollingDay';
import type { RollEntry } from '../../station/types';
import { errorText, useOutcome } from './useOutcome';
import { VoterPicker } from './VoterPicker';

/**
 * The check-in desk: find the voter (Enter chooses) → the ID-check card (核对身份) with the focus
 * on 确认发票 → Enter there issues the ballot, a second and deliberate key. Esc on the card goes
 * back to the search with the text kept. The Enter that chose the voter never issues.
 */
export function CheckinDesk() {
  const { t } = useTranslation();
  const { view, actions, operator } = useStation();
  const step = usePollingStep();
  const [voter, setVoter] = useState<RollEntry | null>(null);
  // The search text that found the card's voter: given back to the search after Esc.
  const [query, setQuery] = useState('');
  const issuing = useRef(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const { issues, success, failure, show, fail } = useOutcome();
  const paused = step !== 'open';

  // A reload forgets what was on the confirm card: clear this desk's half-done mark.
  useEffect(() => {
    actions.endCheckin(operator);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const choose = (picked: RollEntry, text: string) => {
    setQuery(text);
    setVoter(picked);
    actions.beginCheckin(picked.id, operator);
  };
  const cancel = () => {
    setVoter(null);
    actions.endCheckin(operator);
  };
  const issue = async () => {
    if (!voter || issuing.current) return;
    issuing.current = true;
    let outcome: Awaited<ReturnType<typeof actions.checkIn>>;
    try {
      outcome = await actions.checkIn(voter.id, operator);
    } catch (error) {
      // Main's journal (or the host) could not be reached: nothing was issued. The voter stays
      // on the card, so Enter tries again once it is back.
      fail(t('checkin.failed', { name: voter.name, message: errorText(error) }));
      return;
    } finally {
      issuing.current = false;
    }
    show(outcome, () => t('checkin.success', { name: voter.name }));
    setVoter(null);
    setQuery('');
    actions.endCheckin(operator);
  };

  // The card opens with the focus on 确认发票: the next Enter is the clerk's decision.
  useEffect(() => {
    if (voter) confirmButton.current?.focus();
  }, [voter]);

  // Esc goes back to the search wherever the focus is while the card is open.
  useEffect(() => {
    if (!voter) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        cancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // Enter on 确认发票 issues (once: a held-down key repeats and is ignored).
  const onConfirmKey = (event: ReactKeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (!event.repeat) void issue();
  };

  const voterCheckin = voter ? view.checkins.get(voter.id) : undefined;
  const entrusted = voter ? view.proxies.find((proxy) => proxy.entrustingVoterId === voter.id) : undefined;
  const held = voter ? view.proxies.filter((proxy) => proxy.holderVoterId === voter.id).length : 0;

  const recent = [...view.checkins.values()]
    .filter((checkin) => checkin.desk === operator.desk)
    .sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : -1))
    .slice(0, 6);

  return (
    <section className="panel" data-testid="checkin-desk">
      <h2>{t('checkin.title')}</h2>
      {!voter && !paused && <VoterPicker onPick={choose} testId="checkin-search" autoFocus initialQuery={query} />}
      {voter && (
        <div className="confirm-card" data-testid="confirm-card" role="group" aria-label={t('checkin.idCheck')}>
          <h3>{t('checkin.idCheck')}</h3>
          <div className="name">{voter.name}</div>
          <p>
            {voter.gender === 'F' ? t('setup.female') : t('setup.male')} · {t('checkin.born')} {voter.birthDate} ·{' '}
            <strong data-testid="confirm-id-tail">
              {t('checkin.idTail')} {voter.idTail}
            </strong>
            <br />
            {voter.address} · {voter.group}
          </p>
          <ul className="card-status" data-testid="confirm-status">
            {voter.status === 'struck' && <li className="badge struck">{t('checkin.struck')}</li>}
            {voterCheckin?.status === 'issued' ? (
              <li className="badge done">{t('checkin.cardIssued', { kind: t(`checkin.kind.${voterCheckin.kind}`) })}</li>
            ) : (
              <li>{t('checkin.cardNotIssued')}</li>
            )}
            {entrusted && <li>{t('checkin.cardEntrusted', { name: view.roll.get(entrusted.holderVoterId)?.name ?? entrusted.holderVoterId })}</li>}
            {held > 0 && <li>{t('checkin.cardHolds', { count: held })}</li>}
          </ul>
          <div className="row">
            <button type="button" ref={confirmButton} className="btn primary big" onClick={() => void issue()} onKeyDown={onConfirmKey} data-testid="confirm-issue">
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
                  <td>{formatLocalTime(checkin.issuedAt, { timeZone: electionTimeZone(view.info?.election) })}</td>
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
