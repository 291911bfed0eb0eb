/**
 * The arguments each StationBridge method may receive over IPC, as zod tuples: the same checks
 * the Node host makes of its request bodies (main/host/server.ts) — a string text within the
 * host's body limit, an optional boolean `reprovision`, a journal entry of
 * main/services/journal/format.ts, a recovery id (main/services/journal/pending.ts). The services then make their own checks (the package, the
 * sheet request, the text to sign), exactly as behind the host's routes.
 *
 * One line per `invoke` method of bridgeMethods.ts (tsc fails when one is missing).
 */
import { z } from 'zod';
import { MAX_BODY_BYTES } from '../host/server';
import { journalEntrySchema } from '../services/journal/format';
import { recoveryIdSchema } from '../services/journal/pending';
import type { InvokeMethod } from './bridgeMethods';

const text = z.string().max(MAX_BODY_BYTES);

export const BRIDGE_INPUTS = {
  importPackage: z.tuple([text, z.strictObject({ reprovision: z.boolean().optional() }).optional()]),
  demoPackage: z.tuple([]),
  stationKey: z.tuple([]),
  // Validated by produceStationSheets (sheetRequestSchema), which answers with issues like the host.
  produceSheets: z.tuple([z.unknown()]),
  journal: z.tuple([journalEntrySchema]),
  signSyncRequest: z.tuple([text]),
  signBundle: z.tuple([text]),
  pendingRecovery: z.tuple([]),
  consumeRecovery: z.tuple([recoveryIdSchema]),
} as const satisfies Record<InvokeMethod, z.ZodType<readonly unknown[]>>;

/** The arguments of a call, validated; throws a TypeError naming the first problem. */
export function validateBridgeArgs(method: InvokeMethod, args: readonly unknown[]): unknown[] {
  // Trailing `undefined`s (an omitted optional argument) do not count.
  let length = args.length;
  while (length > 0 && args[length - 1] === undefined) length--;
  const parsed = (BRIDGE_INPUTS[method] as z.ZodType<unknown[]>).safeParse(args.slice(0, length));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `argument ${first.path.map(String).join('.')}` : 'arguments';
    throw new TypeError(`${method}: invalid ${where}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
