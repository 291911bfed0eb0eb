import { useState } from 'react';
import { AuditScreen } from '../features/audit/AuditScreen';
import { PollingScreen } from '../features/checkin/PollingScreen';
import { ImportScreen } from '../features/import/ImportScreen';
import { ReadyScreen } from '../features/polls/ReadyScreen';
import { ReconcileScreen } from '../features/reconcile/ReconcileScreen';
import { ReconciledScreen } from '../features/reconcile/ReconciledScreen';
import { SetupScreen } from '../features/setup/SetupScreen';
import { useStation } from '../station/StationContext';
import { StatsBar } from './StatsBar';
import { TopBar } from './TopBar';

/** The clerk's window: the current step decides the screen. */
export function App() {
  const { view } = useStation();
  const [showAudit, setShowAudit] = useState(false);
  const screen = (() => {
    switch (view.step) {
      case 'unconfigured':
        return <ImportScreen />;
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
        return <ReconciledScreen />;
    }
  })();
  return (
    <div className="app">
      <TopBar showAudit={showAudit} onToggleAudit={() => setShowAudit(!showAudit)} />
      <StatsBar />
      <main>{showAudit ? <AuditScreen /> : screen}</main>
    </div>
  );
}
