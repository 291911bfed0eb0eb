/**
 * Test-only fault injection for the fault tests (tests/server/faults.test.ts): the server
 * process kills itself (SIGKILL, as `kill -9` would) at a chosen point of the Nth push, so a
 * crash lands exactly where the test wants it instead of racing the request. Only `serve`
 * reads the plan, from the environment variable `DISTRICT_TEST_KILL_AT`; a server started in
 * a test's own process, or without that variable, has no hook at all.
 *
 *   DISTRICT_TEST_KILL_AT=push-after-insert[:N]   rows written, transaction not committed
 *   DISTRICT_TEST_KILL_AT=push-after-commit[:N]   committed, the answer not sent
 *
 * N (default 1) counts the pushes that reach the point in this process.
 */
export const FAULT_POINTS = ['push-after-insert', 'push-after-commit'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

/** `detail` names the push in the log line (`ballots R1-A-000001-1, 500 rows`), so a test can tell which one died. */
export type FaultHook = (point: FaultPoint, detail: string) => Promise<void>;

export interface FaultPlan {
  readonly point: FaultPoint;
  readonly nth: number;
}

export const FAULT_ENV = 'DISTRICT_TEST_KILL_AT';

/** `point[:N]`; null for empty; throws for anything else (a typo must not silently test nothing). */
export function parseFaultPlan(text: string | undefined): FaultPlan | null {
  if (text === undefined || text.trim() === '') return null;
  const match = /^([a-z-]+)(?::(\d+))?$/.exec(text.trim());
  const point = match?.[1];
  const nth = match?.[2] === undefined ? 1 : Number(match[2]);
  if (!point || !(FAULT_POINTS as readonly string[]).includes(point) || !Number.isSafeInteger(nth) || nth < 1) {
    throw new Error(`${FAULT_ENV}: expected one of ${FAULT_POINTS.join(', ')} with an optional :N, got "${text}"`);
  }
  return { point: point as FaultPoint, nth };
}

/** The hook that kills this process at the plan's point; `kill` is replaceable for unit tests (throw from it to go on). */
export function killHook(plan: FaultPlan, kill: () => void = () => process.kill(process.pid, 'SIGKILL')): FaultHook {
  let seen = 0;
  return async (point, detail) => {
    if (point !== plan.point || ++seen !== plan.nth) return;
    process.stderr.write(`[district] ${FAULT_ENV}: killed at ${point} #${seen} (${detail})\n`);
    kill();
    // SIGKILL is not caught: nothing after this runs, the transaction is never committed.
    await new Promise<never>(() => undefined);
  };
}
