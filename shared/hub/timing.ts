/**
 * How long a desk waits for its hub (issue 16), in one place: main's hub client
 * (server/hub/pinnedTls.ts, main/services/hub/desk.ts) and the renderer's notice read these.
 * docs/DECISIONS.md "One station, many desks" — a slow hub is not an offline one.
 */
export const HUB_TIMING = {
  /**
   * Connecting and the TLS handshake (the pin checked): a hub that refuses, resets, cannot be
   * routed to, or does not finish the handshake within this is offline (离线) — at once.
   */
  connectMs: 1500,
  /**
   * The answer, once the hub accepted the connection: until this, a slow hub is waited for (a
   * check-in claim, a pull), not taken for an offline one.
   */
  answerMs: 5000,
  /** A request to the hub unanswered this long shows the clerk 主机响应慢… (not 离线). */
  slowNoticeMs: 1500,
  /** Slow answers in a row after which the desk counts as offline (one slow answer never flips it). */
  slowAnswersOffline: 2,
} as const;

export interface HubBounds {
  readonly connectMs: number;
  readonly answerMs: number;
}

export const HUB_BOUNDS: HubBounds = { connectMs: HUB_TIMING.connectMs, answerMs: HUB_TIMING.answerMs };
