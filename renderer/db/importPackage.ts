/**
 * Storing an imported package: the roll first, the election document last as the commit
 * marker. A crash in between leaves voters without an election, which start-up discards —
 * nothing half-imported survives.
 */
import type { ImportedPackage } from '../bridge/StationBridge';
import type { StationDatabase } from './database';
import { pinyinOf } from './pinyin';
import type { ElectionDoc, VoterDoc } from './schemas/election';

const CHUNK = 1000;

export async function storeImportedPackage(db: StationDatabase, imported: Pick<ImportedPackage, 'package' | 'electionHash' | 'districtKeyFingerprint'>, now: string): Promise<void> {
  const pkg = imported.package;
  const voters: VoterDoc[] = pkg.roll.map((voter) => ({
    id: voter.id,
    name: voter.name,
    gender: voter.gender,
    birthDate: voter.birthDate,
    idTail: voter.idTail,
    address: voter.address,
    group: voter.group,
    status: voter.status,
    ...(voter.struckReason !== undefined ? { struckReason: voter.struckReason } : {}),
    ...pinyinOf(voter.name),
  }));
  for (let start = 0; start < voters.length; start += CHUNK) {
    const { error } = await db.voters.bulkUpsert(voters.slice(start, start + CHUNK));
    if (error.length > 0) throw new Error(`could not store the roll: ${JSON.stringify(error[0]).slice(0, 300)}`);
  }
  const election: ElectionDoc = {
    id: 'election',
    election: pkg.election,
    station: { id: pkg.station.id, name: pkg.station.name },
    ballotStock: pkg.ballotStock,
    issuedAt: pkg.issuedAt,
    electionHash: imported.electionHash,
    districtKeyFingerprint: imported.districtKeyFingerprint,
    importedAt: now,
  };
  await db.election.upsert(election);
}

export async function openElection(db: StationDatabase): Promise<ElectionDoc | null> {
  const doc = await db.election.findOne('election').exec();
  return doc ? (doc.toMutableJSON() as ElectionDoc) : null;
}

/** At start-up: voters without an election document are the remains of an interrupted import. */
export async function discardHalfImport(db: StationDatabase): Promise<number> {
  if (await openElection(db)) return 0;
  const orphans = await db.voters.find().exec();
  if (orphans.length > 0) await db.voters.bulkRemove(orphans.map((doc) => doc.primary));
  return orphans.length;
}

/** Re-provisioning replaces the election: every record of the old one goes. */
export async function clearStation(db: StationDatabase): Promise<void> {
  for (const name of ['election', 'voters', 'checkins', 'proxies', 'trips', 'spoiled', 'reconciliation', 'setup'] as const) {
    const collection = db[name];
    const docs = await collection.find().exec();
    if (docs.length > 0) await collection.bulkRemove(docs.map((doc) => doc.primary));
  }
}
