/** One community's steps before polling day, in the order the law sets them. */
import type { CommunitySummary } from '../../preElection/types';
import { AuditSection } from './AuditSection';
import { communityPath, useLoad } from './client';
import { CommitteeSection } from './CommitteeSection';
import { DownloadsSection } from './DownloadsSection';
import { L, METHOD_LABELS } from './labels';
import { useT } from './lang';
import { NominationsSection } from './NominationsSection';
import { ObjectionsSection } from './ObjectionsSection';
import { PrimarySection } from './PrimarySection';
import { PublicationSection } from './PublicationSection';
import { RollSection } from './RollSection';

export interface SectionProps {
  readonly summary: CommunitySummary;
  readonly version: number;
  /** Something changed: every part of the page loads again. */
  readonly changed: () => void;
}

export function CommunityView({ communityId, version, changed }: { communityId: string; version: number; changed: () => void }) {
  const t = useT();
  const loaded = useLoad<CommunitySummary>(communityPath(communityId), version);
  if (loaded.error && !loaded.data) return <p className="warn">{loaded.error.message}</p>;
  if (!loaded.data) return <p className="sub">{t(L.loading)}</p>;
  const summary = loaded.data;
  const { community } = summary;
  const props: SectionProps = { summary, version, changed };
  return (
    <article className="pre-community" data-testid="community-view" data-community={community.id}>
      <h2>
        {community.electionTitle} <span className="sub">{community.name} · {community.id}</span>
      </h2>
      <p className="sub">
        {t(L.electionDate)} {community.electionDate} · {t(METHOD_LABELS[community.method])} · {t(L.publishBy)} {summary.publishBy} ·{' '}
        {community.positions.map((position) => `${position.title} ${position.seats}`).join('，')}
      </p>
      <section>
        <h3>{t(L.committee)}</h3>
        <CommitteeSection {...props} />
      </section>
      <section>
        <h3>{t(L.roll)}</h3>
        <RollSection {...props} />
      </section>
      <section>
        <h3>{t(L.publication)}</h3>
        <PublicationSection {...props} />
        <h4>{t(L.objections)}</h4>
        <ObjectionsSection {...props} />
      </section>
      <section>
        <h3>{t(L.nominations)}</h3>
        <NominationsSection {...props} />
      </section>
      <section>
        <h3>{t(L.primaryAndList)}</h3>
        <PrimarySection {...props} />
      </section>
      <section>
        <h3>{t(L.downloads)}</h3>
        <DownloadsSection {...props} />
      </section>
      <section>
        <AuditSection {...props} />
      </section>
    </article>
  );
}
