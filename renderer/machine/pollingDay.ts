/**
 * The polling day as a state machine: which step the station is in, and which steps the
 * rules allow next. Records live in RxDB; this machine holds only what decides transitions.
 *
 *   unconfigured → setup → ready → polling (open ⇄ paused) → closed → reconciled
 *
 * (The count — reconciled → counting → results → runoff → certified — extends this machine.)
 */
import { assign, setup } from 'xstate';
import type { ElectionDefinition } from '../../shared/election/schemas';
import { checkReconciliation, checkSetup } from '../../shared/rules/polling';
import type { StationSetup } from '../../shared/station/records';

export interface PollingDayContext {
  readonly round: number;
  /** Desks that have started a check-in and not finished it (desk → voter id). */
  readonly checkinsInProgress: Readonly<Record<string, string>>;
  readonly reconciliation: { readonly difference: number; readonly signedOffBy: string | null } | null;
}

export type PollingDayEvent =
  | { type: 'PACKAGE_IMPORTED' }
  | { type: 'REPROVISION' }
  | { type: 'SETUP_CONFIRMED'; setup: StationSetup; election: ElectionDefinition }
  | { type: 'EDIT_SETUP' }
  | { type: 'OPEN_POLLS' }
  | { type: 'PAUSE_POLLS' }
  | { type: 'RESUME_POLLS' }
  | { type: 'CHECKIN_STARTED'; desk: string; voterId: string }
  | { type: 'CHECKIN_FINISHED'; desk: string }
  | { type: 'CLOSE_POLLS' }
  | {
      type: 'RECONCILED';
      difference: number;
      explanation?: string;
      signedOffBy?: string;
      chiefScrutineer: string;
      mobileBoxesOut: number;
    };

export const pollingDayMachine = setup({
  types: {
    context: {} as PollingDayContext,
    events: {} as PollingDayEvent,
  },
  guards: {
    setupIsComplete: ({ event }) => event.type === 'SETUP_CONFIRMED' && checkSetup(event.setup, event.election).errors.length === 0,
    noCheckinHalfDone: ({ context }) => Object.keys(context.checkinsInProgress).length === 0,
    ballotAccountSettled: ({ event }) =>
      event.type === 'RECONCILED' &&
      event.mobileBoxesOut === 0 &&
      checkReconciliation({
        difference: event.difference,
        explanation: event.explanation,
        signedOffBy: event.signedOffBy,
        chiefScrutineer: event.chiefScrutineer,
      }).length === 0,
  },
  actions: {
    markCheckinStarted: assign({
      checkinsInProgress: ({ context, event }) =>
        event.type === 'CHECKIN_STARTED' ? { ...context.checkinsInProgress, [event.desk]: event.voterId } : context.checkinsInProgress,
    }),
    markCheckinFinished: assign({
      checkinsInProgress: ({ context, event }) => {
        if (event.type !== 'CHECKIN_FINISHED') return context.checkinsInProgress;
        const { [event.desk]: _finished, ...rest } = context.checkinsInProgress;
        return rest;
      },
    }),
    recordReconciliation: assign({
      reconciliation: ({ event }) =>
        event.type === 'RECONCILED' ? { difference: event.difference, signedOffBy: event.signedOffBy ?? null } : null,
    }),
  },
}).createMachine({
  id: 'pollingDay',
  initial: 'unconfigured',
  context: { round: 1, checkinsInProgress: {}, reconciliation: null },
  states: {
    unconfigured: {
      on: { PACKAGE_IMPORTED: 'setup' },
    },
    setup: {
      on: {
        SETUP_CONFIRMED: { guard: 'setupIsComplete', target: 'ready' },
        REPROVISION: 'unconfigured',
      },
    },
    ready: {
      on: {
        OPEN_POLLS: 'polling',
        EDIT_SETUP: 'setup',
        REPROVISION: 'unconfigured',
      },
    },
    polling: {
      initial: 'open',
      on: {
        CHECKIN_STARTED: { actions: 'markCheckinStarted' },
        CHECKIN_FINISHED: { actions: 'markCheckinFinished' },
        CLOSE_POLLS: { guard: 'noCheckinHalfDone', target: 'closed' },
      },
      states: {
        open: { on: { PAUSE_POLLS: 'paused' } },
        paused: { on: { RESUME_POLLS: 'open' } },
      },
    },
    closed: {
      on: {
        RECONCILED: { guard: 'ballotAccountSettled', target: 'reconciled', actions: 'recordReconciliation' },
      },
    },
    reconciled: {},
  },
});

export type PollingDayMachine = typeof pollingDayMachine;

/** A flat name for the current step, for the UI, the window title and the audit log. */
export type PollingStep = 'unconfigured' | 'setup' | 'ready' | 'open' | 'paused' | 'closed' | 'reconciled';

export function stepOf(value: unknown): PollingStep {
  if (typeof value === 'string') return value as PollingStep;
  if (value && typeof value === 'object' && 'polling' in value) return (value as { polling: 'open' | 'paused' }).polling;
  return 'unconfigured';
}
