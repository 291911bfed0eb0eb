/**
 * The station's request for the sealed election archive, `produceArchive(request)`: the records
 * main does not journal (the renderer's database holds them: proxies, mobile-box trips, spoiled
 * ballots, the ballot account, the staff, the audit log) and the signed results the renderer
 * stored with its sheets. Main takes the check-ins, ballots and count records from its own
 * journal, recounts every round, keeps only signed results that are its own signature of its
 * own recount, refuses a broken audit chain — and only then seals (main/services/archive/).
 */
import { z } from 'zod';

const record = z.looseObject({ id: z.string().min(1).max(200) });
const many = (max: number) => z.array(record).max(max);

export const archiveRequestSchema = z.strictObject({
  staff: z.record(z.string().max(64), z.unknown()).nullable(),
  proxies: many(100_000),
  trips: many(10_000),
  spoiled: many(100_000),
  reconciliation: many(1_000),
  audit: many(2_000_000),
  signedResults: z.array(z.unknown()).max(1_000),
});

export type ArchiveRequest = z.infer<typeof archiveRequestSchema>;

/** What main answers: the archive's file (base64) for the renderer to save, and its identity. */
export interface ProducedArchive {
  readonly fileName: string;
  /** SHA-256 of the seal (the manifest): the district stores the archive under it. */
  readonly archiveId: string;
  readonly rounds: number;
  readonly bytes: number;
  readonly base64: string;
}
