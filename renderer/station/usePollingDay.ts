/**
 * The screens follow the polling-day machine through @xstate/react: each hook re-renders its
 * component only when the part of the machine's state it selects changes.
 */
import { useSelector } from '@xstate/react';
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
