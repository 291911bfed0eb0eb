/**
 * The StationBridge's hub methods (issue 16) as main serves them: each the data folder's hub
 * service (service.ts) — standalone until this machine is made the lead or paired as a desk.
 */
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { hubService } from './service';

export type HubBridge = Required<Pick<StationBridge, 'hubStatus' | 'hubEnableLead' | 'hubOffer' | 'hubRevoke' | 'hubPair' | 'hubRequest' | 'hubAnomalies' | 'hubResolveAnomaly'>>;

export function hubBridge(dataDir: string): HubBridge {
  const hub = () => hubService(dataDir);
  return {
    hubStatus: () => hub().status(),
    hubEnableLead: (settings) => hub().enableLead(settings),
    hubOffer: () => hub().offer(),
    hubRevoke: (deskId) => hub().revoke(deskId),
    hubPair: (request) => hub().pair(request),
    hubRequest: (method, path, body) => hub().request(method, path, body),
    hubAnomalies: () => hub().anomalies(),
    hubResolveAnomaly: (id, resolution) => hub().resolveAnomaly(id, resolution),
  };
}
