/**
 * The screens follow the polling-day gate through @xstate/react: each hook re-renders its
 * component only when the part of the day it selects changes. The gate's snapshot follows the
 * stored day, so every window shows the same step.
 */
import { useSyncExternalStore } from 'react';
import { useSelector } from '@xstate/react';
import type { SaveStatus } from '../machine/gate';
import { stepOf, type PollingStep } from '../machine/pollingDay';
import { useStation } from './StationContext';

/** The day's step (`open`, `entering`, …): it decides the screen and which actions are offered. */
export function usePollingStep(): PollingStep {
  return useSelector(useStation().actor, (snapshot) => stepOf(snapshot.value));
}

/** The desks with a voter on their confirm card (desk → voter id): the polls cannot close meanwhile. */
export function useCheckinsInProgress(): Readonly<Record<string, string>> {
  return useSelector(useStation().actor, (snapshot) => snapshot.context.checkinsInProgress);
}

/** Whether the day's last write is stored, being tried again, or failed (the top bar shows the last two). */
export function useDaySaveStatus(): SaveStatus {
  const { actor } = useStation();
  return useSyncExternalStore((onChange) => actor.onSaveStatus(onChange), () => actor.saveStatus());
}
