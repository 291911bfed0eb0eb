/** This machine's place in the station hub for the screens: its status and whether the hub answers, kept fresh. */
import { useEffect, useState } from 'react';
import type { HubStatus } from '../../../shared/hub/bridgeTypes';
import { useStation } from '../../station/StationContext';
import { hubLinkFor, type HubLink } from '../../station/hubLink';

/** How often main is asked again (another window may have enabled the lead or paired). */
const STATUS_REFRESH_MS = 3000;

export interface HubLinkView {
  readonly link: HubLink;
  readonly status: HubStatus;
  readonly online: boolean;
  /** The hub is there but slow to answer (主机响应慢…). */
  readonly slow: boolean;
}

export function useHubLink(): HubLinkView {
  const { bridge } = useStation();
  const link = hubLinkFor(bridge);
  const [status, setStatus] = useState<HubStatus>(() => link.status());
  const [online, setOnline] = useState<boolean>(() => link.isOnline());
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const subscriptions = [link.status$.subscribe(setStatus), link.online$.subscribe(setOnline), link.slow$.subscribe(setSlow)];
    const refresh = () => void link.refresh().catch(() => undefined);
    refresh();
    const timer = setInterval(refresh, STATUS_REFRESH_MS);
    return () => {
      clearInterval(timer);
      for (const subscription of subscriptions) subscription.unsubscribe();
    };
  }, [link]);
  return { link, status, online, slow };
}
