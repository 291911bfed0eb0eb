/**
 * Which table this window enters (分组计票, shared/station/countTables.ts): the lead and a lone
 * station enter table 0, the station's own; a count desk enters a table of its own, 1…9 — by
 * default the number its pairing name ends in (录入台 2 → 2), else 1 — which the recorders may
 * change (two machines doing entry A and entry B of one pile choose the same table). The choice
 * is kept per paired desk in the window's localStorage, so the machine's other windows and a
 * reload keep it.
 */
import { useCallback, useLayoutEffect, useState } from 'react';
import { MAX_TABLE, isCountTable } from '../../../shared/station/countTables';
import { useStation } from '../../station/StationContext';
import { useHubStatus } from '../../station/useHubStatus';

const storageKey = (deskId: string) => `count-table:${deskId}`;

/** The table a count desk starts with: its kept choice, else the number its name ends in, else 1. */
export function defaultTableOf(deskName: string, kept: string | null): number {
  const chosen = kept === null ? NaN : Number(kept);
  if (isCountTable(chosen) && chosen > 0) return chosen;
  const named = Number(/(\d+)\s*$/.exec(deskName)?.[1] ?? NaN);
  return isCountTable(named) && named > 0 ? named : 1;
}

function kept(deskId: string): string | null {
  try {
    return globalThis.localStorage?.getItem(storageKey(deskId)) ?? null;
  } catch {
    return null;
  }
}

export interface CountTable {
  readonly table: number;
  /** A count desk chooses its table; the lead's is always 0. */
  readonly choosable: boolean;
  readonly tables: readonly number[];
  choose(table: number): void;
}

export function useCountTable(): CountTable {
  const { countActions } = useStation();
  const status = useHubStatus();
  const desk = status.role === 'desk' && status.deskRole === 'count' ? status : null;
  const [choice, setChoice] = useState<{ deskId: string; table: number } | null>(null);
  const table = desk ? (choice?.deskId === desk.deskId ? choice.table : defaultTableOf(desk.deskName, kept(desk.deskId))) : 0;
  // Before the screen's other effects ask where the desk stands (they follow `table`).
  useLayoutEffect(() => {
    countActions.useTable(table);
  }, [countActions, table]);
  const choose = useCallback(
    (next: number) => {
      if (!desk || !isCountTable(next) || next === 0) return;
      try {
        globalThis.localStorage?.setItem(storageKey(desk.deskId), String(next));
      } catch {
        // kept for this window only
      }
      setChoice({ deskId: desk.deskId, table: next });
    },
    [desk],
  );
  return { table, choosable: desk !== null, tables: Array.from({ length: MAX_TABLE }, (_, index) => index + 1), choose };
}
