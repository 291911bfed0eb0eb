/**
 * What the station's database holds for the sealed election archive that main does not journal
 * (shared/bridge/archiveRequest.ts): proxies, mobile-box trips, spoiled ballots, the ballot
 * account, the staff, the whole audit log in order, and the signed results stored with the
 * sheets. Main checks them (the audit chain) and seals them with its own records.
 */
import type { ArchiveRequest } from '../../../shared/bridge/archiveRequest';
import type { StationDatabase } from '../../db/database';
import { downloadFile, storedSignedResults } from '../../db/replication/bundle';
import { SETUP_ID } from '../../../shared/station/recordIds';

type Plain = { id: string } & Record<string, unknown>;

export async function archiveRequestOf(db: StationDatabase): Promise<ArchiveRequest> {
  const all = async (collection: 'proxies' | 'trips' | 'spoiled' | 'reconciliation'): Promise<Plain[]> =>
    (await db[collection].find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON() as unknown as Plain);
  const setup = (await db.setup.findOne(SETUP_ID).exec())?.toJSON() as Record<string, unknown> | undefined;
  const audit = (await db.audit.find({ sort: [{ seq: 'asc' }] }).exec()).map((doc) => doc.toJSON() as unknown as Plain);
  return {
    staff: setup ?? null,
    proxies: await all('proxies'),
    trips: await all('trips'),
    spoiled: await all('spoiled'),
    reconciliation: await all('reconciliation'),
    audit,
    signedResults: await storedSignedResults(db),
  };
}

/** Offers a file main handed back as base64 for download. */
export function downloadBase64(base64: string, fileName: string, type: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  downloadFile(bytes, fileName, type);
}
