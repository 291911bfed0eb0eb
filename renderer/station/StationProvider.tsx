import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { StationBridge } from '../../shared/bridge/StationBridge';
import { openStation, type OpenStation } from './openStation';
import { StationContext, type StationContextValue } from './StationContext';
import { map } from 'rxjs';
import { countView$, type CountView } from './countView';
import { stationView$ } from './stationView';
import type { Operator, StationView } from './types';

const OPERATOR_KEY = 'station.operator';

// One station per page for the page's lifetime (React may mount the provider twice in dev).
const opening = new WeakMap<StationBridge, Promise<OpenStation>>();
function openOnce(bridge: StationBridge): Promise<OpenStation> {
  let promise = opening.get(bridge);
  if (!promise) {
    promise = openStation(bridge);
    opening.set(bridge, promise);
  }
  return promise;
}

function storedOperator(): Operator {
  try {
    const parsed = JSON.parse(localStorage.getItem(OPERATOR_KEY) ?? 'null') as Operator | null;
    if (parsed && typeof parsed.clerk === 'string' && typeof parsed.desk === 'string') return parsed;
  } catch {
    // a damaged entry falls back to the default below
  }
  return { clerk: '', desk: '1号台' };
}

/** Opens the station once and keeps the screens' view of it live. */
export function StationProvider({ bridge, loadingText, children }: { bridge: StationBridge; loadingText: string; children: ReactNode }) {
  const [station, setStation] = useState<OpenStation | null>(null);
  const [view, setView] = useState<StationView | null>(null);
  const [count, setCount] = useState<CountView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [operator, setOperatorState] = useState<Operator>(storedOperator);

  useEffect(() => {
    openOnce(bridge).then(setStation, (error: unknown) => setFailure(String(error)));
  }, [bridge]);

  useEffect(() => {
    if (!station) return;
    const fail = (error: unknown) => setFailure(String(error));
    const subscription = stationView$(station.db, station.actor).subscribe({ next: setView, error: fail });
    const election$ = station.db.election.findOne().$.pipe(map((doc) => (doc ? (doc.toJSON().election as never) : null)));
    subscription.add(countView$(station.db, station.actor, election$, station.localBallots$).subscribe({ next: setCount, error: fail }));
    return () => subscription.unsubscribe();
  }, [station]);

  const value = useMemo<StationContextValue | null>(() => {
    if (!station || !view) return null;
    const setOperator = (next: Operator) => {
      localStorage.setItem(OPERATOR_KEY, JSON.stringify(next));
      setOperatorState(next);
    };
    const clerk = operator.clerk || view.setup?.chair || '—';
    return { db: station.db, view, actor: station.actor, actions: station.actions, count, countActions: station.countActions, bridge, operator: { ...operator, clerk }, setOperator, loadAudit: station.loadAudit };
  }, [station, view, count, operator, bridge]);

  if (failure) return <p className="notice error" role="alert">{failure}</p>;
  if (!value) return <p style={{ padding: '2rem' }}>{loadingText}</p>;
  return <StationContext.Provider value={value}>{children}</StationContext.Provider>;
}
