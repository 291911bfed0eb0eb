import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RollEntry } from '../../station/types';
import { useStation } from '../../station/StationContext';

/**
 * Type to find a voter; ↑/↓ to move, Enter to choose, Esc to clear. Shows at once whether
 * the voter already has a ballot this round or was struck from the roll.
 */
export function VoterPicker({
  onPick,
  label,
  testId,
  autoFocus = false,
  initialQuery = '',
}: {
  /** The chosen voter, and the text that found them (the desk gives it back after Esc on the card). */
  onPick: (voter: RollEntry, query: string) => void;
  label?: string;
  testId: string;
  autoFocus?: boolean;
  /** The search text to start with (the check-in desk coming back from its ID-check card). */
  initialQuery?: string;
}) {
  const { t } = useTranslation();
  const { view } = useStation();
  const [query, setQuery] = useState(initialQuery);
  const [selected, setSelected] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = view.roll.search(query, 12);

  useEffect(() => setSelected(0), [query]);
  useEffect(() => {
    if (!autoFocus || !input.current) return;
    input.current.focus();
    // Back from the desk's card with the text kept: the caret after it, ready to narrow it down.
    const end = input.current.value.length;
    input.current.setSelectionRange(end, end);
  }, [autoFocus]);

  const pick = (voter: RollEntry | undefined) => {
    if (!voter) return;
    onPick(voter, query);
    setQuery('');
  };
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setSelected((index) => Math.min(index + 1, matches.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setSelected((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      pick(matches[selected]?.voter);
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  };

  return (
    <div className="search" data-testid={testId}>
      <input
        ref={input}
        value={query}
        placeholder={label ?? t('checkin.search')}
        aria-label={label ?? t('checkin.search')}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKey}
        data-testid={`${testId}-input`}
      />
      {query.trim() !== '' && (
        <ul className="results" role="listbox">
          {matches.length === 0 && <li>{t('checkin.noMatch')}</li>}
          {matches.map(({ voter }, index) => {
            const checkin = view.checkins.get(voter.id);
            return (
              <li
                key={voter.id}
                role="option"
                aria-selected={index === selected}
                onClick={() => pick(voter)}
                data-testid="voter-option"
                data-voter-id={voter.id}
              >
                <span className="name">{voter.name}</span>
                <span>{voter.gender === 'F' ? t('setup.female') : t('setup.male')}</span>
                <span>
                  {t('checkin.idTail')} {voter.idTail}
                </span>
                <span>{voter.address}</span>
                <span>{voter.group}</span>
                <span>
                  {voter.status === 'struck' && <span className="badge struck">{t('checkin.struck')}</span>}
                  {checkin?.status === 'issued' && <span className="badge done">{t('checkin.alreadyVoted')}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
