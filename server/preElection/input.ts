/**
 * The API's request bodies (server/preElection/types.ts), checked with zod at the door: a body
 * that does not fit is a 400 with every issue named (shared/election/parse.ts), never a 500.
 */
import { z } from 'zod';
import { parseWithSchema } from '../../shared/election/parse';
import { rulesSchema } from '../../shared/election/schemas';
import { calendarDate } from '../../shared/rules/preElection/idNumber';
import { refuseAll } from './store';

const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1).max(max);
const date = z.string().refine((value) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match !== null && calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) === value;
}, 'YYYY-MM-DD');
const count = z.number().int().min(0).max(10_000_000);
const by = text(64).optional();

export const communityInputSchema = z.object({
  id: required(64),
  name: required(100),
  stationName: text(100).optional(),
  street: text(100).optional(),
  district: text(100).optional(),
  electionId: required(128),
  electionTitle: required(200),
  electionDate: date,
  method: z.enum(['direct', 'household', 'representative']),
  positions: z
    .array(
      z.object({
        id: required(64),
        title: required(32),
        rank: z.number().int().min(1).max(20),
        seats: z.number().int().min(1).max(20),
        formalCandidates: z.number().int().min(1).max(60),
        writeInLines: z.number().int().min(0).max(20).optional(),
        womenOnly: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(10),
  rules: rulesSchema.optional(),
  profile: z
    .object({
      publicationDaysBefore: z.number().int().min(0).max(365).optional(),
      objectionFilingDays: z.number().int().min(0).max(60).optional(),
      objectionDecisionDays: z.number().int().min(0).max(60).optional(),
      minJointSignatures: z.number().int().min(1).max(1000).optional(),
      checklist: z.array(z.object({ id: required(64), zh: required(200), en: required(200) })).max(30).optional(),
    })
    .optional(),
  by,
});

const role = z.enum(['chair', 'viceChair', 'member']);
export const committeeMemberSchema = z.object({
  name: required(64),
  idNumber: required(32),
  role,
  chosenBy: z.enum(['representativesMeeting', 'residentsMeeting', 'groupMeetings']),
  meetingOn: date,
  attendance: z.object({ present: count, total: count }),
  by,
});
export const committeeLeaveSchema = z.object({ leftOn: date, reason: required(500), by });

const category = z.enum(['hukou', 'resident', 'separated']);
const rollEntryInputSchema = z.object({
  idNumber: required(32),
  name: required(64),
  address: text(200),
  group: text(100),
  household: required(64),
  category,
  evidence: text(200),
});
export const duplicateResolutionSchema = z.object({ keepCommunityId: required(64), note: text(500), by });
export const publicationSchema = z.object({ publishedOn: date, by: required(64) });
export const objectionSchema = z.object({
  filedOn: date,
  objector: required(200),
  subject: z.enum(['omitted', 'wronglyIncluded', 'wrongDetails']),
  entryId: text(32).optional(),
  statement: required(2000),
  by,
});
const rollChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add'), entry: rollEntryInputSchema }),
  z.object({ kind: z.literal('strike'), entryId: required(32), reason: required(500) }),
  z.object({
    kind: z.literal('correct'),
    entryId: required(32),
    fields: z.object({ name: required(64).optional(), address: text(200).optional(), group: text(100).optional(), household: required(64).optional(), category: category.optional(), evidence: text(200).optional() }),
  }),
]);
export const objectionDecisionSchema = z.object({ decidedOn: date, decision: z.enum(['upheld', 'rejected']), reason: required(2000), change: rollChangeSchema.optional(), by });
export const nominationSchema = z.object({
  positionId: required(64),
  idNumber: required(32),
  name: required(64),
  kind: z.enum(['joint', 'self']),
  signatures: count.optional(),
  nominatedOn: date,
  by,
});
export const checklistSchema = z.object({ itemId: required(64), confirmed: z.boolean(), note: text(500).optional(), by });
export const withdrawSchema = z.object({ reason: text(500).optional(), by });
export const primarySchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('vote'),
    heldOn: date,
    ballotsRecovered: count,
    votes: z.array(z.object({ nominationId: required(32), votes: count })).min(1).max(200),
    by,
  }),
  z.object({ method: z.literal('representativesMeeting'), heldOn: date, advanced: z.array(required(32)).min(1).max(60), note: required(2000), by }),
]);
export const formalListSchema = z.object({ publishedOn: date, by: required(64) });

/** `raw` read by `schema`, or a 400 naming every problem. */
export function readInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = parseWithSchema(schema, raw);
  if (!parsed.ok) refuseAll(400, parsed.issues);
  return parsed.value;
}
