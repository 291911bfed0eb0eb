/** One person (same ID number) registered in two communities of the district: flagged until the office says where they vote. */
import { useState, type FormEvent } from 'react';
import type { DuplicateRegistration, DuplicateResolutionInput } from '../../preElection/types';
import { postJson, useLoad } from './client';
import { L, STATUS_LABELS } from './labels';
import { useT } from './lang';
import { Refusal, useAction } from './Refusal';

function ResolveForm({ duplicate, changed }: { duplicate: DuplicateRegistration; changed: () => void }) {
  const t = useT();
  const action = useAction();
  const [keep, setKeep] = useState(duplicate.entries[0]?.communityId ?? '');
  const [note, setNote] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: DuplicateResolutionInput = { keepCommunityId: keep, note };
    if (await action.run(() => postJson(`/duplicates/${encodeURIComponent(duplicate.idNumber)}/resolve`, input))) changed();
  };
  return (
    <form className="pre-inline" onSubmit={submit} data-testid="resolve-form">
      <label>
        {t(L.keepHere)}
        <select value={keep} onChange={(event) => setKeep(event.target.value)} data-testid="resolve-keep">
          {duplicate.entries.map((entry) => (
            <option key={entry.communityId} value={entry.communityId}>
              {entry.communityName}
            </option>
          ))}
        </select>
      </label>
      <input value={note} onChange={(event) => setNote(event.target.value)} required placeholder={t(L.note)} data-testid="resolve-note" />
      <button type="submit" disabled={action.busy} data-testid="resolve-submit">
        {t(L.resolve)}
      </button>
      <Refusal error={action.error} />
    </form>
  );
}

export function DuplicatesSection({ version, changed }: { version: number; changed: () => void }) {
  const t = useT();
  const duplicates = useLoad<DuplicateRegistration[]>('/duplicates', version);
  if (duplicates.error) return <Refusal error={duplicates.error} />;
  if (!duplicates.data) return <p className="sub">{t(L.loading)}</p>;
  if (duplicates.data.length === 0) return <p className="empty" data-testid="no-duplicates">{t(L.noDuplicates)}</p>;
  return (
    <ul className="pre-duplicates" data-testid="duplicates">
      {duplicates.data.map((duplicate) => (
        <li key={duplicate.idNumber} data-duplicate={duplicate.idNumber} data-resolved={duplicate.resolution ? 'yes' : 'no'} className={duplicate.resolution ? '' : 'flagged'}>
          <b>{duplicate.name}</b> <span className="sub">{duplicate.idNumber}</span>{' '}
          <span className={duplicate.resolution ? 'badge ok' : 'badge warn'}>{t(duplicate.resolution ? L.resolved : L.unresolved)}</span>
          <ul>
            {duplicate.entries.map((entry) => (
              <li key={entry.communityId}>
                {entry.communityName} · {t(STATUS_LABELS[entry.status])}
                {entry.published ? ` · ${t(L.published)}` : ''}
              </li>
            ))}
          </ul>
          {duplicate.resolution ? (
            <p className="sub" data-testid="resolution">
              {t(L.keepHere)}：{duplicate.entries.find((entry) => entry.communityId === duplicate.resolution?.communityId)?.communityName ?? duplicate.resolution.communityId} · {duplicate.resolution.note} · {duplicate.resolution.by}
            </p>
          ) : (
            <ResolveForm duplicate={duplicate} changed={changed} />
          )}
        </li>
      ))}
    </ul>
  );
}
