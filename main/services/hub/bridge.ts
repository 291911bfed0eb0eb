/**
 * The StationBridge's hub methods (issue 16) as main serves them: standalone answers until this
 * machine is made the lead or paired as a desk.
 */
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { issue } from '../../../shared/election/issues';

export type HubBridge = Required<Pick<StationBridge, 'hubStatus' | 'hubEnableLead' | 'hubOffer' | 'hubRevoke' | 'hubPair' | 'hubRequest' | 'hubAnomalies' | 'hubResolveAnomaly'>>;

const notLead = { ok: false, issues: [issue('hub.notLead', [])] } as const;

export function hubBridge(_dataDir: string): HubBridge {
  return {
    hubStatus: async () => ({ role: 'standalone' }),
    hubEnableLead: async () => ({ ok: false, issues: [issue('hub.noPackage', [])] }),
    hubOffer: async () => notLead,
    hubRevoke: async () => notLead,
    hubPair: async () => ({ ok: false, issues: [issue('hub.pairingMissing', [])] }),
    hubRequest: async () => ({ kind: 'standalone' }),
    hubAnomalies: async () => [],
    hubResolveAnomaly: async () => notLead,
  };
}
