import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outcome, ValidationIssue } from '../../../shared/election/issues';
import type { Ballot } from '../../../shared/election/schemas';
import type { BallotDoc } from '../../db/schemas/count';
import { checkNameCharacters } from '../../../shared/election/names';
import { IssueList } from '../../ui/IssueList';
import type { Entry, ResumePoint } from '../../station/countService';
import { useStation } from '../../station/StationContext';
import { addWriteIn, draftMarks, EMPTY_DRAFT, isEmpty, keyedCandidates, overvotes, removeWriteIn, toggle, WRITE_IN_KEYS, writeInSuggestions, type Draft } from './ballotDraft';
import { RunningTally } from '../../ui/RunningTally';
import { firstPlaceOf, placeInTable } from '../../../shared/station/countTables';
import { useCountTable } from './useCountTable';

/** Refusals that mean the paper was not stored (the reading itself was fine): the screen blocks until the clerk chooses. */
const NOT_STORED = new Set(['count.entryNotStored', 'count.earlierNotStored', 'count.concurrentEntry', 'count.placeUnknown']);
/** Of those, the ones where the service keeps the ballot to store again as it was. */
const KEPT = new Set(['count.entryNotStored', 'count.concurrentEntry']);
/** Refusals of the table and entry itself (the hub's gate): shown by the table, entry blocked until another is chosen. */
const TABLE_REFUSALS = new Set(['hub.tableClaimed', 'hub.tableOfLead', 'hub.tableClaimOffline']);

type Status = 'valid' | 'blank' | 'unreadable';
type Input = { readonly status: 'valid'; readonly marks: NonNullable<Ballot['marks']> } | { readonly status: 'blank' | 'unreadable' };

/**
 * `ready` takes keys; `pending` — a ballot is being stored: no key adds marks (typing ahead
 * onto the next paper is what merged papers); `failed` — the paper in hand was not recorded:
 * only "store it again" (Enter) or "drop it and enter it anew" (Esc) are taken.
 */
type Phase =
  | { readonly kind: 'ready' }
  | { readonly kind: 'pending'; readonly seq: number }
  | {
      readonly kind: 'failed';
      readonly seq: number;
      readonly draft: Draft;
      readonly input: Input;
      readonly issues: readonly ValidationIssue[];
      /** The service keeps the ballot (same id and contents) for `retryBallot`. */
      readonly kept: boolean;
      /** An unexpected error (not a refusal), its message. */
      readonly error: string | null;
    };

const READY: Phase = { kind: 'ready' };

/**
 * The 计票人's screen: one paper ballot at a time, keyboard only. Digits/letters cycle a
 * candidate ○ → × → none, F-keys add a write-in, Enter commits, B/N record a blank or an
 * unreadable ballot, Esc clears, Ctrl+Z withdraws the last ballot with a reason.
 *
 * A committed ballot shows in the count at once; "第 N 张已录入" only once it is durable (main's
 * journal and the database). Until then no key is taken, and a failed store blocks the screen
 * saying the paper in hand was not recorded. Opening the screen says where the desk stands:
 * the ballots stored, and the papers a closed window left unconfirmed, to read again.
 */
