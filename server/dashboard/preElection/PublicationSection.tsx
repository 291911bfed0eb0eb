/** 选民榜: published on a date no later than election day − N days (profile); a later date is refused with both dates. */
import { useState, type FormEvent } from 'react';
import type { PublicationInput } from '../../preElection/types';
import { communityPath, postJson } from './client';
import type { SectionProps } from './CommunityView';
import { L } from './labels';
import { useT } from './lang';
import { Refusal, useAction } from './Refusal';

export function PublicationSection({ summary, changed }: SectionProps) {
  const t = useT();
  const action = useAction();
  const [publishedOn, setPublishedOn] = useState('');
  const [by, setBy] = useState('');
  const { publication, community } = summary;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: PublicationInput = { publishedOn, by };
    if (await action.run(() => postJson(`${communityPath(community.id)}/publication`, input))) changed();
  };
  return (
    <div data-testid="publication" data-published={publication?.publishedOn ?? ''}>
      <p className="sub">
        {t(L.deadlineRule(community.profile.publicationDaysBefore))} {t(L.publishBy)}：<b data-testid="publish-by">{summary.publishBy}</b>
      </p>
      {publication ? (
        <p className="message" data-testid="published">
          {t(L.publishedOn)} {publication.publishedOn} · {t(L.registered)} {publication.registered} · {t(L.by)} {publication.by}
        </p>
      ) : (
        <form className="pre-inline" onSubmit={submit} data-testid="publication-form">
          <label>
            {t(L.publishedOn)}
            <input type="date" value={publishedOn} onChange={(event) => setPublishedOn(event.target.value)} required data-testid="publication-date" />
          </label>
          <input value={by} onChange={(event) => setBy(event.target.value)} required placeholder={t(L.by)} data-testid="publication-by" />
          <button type="submit" disabled={action.busy} data-testid="publication-submit">
            {t(L.publish)}
          </button>
        </form>
      )}
      <Refusal error={action.error} testId="publication-refusal" />
    </div>
  );
}
