/**
 * The polling day as a state machine: which step the station is in, and which steps the
 * rules allow next. Records live in RxDB; this machine holds only what decides transitions.
 *
 *   unconfigured → setup → ready → polling (open ⇄ paused) → closed → reconciled
 *     → counting (opening the boxes → entering ballots) → results → certified
 *                         ↘ void (the round is void: nothing is elected)
 *   results → (runoff called) → ready for round 2 → polling → … → results (merged)
 *   results of a round that calls a runoff: its own signed sheet (ROUND_SHEET_PRODUCED) stays at results
 *
 * The machine is the one gate of the day: besides the transitions, it answers the questions the
 * services ask before an account change that does not move the day (issue a ballot, enter one …).
 * A question is an event the machine accepts in the steps that allow it, with a no-op action
 * (`snapshot.can` counts only transitions with a target or an action); it changes nothing and
 * the gate (./gate.ts) never stores it.
 */
import { assign, setup } from 'xstate';
import type { CountResult, ElectionDefinition } from '../../shared/election/schemas';
import { checkReconciliation, checkSetup } from '../../shared/rules/polling';
import type { StationSetup } from '../../shared/station/records';

export interface PollingDayContext {
  readonly round: number;
  /** Desks that have started a check-in and not finished it (desk → voter id). */
  readonly checkinsInProgress: Readonly<Record<string, string>>;
  readonly reconciliation: { readonly difference: number; readonly signedOffBy: string | null } | null;
  /** Why the current round is void (选举无效), once the boxes showed it. */
  readonly voidReason: CountResult['voidReason'];
  /** SHA-256 of the current round's signed sheet once printed at `results` before a runoff (absent in days stored before issue 18). */
  readonly roundSheet?: string | null;
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
  /** The chair clears the half-done marks of desks whose window is gone (it died with a voter on the card). */
  | { type: 'CHECKINS_ABANDONED' }
  | { type: 'CLOSE_POLLS' }
  | {
      type: 'RECONCILED';
      difference: number;
      explanation?: string;
      signedOffBy?: string;
      chiefScrutineer: string;
      mobileBoxesOut: number;
    }
  | { type: 'START_COUNT' }
  | { type: 'BOXES_OPENED'; voidReason: CountResult['voidReason'] }
  | { type: 'BALLOTS_COMPLETE'; entered: number; recovered: number; disagreements: number }
  | { type: 'START_RUNOFF'; result: CountResult }
  | { type: 'SHEET_PRODUCED'; sheetHash: string }
  /** The signed sheet of a round that calls a runoff: printed on the spot, the day stays at `results`. */
  | { type: 'ROUND_SHEET_PRODUCED'; round: number; sheetHash: string; runoffCalled: boolean }
  | PollingDayQuestion;

/** The questions (see above): each names the account change it asks about. */
export type PollingDayQuestion =
  /** A ballot issued: in person, by proxy or at a mobile box (polls open). */
  | { type: 'ISSUE_BALLOT' }
  /** A spoiled ballot replaced (polls open). */
  | { type: 'REPLACE_SPOILED' }
  /** A mobile box leaves with ballots (polls open). */
  | { type: 'DEPART_TRIP' }
  /** An issued ballot taken back (polls open or paused: not once the account is being settled). */
  | { type: 'UNDO_CHECKIN' }
  /** The ballot account settled (polls closed). */
  | { type: 'RECONCILE' }
  /** A ballot entered or withdrawn at the count (entering). */
  | { type: 'ENTER_BALLOT' }
  /** The results signed and printed (results, or a void round). */
  | { type: 'PRODUCE_SHEETS' };

export type PollingDayQuestionType = PollingDayQuestion['type'];

export const pollingDayMachine = setup({
  types: {
    context: {} as PollingDayContext,
    events: {} as PollingDayEvent,
  },
  guards: {
    setupIsComplete: ({ event }) => event.type === 'SETUP_CONFIRMED' && checkSetup(event.setup, event.election).errors.length === 0,
    noCheckinHalfDone: ({ context }) => Object.keys(context.checkinsInProgress).length === 0,
    someCheckinHalfDone: ({ context }) => Object.keys(context.checkinsInProgress).length > 0,
    ballotAccountSettled: ({ event }) =>
      event.type === 'RECONCILED' &&
      event.mobileBoxesOut === 0 &&
      checkReconciliation({
        difference: event.difference,
        explanation: event.explanation,
        signedOffBy: event.signedOffBy,
        chiefScrutineer: event.chiefScrutineer,
      }).length === 0,
    roundIsVoid: ({ event }) => event.type === 'BOXES_OPENED' && event.voidReason !== null,
    everyBallotEnteredAndAgreed: ({ event }) =>
      event.type === 'BALLOTS_COMPLETE' && event.entered === event.recovered && event.disagreements === 0,
    runoffCalled: ({ context, event }) =>
      event.type === 'START_RUNOFF' && event.result.round === context.round && event.result.valid && (event.result.runoff?.positions.length ?? 0) > 0,
    sheetProduced: ({ event }) => event.type === 'SHEET_PRODUCED' && /^[0-9a-f]{64}$/.test(event.sheetHash),
    /** A sheet of this round, which calls a runoff, not printed yet. */
    roundSheetProduced: ({ context, event }) =>
      event.type === 'ROUND_SHEET_PRODUCED' && event.round === context.round && event.runoffCalled && /^[0-9a-f]{64}$/.test(event.sheetHash) && !context.roundSheet,
  },
  actions: {
    /** The answer to a question: yes (nothing changes). */
    allowed: () => undefined,
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
    clearCheckinsInProgress: assign({ checkinsInProgress: () => ({}) }),
    recordRoundSheet: assign({
      roundSheet: ({ context, event }) => (event.type === 'ROUND_SHEET_PRODUCED' ? event.sheetHash : (context.roundSheet ?? null)),
    }),
    recordVoidReason: assign({
      voidReason: ({ event }) => (event.type === 'BOXES_OPENED' ? event.voidReason : null),
    }),
    beginNextRound: assign({
      round: ({ context }) => context.round + 1,
      checkinsInProgress: () => ({}),
      reconciliation: () => null,
      voidReason: () => null,
      roundSheet: () => null,
    }),
    recordReconciliation: assign({
      reconciliation: ({ event }) =>
        event.type === 'RECONCILED' ? { difference: event.difference, signedOffBy: event.signedOffBy ?? null } : null,
    }),
  },
}).createMachine({
  id: 'pollingDay',
  initial: 'unconfigured',
  context: { round: 1, checkinsInProgress: {}, reconciliation: null, voidReason: null, roundSheet: null },
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
        CHECKINS_ABANDONED: { guard: 'someCheckinHalfDone', actions: 'clearCheckinsInProgress' },
        CLOSE_POLLS: { guard: 'noCheckinHalfDone', target: 'closed' },
        UNDO_CHECKIN: { actions: 'allowed' },
      },
      states: {
        open: {
          on: {
            PAUSE_POLLS: 'paused',
            ISSUE_BALLOT: { actions: 'allowed' },
            REPLACE_SPOILED: { actions: 'allowed' },
            DEPART_TRIP: { actions: 'allowed' },
          },
        },
        paused: { on: { RESUME_POLLS: 'open' } },
      },
    },
    closed: {
      on: {
        RECONCILE: { actions: 'allowed' },
        RECONCILED: { guard: 'ballotAccountSettled', target: 'reconciled', actions: 'recordReconciliation' },
      },
    },
    reconciled: {
      on: { START_COUNT: 'counting' },
    },
    counting: {
      initial: 'opening',
      states: {
        opening: {
          on: {
            BOXES_OPENED: [
              { guard: 'roundIsVoid', target: '#pollingDay.void', actions: 'recordVoidReason' },
              { target: 'entering' },
            ],
          },
        },
        entering: {
          on: {
            ENTER_BALLOT: { actions: 'allowed' },
            BALLOTS_COMPLETE: { guard: 'everyBallotEnteredAndAgreed', target: '#pollingDay.results' },
          },
        },
      },
    },
    void: {
      // The void round's own signed sheet (选举无效) closes the station's day too.
      on: { PRODUCE_SHEETS: { actions: 'allowed' }, SHEET_PRODUCED: { guard: 'sheetProduced', target: 'certified' } },
    },
    results: {
      on: {
        START_RUNOFF: { guard: 'runoffCalled', target: 'ready', actions: 'beginNextRound' },
        PRODUCE_SHEETS: { actions: 'allowed' },
        SHEET_PRODUCED: { guard: 'sheetProduced', target: 'certified' },
        // Round 1's sheet before its runoff (RULES §7: every round announced on the spot).
        ROUND_SHEET_PRODUCED: { guard: 'roundSheetProduced', actions: 'recordRoundSheet' },
      },
    },
    certified: {},
  },
});

export type PollingDayMachine = typeof pollingDayMachine;

/** A flat name for the current step, for the UI, the window title and the audit log. */
export type PollingStep =
  | 'unconfigured'
  | 'setup'
  | 'ready'
  | 'open'
  | 'paused'
  | 'closed'
  | 'reconciled'
  | 'opening'
  | 'entering'
  | 'void'
  | 'results'
  | 'certified';

export function stepOf(value: unknown): PollingStep {
  if (typeof value === 'string') return value as PollingStep;
  if (value && typeof value === 'object') {
    if ('polling' in value) return (value as { polling: 'open' | 'paused' }).polling;
    if ('counting' in value) return (value as { counting: 'opening' | 'entering' }).counting;
  }
  return 'unconfigured';
}
