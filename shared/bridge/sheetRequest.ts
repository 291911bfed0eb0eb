/**
 * The station's request at the end of the count, `produceSheets(request)`: every round to sign
 * (main recounts each one and refuses a result that differs) and what the printed sheet needs.
 * main/services/stationSheets.ts checks it with `sheetRequestSchema` and answers the issues of a
 * bad request (an Outcome, not a refusal at the door).
 */
import { z } from 'zod';
import { countResultSchema, electionDefinitionSchema, stationSchema } from '../election/schemas';

const countsSchema = z.object({
  registeredVoters: z.number().int().min(0),
  participants: z.number().int().min(0),
  ballotsIssued: z.number().int().min(0),
  ballotsRecovered: z.number().int().min(0),
});

/** One round to sign: counted ballot by ballot, or void on its box counts alone. */
export const sheetRoundSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('counted'), input: z.unknown(), result: z.unknown() }),
  z.object({ kind: z.literal('void'), round: z.number().int().min(1), counts: countsSchema, previous: countResultSchema.nullable(), result: z.unknown() }),
]);

export const sheetRequestSchema = z.object({
  election: electionDefinitionSchema,
  station: stationSchema,
  /** Oldest first; the sheet is the last round's. */
  rounds: z.array(sheetRoundSchema).min(1),
  signedAt: z.iso.datetime({ offset: true }),
  setup: z.record(z.string(), z.unknown()).nullable(),
  participation: z.record(z.string(), z.number().int().min(0)).nullable().optional(),
});

export type SheetRequest = z.infer<typeof sheetRequestSchema>;
