/**
 * A station's context for component tests, live: the view follows the station database as the
 * app's StationProvider does, so a screen under test sees what its actions store.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { StationBridge } from '../../shared/bridge/StationBridge';
import type { OpenStation } from '../../renderer/station/openStation';
import { StationContext } from '../../renderer/station/StationContext';
import { stationView$ } from '../../renderer/station/stationView';
import type { Operator, StationView } from '../../renderer/station/types';
import { stationContextValue } from './station';

export function LiveStation({ s, bridge, by, children }: { s: OpenStation; bridge: StationBridge; by: Operator; children: ReactNode }) {
  const [view, setView] = useState<StationView | null>(null);
  useEffect(() => {
    const subscription = stationView$(s.db, s.actor).subscribe(setView);
    return () => subscription.unsubscribe();
  }, [s]);
  if (!view) return null;
  return <StationContext.Provider value={{ ...stationContextValue(s, bridge, 'x', by), view }}>{children}</StationContext.Provider>;
}
