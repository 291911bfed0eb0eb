/**
 * The station's request at the end of the count, `produceSheets(request)`: the round whose sheet
 * to sign, and the names the printed sheet carries (the staff who sign it off). No ballots, no
 * counts, no results: main recounts every round from its own journal and signs only that
 * (main/services/countFromJournal.ts). main/services/stationSheets.ts checks the request with
 * `sheetRequestSchema` and answers the issues of a bad one (an Outcome, not a refusal at the door).
 */
import { z } from 'zod';

const name = z.string().max(64);

export const sheetRequestSchema = z.strictObject({
  /** The last round: the sheet is this round's, the rounds before it are signed with it. */
  round: z.number().int().min(1).max(100),
  /** The staff as the sheet prints them (setup's chair, scrutineers, …): names only. */
  setup: z.record(z.string().max(64), z.union([name, z.array(name).max(50), z.null()]).optional()).nullable(),
});

export type SheetRequest = z.infer<typeof sheetRequestSchema>;