export function BallotEntryScreen({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const { count, countActions, operator } = useStation();
  // First: the window's table is set before the effects below ask where the desk stands.
  const tables = useCountTable();
  const { table } = tables;
  /** A count desk's next place at its own table (the merged pile's count is every table's). */
  const [nextPlace, setNextPlace] = useState<number | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [phase, setPhase] = useState<Phase>(READY);
  const [resume, setResume] = useState<ResumePoint | null>(null);
  const [writeInFor, setWriteInFor] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const [message, setMessage] = useState('');
  const context = count?.context ?? null;
  const keyed = useMemo(() => (context ? keyedCandidates(context) : []), [context]);
  const entered = count?.entered[entry] ?? 0;
  const recovered = count?.boxes?.recovered ?? 0;
  const card = phase.kind === 'failed' ? phase.draft : draft;
  const flags = context ? overvotes(context, card) : [];

  useEffect(() => {
    let open = true;
    void countActions.resumePoint(entry).then((outcome) => {
      if (!open || !outcome.ok) return;
      setNextPlace(outcome.value.next);
      setResume(outcome.value.saved > 0 || outcome.value.reenterTo !== null ? outcome.value : null);
    });
    return () => {
      open = false;
    };
  }, [countActions, entry, table]);
  const nextSeq = table === 0 ? entered + 1 : (nextPlace ?? firstPlaceOf(table));
  // A count desk's table and entry at the hub: held by another desk (named), or not confirmable offline.
  const [tableIssues, setTableIssues] = useState<readonly ValidationIssue[]>([]);
  useEffect(() => {
    let open = true;
    setTableIssues([]);
    if (table !== 0) void countActions.tableStanding(entry, operator).then((found) => open && setTableIssues(found));
    return () => {
      open = false;
    };
  }, [countActions, entry, table, operator]);

  /** Follows one store to its end: the durable message, or the blocking state. */
  const settle = (storing: Promise<Outcome<BallotDoc>>, committed: Draft, input: Input, seq: number) => {
    storing.then(
      (outcome) => {
        if (outcome.ok) {
          const stored = outcome.value.seq;
          setIssues([]);
          setTableIssues([]);
          setMessage(t('count.committed', { seq: placeInTable(stored) }));
          setNextPlace(stored + 1);
          setPhase(READY);
          setResume((shown) => (shown?.reenterTo != null && stored < shown.reenterTo ? { ...shown, saved: stored, next: stored + 1 } : null));
        } else if (outcome.issues.some((found) => NOT_STORED.has(found.code))) {
          const failedSeq = outcome.issues.map((found) => found.params?.seq).find((n): n is number => typeof n === 'number') ?? seq;
          setIssues([]);
          setPhase({ kind: 'failed', seq: failedSeq, draft: committed, input, issues: outcome.issues, kept: outcome.issues.some((found) => KEPT.has(found.code)), error: null });
        } else if (outcome.issues.some((found) => TABLE_REFUSALS.has(found.code))) {
          // Another desk holds this table and entry (or the hub cannot say): the recorders choose another.
          setIssues([]);
          setTableIssues(outcome.issues);
          setDraft(committed);
          setPhase(READY);
        } else {
          // The reading was refused (not the storage): back on the card to correct.
          setIssues(outcome.issues);
          setDraft(committed);
          setPhase(READY);
        }
      },
      (error: unknown) => setPhase({ kind: 'failed', seq, draft: committed, input, issues: [], kept: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };

  const commit = (status: Status) => {
    if (!context || phase.kind !== 'ready') return;
    if (tableIssues.some((found) => found.code === 'hub.tableClaimed')) return;
    if (status === 'valid' && isEmpty(draft)) return;
    // The service shows the ballot in the count within this keypress; the card is cleared
    // and locked until the ballot is durable.
    const committed = draft;
    const input: Input = status === 'valid' ? { status, marks: draftMarks(context, committed) } : { status };
    setDraft(EMPTY_DRAFT);
    setPhase({ kind: 'pending', seq: nextSeq });
    if (table !== 0) setNextPlace(nextSeq + 1);
    settle(countActions.enterBallot(entry, input, operator), committed, input, nextSeq);
  };

  /** "Retry this paper": the same marks, stored again. */
  const retry = () => {
    if (phase.kind !== 'failed') return;
    const { draft: committed, input, seq, kept } = phase;
    setPhase({ kind: 'pending', seq });
    settle(kept ? countActions.retryBallot(entry, operator) : countActions.enterBallot(entry, input, operator), committed, input, seq);
  };

  /** "Discard and re-enter": the card is empty, the same paper is entered anew. */
  const discard = () => {
    if (phase.kind !== 'failed') return;
    countActions.discardBallot(entry);
    setMessage(t('ballotStore.discarded', { seq: placeInTable(phase.seq) }));
    setDraft(EMPTY_DRAFT);
    setPhase(READY);
  };

  // A layout effect: the listener that sees the new phase is in place when the screen shows it.
  // A passive effect ran after the paint when the phase changed outside a keypress (the store
  // settling), so a key pressed on the "entered" card still met the "pending" listener and was lost.
  useLayoutEffect(() => {
    if (writeInFor || withdrawing) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (phase.kind !== 'ready') {
        // Nothing is typed ahead onto the next paper while this one is stored or refused.
        if (phase.kind === 'failed' && !event.ctrlKey && !event.altKey && !event.metaKey && !event.repeat) {
          if (event.key === 'Enter') retry();
          else if (event.key === 'Escape') discard();
        }
        event.preventDefault();
        return;
      }
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
          {t('count.entryTitle', { entry })}
          {table !== 0 && <span data-testid="entry-table"> · {t('count.tableTitle', { table })}</span>} · <span data-testid="entry-progress" data-pile={count.pile}>{t('count.progress', { entered, recovered })}</span>
          {count.pile === 'snapshot' && (
            <small className="hint" data-testid="pile-checking">
              {' '}
              {t('count.pileChecking')}
            </small>
          )}
        </h2>
        {tables.choosable && (
          <p className="row">
            <label>
              {t('count.tableChoose')}{' '}
              <select data-testid="entry-table-choice" value={table} disabled={phase.kind !== 'ready'} onChange={(event) => tables.choose(Number(event.target.value))}>
                {tables.tables.map((n) => (
                  <option key={n} value={n}>
                    {t('count.tableTitle', { table: n })}
                  </option>
                ))}
              </select>
            </label>{' '}
            <small className="hint">{t('count.tableHint')}</small>
          </p>
        )}
        {tableIssues.length > 0 && (
          <div data-testid="entry-table-refused" data-code={tableIssues[0]!.code}>
            <IssueList issues={tableIssues} />
          </div>
        )}
        {resume && <ResumeNotice resume={resume} />}
        <div className={`ballot entry-${phase.kind}`} data-testid="ballot-draft" data-state={phase.kind}>
          {context.positions.map((position, p) => (
            <div key={position.id} className="ballot-position">
              <h3>
                {position.title}（{t('setup.seats', { count: position.seats })}）
              </h3>
              <ul>
                {keyed
                  .filter((k) => k.positionId === position.id)
                  .map((k) => {
                    const mark = card.marks[position.id]?.[k.person];
                    return (
                      <li key={k.person} className={`mark-${mark ?? 'none'}`} data-person={k.person} data-mark={mark ?? 'none'}>
                        <kbd>{k.key.toUpperCase()}</kbd>
                        <span className="mark">{mark === 'for' ? '○' : mark === 'against' ? '×' : '　'}</span>
                        <span className="name">{k.name}</span>
                      </li>
                    );
                  })}
                {(card.writeIns[position.id] ?? []).map((name, index) => (
                  <li key={`w-${index}`} className="mark-for" data-writein={name}>
                    <kbd>{WRITE_IN_KEYS[p]}</kbd>
                    <span className="mark">○</span>
                    <span className="name">{name}</span>
                    <button type="button" className="btn small" disabled={phase.kind !== 'ready'} onClick={() => setDraft(removeWriteIn(draft, position.id, index))}>
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
              if (outcome.ok) {
                setMessage(t('count.withdrawn', { seq: placeInTable(outcome.value.seq) }));
                setNextPlace(outcome.value.seq);
              }
              else setIssues(outcome.issues);
            }}
          />
        )}
        {phase.kind === 'failed' && (
          <div className="notice error" role="alert" data-testid="entry-blocked" data-seq={phase.seq}>
            <IssueList issues={phase.issues} title={t('ballotStore.notRecorded', { seq: placeInTable(phase.seq) })} />
            {phase.error !== null && <p>{t('count.entryFailed', { message: phase.error })}</p>}
            {phase.issues.length === 0 && <strong>{t('ballotStore.notRecorded', { seq: placeInTable(phase.seq) })}</strong>}
            <p>{phase.input.status === 'valid' ? t('ballotStore.inHand', { seq: placeInTable(phase.seq) }) : t('ballotStore.inHandStatus', { seq: placeInTable(phase.seq), status: t(`count.${phase.input.status}`) })}</p>
            <p>
              <button type="button" className="btn primary" data-testid="entry-retry" onClick={retry}>
                {t('ballotStore.retry')}
              </button>{' '}
              <button type="button" className="btn" data-testid="entry-discard" onClick={discard}>
                {t('ballotStore.discard')}
              </button>
            </p>
          </div>
        )}
        {phase.kind === 'pending' ? (
          <p className="notice" role="status" data-testid="entry-saving">
            {t('ballotStore.saving', { seq: placeInTable(phase.seq) })}
          </p>
        ) : (
          message && (
            <p className="notice ok" role="status" data-testid="entry-message">
              {message}
            </p>
          )
        )}
        <IssueList issues={issues} />
        <div className="keys">
          <strong>{t('count.keysTitle')}</strong> {t('count.keyToggle')} · {t('count.keyWriteIn')} · {t('count.keyCommit')} · {t('count.keyBlank')} · {t('count.keyClear')}
        </div>
      </div>
      {entry === 'A' && count.live && <RunningTally result={count.live} />}
    </section>
  );
}

/** Where the desk stands when the screen opens: the papers to read again, or the ballots stored and the next paper. */
function ResumeNotice({ resume }: { resume: ResumePoint }) {
  const { t } = useTranslation();
  const { next, reenterTo, saved } = resume;
  const text =
    reenterTo === null
      ? t('ballotStore.resumed', { saved, next: placeInTable(next) })
      : reenterTo === next
        ? t('ballotStore.reenterOne', { from: placeInTable(next) })
        : t('ballotStore.reenterRange', { from: placeInTable(next), to: placeInTable(reenterTo) });
  return (
    <p className={`notice ${reenterTo === null ? '' : 'warn'}`} role="status" data-testid="entry-resume" data-from={next} data-to={reenterTo ?? next}>
      {text}
    </p>
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
