/**
 * 选举前准备 (issue 17): the communities of the district and, for the one opened
 * (`#/pre-election/ID`), its steps from the election committee to the printed ballot.
 */
import { useEffect, useState } from 'react';
import type { CommunitySummary } from '../../preElection/types';
import { useLoad } from './client';
import { CommunityForm } from './CommunityForm';
import { CommunityView } from './CommunityView';
import { DuplicatesSection } from './DuplicatesSection';
import { L } from './labels';
import { LangProvider, LangToggle, useT } from './lang';
import './preElection.css';

/** The community opened in the page's address (`#/pre-election/ID`), or null. */
function useOpenedCommunity(): string | null {
  const read = () => {
    const match = /^#\/pre-election\/(.+)$/.exec(window.location.hash);
    return match ? decodeURIComponent(match[1]!) : null;
  };
  const [opened, setOpened] = useState(read);
  useEffect(() => {
    const onHash = () => setOpened(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return opened;
}

export const openCommunity = (id: string) => {
  window.location.hash = `#/pre-election/${encodeURIComponent(id)}`;
};

function Communities({ summaries, opened }: { summaries: readonly CommunitySummary[]; opened: string | null }) {
  const t = useT();
  if (summaries.length === 0) return <p className="empty">{t(L.none)}</p>;
  return (
    <ul className="pre-communities" data-testid="pre-communities">
      {summaries.map((summary) => (
        <li key={summary.community.id} className={summary.community.id === opened ? 'opened' : ''} data-community={summary.community.id}>
          <button type="button" onClick={() => openCommunity(summary.community.id)} data-testid={`open-${summary.community.id}`}>
            <b>{summary.community.name}</b>
            <span className="sub">
              {summary.community.electionDate} · {t(L.registered)} {summary.roll.registered}
              {summary.duplicates > 0 ? ` · ${t(L.duplicates)} ${summary.duplicates}` : ''}
              {summary.publication ? ` · ${t(L.publication)} ${summary.publication.publishedOn}` : ''}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function Page() {
  const t = useT();
  const opened = useOpenedCommunity();
  // Any change anywhere (a roll imported, a duplicate resolved) reloads every part of the page.
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((n) => n + 1);
  const [formOpen, setFormOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const summaries = useLoad<CommunitySummary[]>('/communities', version);
  return (
    <main className="pre-election" data-testid="pre-election">
      <header>
        <h1>{t(L.title)}</h1>
        <a href="#/" className="nav-link">
          {t(L.overview)}
        </a>
        <LangToggle />
      </header>
      <h2>{t(L.communities)}</h2>
      {summaries.data ? <Communities summaries={summaries.data} opened={opened} /> : <p className="sub">{t(L.loading)}</p>}
      {summaries.error ? <p className="warn">{summaries.error.message}</p> : null}
      <details className="pre-new" open={formOpen} onToggle={(event) => setFormOpen(event.currentTarget.open)}>
        <summary>{t(L.newCommunity)}</summary>
        {/* A new form (empty) each time it is opened after a community was made. */}
        <CommunityForm
          key={formKey}
          onCreated={(id) => {
            setFormOpen(false);
            setFormKey((n) => n + 1);
            changed();
            openCommunity(id);
          }}
        />
      </details>
      <h2>{t(L.duplicates)}</h2>
      <DuplicatesSection version={version} changed={changed} />
      {opened ? <CommunityView key={opened} communityId={opened} version={version} changed={changed} /> : null}
    </main>
  );
}

export function PreElectionApp() {
  return (
    <LangProvider>
      <Page />
    </LangProvider>
  );
}
