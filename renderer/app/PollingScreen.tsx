import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PollsControls } from '../features/polls/PollsControls';
import { CheckinDesk } from '../features/checkin/CheckinDesk';
import { CorrectionsPanel } from '../features/checkin/CorrectionsPanel';
import { ProxyPanel } from '../features/checkin/ProxyPanel';
import { TripsPanel } from '../features/checkin/TripsPanel';

const TABS = ['desk', 'proxy', 'mobile', 'corrections'] as const;
type Tab = (typeof TABS)[number];

/**
 * Polls open or paused: the desk and its side tasks, with the polls controls above — not on a
 * desk of the station hub (`controls` false: only the lead opens, pauses and closes the polls).
 */
export function PollingScreen({ controls = true }: { readonly controls?: boolean }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('desk');
  const labels: Record<Tab, string> = {
    desk: t('checkin.title'),
    proxy: t('checkin.proxy'),
    mobile: t('checkin.mobile'),
    corrections: `${t('checkin.spoiled')} / ${t('checkin.undo')}`,
  };
  return (
    <>
      {controls && <PollsControls />}
      <nav className="tabs" role="tablist">
        {TABS.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => setTab(name)} data-testid={`tab-${name}`}>
            {labels[name]}
          </button>
        ))}
      </nav>
      {tab === 'desk' && <CheckinDesk />}
      {tab === 'proxy' && <ProxyPanel />}
      {tab === 'mobile' && <TripsPanel />}
      {tab === 'corrections' && <CorrectionsPanel />}
    </>
  );
}
