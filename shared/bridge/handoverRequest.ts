/**
 * The station's request for the handover list (移交清单), `produceHandover(request)`: only the
 * date to print (default: today in the election's time zone). Main takes everything else from
 * its own records: the package's template, its recount of every round, the archive it sealed
 * (main/services/handover.ts).
 */
import { z } from 'zod';
import type { HandoverDeadline } from '../rules/handover';

export const handoverRequestSchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD').optional(),
});

export type HandoverRequest = z.infer<typeof handoverRequestSchema>;

export interface ProducedHandover {
  readonly fileName: string;
  /** The handover date printed (YYYY-MM-DD). */
  readonly date: string;
  readonly deadline: HandoverDeadline;
  readonly sha256: string;
  readonly base64: string;
}
