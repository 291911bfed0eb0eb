/**
 * How many bytes of request bodies one server process reads at once. A body is admitted when
 * the bytes it declares (`Content-Length`; the size limit when it declares none) fit in what is
 * left of the budget, in the order the requests came; the rest wait with their bodies unread,
 * held back by TCP in the stations' own buffers. So a city's worth of stations pushing at the
 * same moment costs the process the budget, not the city (docs/DECISIONS.md, issue 19).
 * A body larger than the whole budget is admitted alone.
 */
import type { IncomingMessage } from 'node:http';

export interface BodyBudget {
  /** Waits for room for `req`'s body; call the answer once the request is done with it. */
  admit(req: IncomingMessage): Promise<() => void>;
}

/** The bytes a request's body will take: its declared length, or `maxBodyBytes` when it declares none (or nonsense). */
export function declaredBodyBytes(req: IncomingMessage, maxBodyBytes: number): number {
  const declared = Number(req.headers['content-length']);
  return Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, maxBodyBytes) : maxBodyBytes;
}

export function bodyBudget(budgetBytes: number, maxBodyBytes: number): BodyBudget {
  let inFlight = 0;
  const waiting: { readonly bytes: number; readonly wake: () => void }[] = [];
  const admitWaiting = () => {
    for (let next = waiting[0]; next !== undefined && (inFlight === 0 || inFlight + next.bytes <= budgetBytes); next = waiting[0]) {
      waiting.shift();
      inFlight += next.bytes;
      next.wake();
    }
  };
  return {
    async admit(req) {
      const bytes = declaredBodyBytes(req, maxBodyBytes);
      if (waiting.length === 0 && (inFlight === 0 || inFlight + bytes <= budgetBytes)) inFlight += bytes;
      else await new Promise<void>((wake) => waiting.push({ bytes, wake }));
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= bytes;
        admitWaiting();
      };
    },
  };
}
