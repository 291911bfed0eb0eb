import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BallotEntryScreen } from '../features/count/BallotEntryScreen';
import { BoxOpeningScreen } from '../features/count/BoxOpeningScreen';
import { CountingScreen } from '../features/count/CountingScreen';
import { CountStartScreen } from '../features/count/CountStartScreen';
import { ProjectorScreen } from '../features/projector/ProjectorScreen';
import { ResultsScreen } from '../features/results/ResultsScreen';
import { VoidScreen } from '../features/results/VoidScreen';
import { AuditScreen } from '../features/audit/AuditScreen';
import { DeskFollowing } from '../features/hub/DeskFollowing';
import { JoinLeadPanel } from '../features/hub/JoinLeadPanel';
import { useHubLink } from '../features/hub/useHubLink';
import { PollingScreen } from './PollingScreen';
import { ImportScreen } from '../features/import/ImportScreen';
import { ReadyScreen } from '../features/polls/ReadyScreen';
import { ReconcileScreen } from '../features/reconcile/ReconcileScreen';
import { SetupScreen } from '../features/setup/SetupScreen';
import { RecoveryGate } from '../features/recovery/RecoveryGate';
import { useStation } from '../station/StationContext';
import { usePollingStep } from '../station/usePollingDay';
import { StatsBar } from './StatsBar';
import { TopBar } from './TopBar';
import { useDistrictReload } from './useDistrictReload';

function useHashRoute(): string {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

/**
 * The clerk's window: the current step decides the screen. `#/projector` is the room's view
 * (no controls); `#/entry-b` is the second desk of a double entry.
 */
export function App() {
  const { t } = useTranslation();
  const { db, count, actions, bridge, operator, view } = useStation();
  const step = usePollingStep();
  const { status: hub } = useHubLink();
  const deskRole = hub.role === 'desk' ? hub.deskRole : null;
  const [showAudit, setShowAudit] = useState(false);
  const route = useHashRoute();
  // A new district server in the stored election: load again, so the page's policy lets the sync connect.
  // Meanwhile no screen: what a clerk typed into it would go with the reload.
  const reloadingForDistrict = useDistrictReload(db, step);
  if (route === '#/projector') return <ProjectorScreen />;
  const screen = (() => {
    if (reloadingForDistrict) return <p style={{ padding: '2rem' }} data-testid="reloading-for-district">{t('app.loading')}</p>;
    if (route === '#/entry-b') return step === 'entering' ? <BallotEntryScreen entry="B" /> : null;
    // A desk of the station hub (issue 16) issues or enters; every other step is the lead's.
    if (deskRole) {
      if (step === 'unconfigured') return view.info ? <DeskFollowing /> : <ImportScreen />;
      if (deskRole === 'checkin' && (step === 'open' || step === 'paused')) return <PollingScreen controls={false} />;
      if (deskRole === 'count' && step === 'entering') return <CountingScreen />;
      return <DeskFollowing />;
    }
    switch (step) {
      case 'unconfigured':
        return (
          <>
            <ImportScreen />
            <JoinLeadPanel />
          </>
        );
      case 'setup':
        return <SetupScreen />;
      case 'ready':
        return <ReadyScreen />;
      case 'open':
      case 'paused':
        return <PollingScreen />;
      case 'closed':
        return <ReconcileScreen />;
      case 'reconciled':
        return <CountStartScreen />;
      case 'opening':
        return <BoxOpeningScreen />;
      case 'entering':
        return <CountingScreen />;
      case 'void':
        return <VoidScreen />;
      case 'results':
        return <ResultsScreen />;
      case 'certified':
        return count?.results.at(-1)?.valid === false ? <VoidScreen /> : <ResultsScreen />;
    }
  })();
  return (
    <div className="app">
      <TopBar showAudit={showAudit} onToggleAudit={() => setShowAudit(!showAudit)} />
      <StatsBar />
      <main>
        {/* A journal recovery main offers (--recover-from-journal) comes before every step. */}
        <RecoveryGate
          bridge={bridge}
          step={step}
          operator={operator}
          target={() => ({
            db,
            afterRestore: async (_restored, step) => {
              if (step === 'unconfigured') await actions.packageRestored(operator);
              return false;
            },
          })}
        >
          {showAudit ? <AuditScreen /> : screen}
        </RecoveryGate>
      </main>
    </div>
  );
}
