/** The station as the screens see it: its live view, its actions, and who is operating. */
import { createContext, useContext } from 'react';
import type { StationBridge } from '../../shared/bridge/StationBridge';
import type { StationDatabase } from '../db/database';
import type { PollingDayGate } from '../machine/gate';
import type { AuditEvent } from '../../shared/station/records';
import type { CountActions } from './countService';
import type { CountView } from './countView';
import type { Operator, StationActions, StationView } from './types';

export interface StationContextValue {
  /** The station's database (for features that read it directly, e.g. sync). */
  readonly db: StationDatabase;
  readonly view: StationView;
  /** The polling-day machine: screens follow its state through usePollingDay's hooks. */
  readonly actor: PollingDayGate;
  readonly actions: StationActions;
  readonly count: CountView | null;
  readonly countActions: CountActions;
  readonly bridge: StationBridge;
  readonly operator: Operator;
  readonly setOperator: (operator: Operator) => void;
  /**
   * Gives this window another desk name — false when another window holds it (deskIdentity).
   * Absent outside the app's provider (tests), where setOperator renames.
   */
  readonly renameDesk?: (name: string) => Promise<boolean>;
  readonly loadAudit: () => Promise<readonly AuditEvent[]>;
}

export const StationContext = createContext<StationContextValue | null>(null);

export function useStation(): StationContextValue {
  const value = useContext(StationContext);
  if (!value) throw new Error('useStation outside StationContext');
  return value;
}
