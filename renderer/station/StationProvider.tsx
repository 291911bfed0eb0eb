import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { StationBridge } from '../../shared/bridge/StationBridge';
import { openStation, type OpenStation } from './openStation';
import { StationContext, type StationContextValue } from './StationContext';
import { map } from 'rxjs';
import { countView$, type CountView } from './countView';
import { windowSnapshotStore } from './count/pileSnapshot';
import { stationView$ } from './stationView';
import type { Operator, StationView } from './types';
import { claimDesk, claimWindowDesk, keepDesk, storedDesk, type DeskClaim } from './deskIdentity';

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

/** The clerk's name (shared by the station's windows); the desk is each window's own (deskIdentity). */
function storedClerk(): string {
  try {
    const parsed = JSON.parse(localStorage.getItem(OPERATOR_KEY) ?? 'null') as Partial<Operator> | null;
    if (parsed && typeof parsed.clerk === 'string') return parsed.clerk;
  } catch {
    // a damaged entry falls back to no name
  }
  return '';
}

// The room's projector window acts at no desk: it claims none.
const claimsDesk = () => globalThis.location?.hash !== '#/projector';

/** A machine paired as a desk of a hub: its windows start from the paired name, else 1号台. */
async function firstDeskName(bridge: StationBridge): Promise<string | undefined> {
  try {
    const status = await bridge.hubStatus?.();
    return status?.role === 'desk' ? status.deskName : undefined;
  } catch {
    return undefined;
  }
}

// One desk per page, held for the page's life (React may mount the provider twice in dev).
let windowDesk: Promise<DeskClaim> | null = null;
function windowDeskOnce(bridge: StationBridge): Promise<DeskClaim> {
  windowDesk ??= claimsDesk() ? firstDeskName(bridge).then((name) => claimWindowDesk(name)) : Promise.resolve({ name: storedDesk() ?? '—', release: () => undefined });
  return windowDesk;
}

/** Opens the station once and keeps the screens' view of it live. */
export function StationProvider({ bridge, loadingText, children }: { bridge: StationBridge; loadingText: string; children: ReactNode }) {
  const [station, setStation] = useState<OpenStation | null>(null);
  const [view, setView] = useState<StationView | null>(null);
  const [count, setCount] = useState<CountView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [clerk, setClerk] = useState<string>(storedClerk);
  const [desk, setDesk] = useState<DeskClaim | null>(null);
  const deskRef = useRef<DeskClaim | null>(null);
  const renames = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    let live = true;
    windowDeskOnce(bridge).then(
      (claim) => {
        if (!live) return;
        deskRef.current = claim;
        setDesk(claim);
      },
      (error: unknown) => setFailure(String(error)),
    );
    return () => {
      live = false;
    };
  }, [bridge]);

  useEffect(() => {
    openOnce(bridge).then(setStation, (error: unknown) => setFailure(String(error)));
  }, [bridge]);

  useEffect(() => {
    if (!station) return;
    const fail = (error: unknown) => setFailure(String(error));
    const subscription = stationView$(station.db, station.actor).subscribe({ next: setView, error: fail });
    const election$ = station.db.election.findOne().$.pipe(map((doc) => (doc ? (doc.toJSON().election as never) : null)));
    // The pile snapshot in this window's storage: the count screen at once after a restart (issue 19).
    subscription.add(countView$(station.db, station.actor, election$, station.localBallots$, { snapshots: windowSnapshotStore() }).subscribe({ next: setCount, error: fail }));
    return () => subscription.unsubscribe();
  }, [station]);

  const value = useMemo<StationContextValue | null>(() => {
    if (!station || !view || !desk) return null;
    const setOperator = (next: Operator) => {
      localStorage.setItem(OPERATOR_KEY, JSON.stringify({ clerk: next.clerk }));
      setClerk(next.clerk);
      if (next.desk !== desk.name) void renameDesk(next.desk);
    };
    // Another desk name for this window: only if no other window holds it (one at a time).
    const renameDesk = (name: string): Promise<boolean> => {
      const run = renames.current.then(async () => {
        const wanted = name.trim();
        const current = deskRef.current;
        if (wanted === '' || !current) return false;
        if (wanted === current.name) return true;
        const claim = await claimDesk(wanted);
        if (!claim) return false;
        current.release();
        deskRef.current = claim;
        windowDesk = Promise.resolve(claim);
        keepDesk(claim.name);
        setDesk(claim);
        return true;
      });
      renames.current = run.catch(() => undefined);
      return run;
    };
    const operator: Operator = { clerk: clerk || view.setup?.chair || '—', desk: desk.name };
    return { db: station.db, view, actor: station.actor, actions: station.actions, count, countActions: station.countActions, bridge, operator, setOperator, renameDesk, loadAudit: station.loadAudit };
  }, [station, view, count, clerk, desk, bridge]);

  if (failure) return <p className="notice error" role="alert">{failure}</p>;
  if (!value) return <p style={{ padding: '2rem' }}>{loadingText}</p>;
  return <StationContext.Provider value={value}>{children}</StationContext.Provider>;
}
