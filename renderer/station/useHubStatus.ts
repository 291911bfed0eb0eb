/**
 * This machine's place in the station hub as the screens read it (hubLink.ts), without asking
 * main: the window's link is kept fresh by the hub feature (features/hub/useHubLink, which App runs).
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { HubStatus } from '../../shared/hub/bridgeTypes';
import { hubLinkFor } from './hubLink';
import { useStation } from './StationContext';

export function useHubStatus(): HubStatus {
  const link = hubLinkFor(useStation().bridge);
  const subscribe = useCallback(
    (changed: () => void) => {
      const subscription = link.status$.subscribe(changed);
      return () => subscription.unsubscribe();
    },
    [link],
  );
  return useSyncExternalStore(subscribe, () => link.status());
}
