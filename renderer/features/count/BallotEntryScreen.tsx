import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import { checkNameCharacters } from '../../../shared/election/names';
import { IssueList } from '../../ui/IssueList';
import type { Entry } from '../../station/countService';
import { useStation } from '../../station/StationContext';
import { addWriteIn, draftMarks, EMPTY_DRAFT, isEmpty, keyedCandidates, overvotes, removeWriteIn, toggle, WRITE_IN_KEYS, writeInSuggestions, type Draft } from './ballotDraft';
import { RunningTally } from '../../ui/RunningTally';

/**
 * The 计票人's screen: one paper ballot at a time, keyboard only. Digits/letters cycle a
 * candidate ○ → × → none, F-keys add a write-in, Enter commits, B/N record a blank or an
 * unreadable ballot, Esc clears, Ctrl+Z withdraws the last ballot with a reason.
 */
export function BallotEntryScreen({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const { count, countActions, operator } = useStation();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [writeInFor, setWriteInFor] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const context = count?.context ?? null;
  const keyed = useMemo(() => (context ? keyedCandidates(context) : []), [context]);
  const entered = count?.entries[entry].length ?? 0;
  const recovered = count?.boxes?.recovered ?? 0;
  const flags = context ? overvotes(context, draft) : [];

  const commit = (status: 'valid' | 'blank' | 'unreadable') => {
    if (!context) return;
    if (status === 'valid' && isEmpty(draft)) return;
    // The next ballot is read out at once: clear the card now, so keys typed while this one
    // is stored belong to the next ballot. The service shows the ballot in the count within
    // this keypress and stores ballots in reading order; on a refusal the ballot comes back
    // to the card (if the clerk has not started the next one).
    const committed = draft;
    setDraft(EMPTY_DRAFT);
    countActions.enterBallot(entry, status === 'valid' ? { status, marks: draftMarks(context, committed) } : { status }, operator).then(
      (outcome) => {
        setFailure(null);
        if (outcome.ok) {
          setIssues([]);
          setMessage(t('count.committed', { seq: outcome.value.seq }));
        } else {
          setIssues(outcome.issues);
          setDraft((current) => (isEmpty(current) ? committed : current));
        }
      },
      (error: unknown) => setFailure(t('count.entryFailed', { message: error instanceof Error ? error.message : String(error) })),
    );
  };

  useEffect(() => {
    if (writeInFor || withdrawing) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (event.ctrlKey && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        setWithdrawing(true);
        return;
      }
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const key = event.key.toLowerCase();
      const candidate = keyed.find((k) => k.key === key);
      if (candidate) {
        event.preventDefault();
        setDraft((current) => toggle(current, candidate));
      } else if (WRITE_IN_KEYS.includes(event.key as (typeof WRITE_IN_KEYS)[number])) {
        event.preventDefault();
        const position = context?.positions[WRITE_IN_KEYS.indexOf(event.key as (typeof WRITE_IN_KEYS)[number])];
        if (position) setWriteInFor(position.id);
      } else if (event.key === 'Enter') {
        event.preventDefault();
        commit('valid');
      } else if (key === 'b') {
        event.preventDefault();
        commit('blank');
      } else if (key === 'n') {
        event.preventDefault();
        commit('unreadable');
      } else if (event.key === 'Escape') {
        setDraft(EMPTY_DRAFT);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!context || !count) return null;
  return (
    <section className="entry" data-testid={`entry-${entry}`}>
      <div className="panel">
        <h2>
          {t('count.entryTitle', { entry })} · <span data-testid="entry-progress">{t('count.progress', { entered, recovered })}</span>
        </h2>
        <div className="ballot" data-testid="ballot-draft">
          {context.positions.map((position, p) => (
            <div key={position.id} className="ballot-position">
              <h3>
                {position.title}（{t('setup.seats', { count: position.seats })}）
              </h3>
              <ul>
                {keyed
                  .filter((k) => k.positionId === position.id)
                  .map((k) => {
                    const mark = draft.marks[position.id]?.[k.person];
                    return (
                      <li key={k.person} className={`mark-${mark ?? 'none'}`} data-person={k.person} data-mark={mark ?? 'none'}>
                        <kbd>{k.key.toUpperCase()}</kbd>
                        <span className="mark">{mark === 'for' ? '○' : mark === 'against' ? '×' : '　'}</span>
                        <span className="name">{k.name}</span>
                      </li>
                    );
                  })}
                {(draft.writeIns[position.id] ?? []).map((name, index) => (
                  <li key={`w-${index}`} className="mark-for" data-writein={name}>
                    <kbd>{WRITE_IN_KEYS[p]}</kbd>
                    <span className="mark">○</span>
                    <span className="name">{name}</span>
                    <button type="button" className="btn small" onClick={() => setDraft(removeWriteIn(draft, position.id, index))}>
                      ✕
                    </button>
                  </li>
                ))}
              </ul>
              {writeInFor === position.id && (
                <WriteInInput
                  title={position.title}
                  candidates={keyed.map((k) => k.name)}
                  written={count.writeIns}
                  onDone={(name) => {
                    // A name with an invisible or direction-changing character is refused, with the reason.
                    const refused = name ? checkNameCharacters(name, ['writeIns']) : [];
                    setIssues(refused);
                    if (name && refused.length === 0) setDraft((current) => addWriteIn(current, position.id, name));
                    setWriteInFor(null);
                  }}
                />
              )}
              <p className="hint">
                <kbd>{WRITE_IN_KEYS[p]}</kbd> {t('count.keyWriteIn')}
              </p>
            </div>
          ))}
        </div>
        {flags.map((flag) => (
          <p key={flag.positionId} className="notice warn" data-testid="overvote-flag">
            {t('count.overvote', flag)}
          </p>
        ))}
        {withdrawing && (
          <WithdrawInput
            onDone={async (reason) => {
              setWithdrawing(false);
              if (reason === null) return;
              const outcome = await countActions.withdrawLast(entry, reason, operator);
              if (outcome.ok) setMessage(t('count.withdrawn', { seq: outcome.value.seq }));
              else setIssues(outcome.issues);
            }}
          />
        )}
        {message && (
          <p className="notice ok" role="status" data-testid="entry-message">
            {message}
          </p>
        )}
        <IssueList issues={issues} />
        {failure && (
          <p className="notice error" role="alert" data-testid="entry-failure">
            {failure}
          </p>
        )}
        <div className="keys">
          <strong>{t('count.keysTitle')}</strong> {t('count.keyToggle')} · {t('count.keyWriteIn')} · {t('count.keyCommit')} · {t('count.keyBlank')} · {t('count.keyClear')}
        </div>
      </div>
      {entry === 'A' && count.live && <RunningTally result={count.live} />}
    </section>
  );
}

function WriteInInput({ title, candidates, written, onDone }: { title: string; candidates: readonly string[]; written: readonly string[]; onDone: (name: string | null) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [selected, setSelected] = useState(-1);
  const suggestions = writeInSuggestions(text, candidates, written);
  return (
    <div className="writein">
      <input
        autoFocus
        value={text}
        placeholder={t('count.writeInPlaceholder', { title })}
        data-testid="writein-input"
        onChange={(event) => {
          setText(event.target.value);
          setSelected(-1);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setSelected((index) => Math.min(index + 1, suggestions.length - 1));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setSelected((index) => Math.max(index - 1, -1));
          } else if (event.key === 'Enter') {
            event.preventDefault();
            event.stopPropagation();
            onDone(selected >= 0 ? (suggestions[selected] ?? text) : text);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onDone(null);
          }
        }}
      />
      {suggestions.length > 0 && (
        <div>
          {t('count.writeInSuggest')}
          <ul className="suggestions">
            {suggestions.map((name, index) => (
              <li key={name} aria-selected={index === selected} data-testid="writein-suggestion">
                {name}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function WithdrawInput({ onDone }: { onDone: (reason: string | null) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <label className="field">
      <span>{t('count.withdrawReason')}</span>
      <input
        autoFocus
        value={reason}
        data-testid="withdraw-reason"
        onChange={(event) => setReason(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            event.stopPropagation();
            onDone(reason);
          } else if (event.key === 'Escape') onDone(null);
        }}
      />
    </label>
  );
}
