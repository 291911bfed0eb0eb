/**
 * Storing an imported (already verified) package: the roll first, in chunks, then the election
 * document LAST as the commit marker. A crash in between leaves records without an election
 * document, which `discardHalfImport` (called at start-up) removes: nothing half-imported
 * survives. Storing a package over an existing election replaces it: every record of the old
 * election goes first, the election document first of all.
 *
 * The audit log and the machine snapshot are the station's, not the election's: they are kept
 * (the log then records the re-provisioning; the running machine owns its snapshot).
 */
import type { ElectionPackage, Voter } from '../../shared/election/schemas';
import type { CollectionName, StationDatabase } from './database';
import { withStationLock } from './lock';
import { pinyinOf } from './pinyin';
import { districtServerField, ELECTION_DOC_ID, type ElectionDoc } from './schemas/election';
import type { VoterDoc } from './schemas/voters';

/** What main hands over after verifying a package (a subset of the bridge's ImportedPackage). */
export interface ImportedElection {
  readonly package: ElectionPackage;
  readonly electionHash: string;
  readonly districtKeyFingerprint: string;
}

/** Voters per bulkInsert. */
export const IMPORT_CHUNK = 1000;

/** The collections that belong to one election, the commit marker first. */
export const ELECTION_COLLECTIONS = [
  'election',
  'voters',
  'checkins',
  'proxies',
  'trips',
  'spoiled',
  'reconciliation',
  'setup',
  'ballots',
  'countRecords',
] as const satisfies readonly CollectionName[];

export function voterDoc(voter: Voter): VoterDoc {
  return {
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
  };
}

function describeWriteError(error: unknown): string {
  const { status, documentId, validationErrors } = (error ?? {}) as { status?: number; documentId?: string; validationErrors?: unknown };
  return `${String(status)} for ${String(documentId)}${validationErrors ? `: ${JSON.stringify(validationErrors).slice(0, 300)}` : ''}`;
}

async function removeAll(db: StationDatabase, name: CollectionName): Promise<number> {
  const collection = db[name];
  const ids: string[] = (await collection.find().exec()).map((doc) => doc.primary);
  if (ids.length === 0) return 0;
  const { error } = await collection.bulkRemove(ids);
  if (error.length > 0) throw new Error(`could not clear ${name}: ${describeWriteError(error[0])}`);
  return ids.length;
}

/** Removes every record of the election (the election document first); returns how many. */
async function wipeElection(db: StationDatabase): Promise<number> {
  let removed = 0;
  for (const name of ELECTION_COLLECTIONS) removed += await removeAll(db, name);
  return removed;
}

async function readElection(db: StationDatabase): Promise<ElectionDoc | null> {
  const doc = await db.election.findOne(ELECTION_DOC_ID).exec();
  return doc ? doc.toMutableJSON() : null;
}

/**
 * Stores a verified package: replaces any stored election, writes the roll, then the election
 * document. On failure the roll written so far is removed again and the error is rethrown.
 */
export function storeImportedPackage(db: StationDatabase, imported: ImportedElection, now: string): Promise<ElectionDoc> {
  return withStationLock(db, async () => {
    await wipeElection(db);
    const pkg = imported.package;
    try {
      for (let start = 0; start < pkg.roll.length; start += IMPORT_CHUNK) {
        const chunk = pkg.roll.slice(start, start + IMPORT_CHUNK).map(voterDoc);
        const { error } = await db.voters.bulkInsert(chunk);
        if (error.length > 0) throw new Error(`could not store the roll (${error.length} voters refused): ${describeWriteError(error[0])}`);
      }
      const election: ElectionDoc = {
        id: ELECTION_DOC_ID,
        format: pkg.format,
        issuedAt: pkg.issuedAt,
        districtKey: pkg.districtKey,
        signature: pkg.signature,
        election: pkg.election,
        station: pkg.station,
        ballotStock: pkg.ballotStock,
        // Where the station syncs to (docs/SYNC.md "Where"), as signed; null when not named.
        districtServer: districtServerField(pkg.districtServer),
        electionHash: imported.electionHash,
        districtKeyFingerprint: imported.districtKeyFingerprint,
        importedAt: now,
      };
      await db.election.insert(election);
      return election;
    } catch (error) {
      await removeAll(db, 'voters').catch(() => undefined);
      throw error;
    }
  });
}

/** The stored election, or null when none was (completely) imported. */
export function openElection(db: StationDatabase): Promise<ElectionDoc | null> {
  return readElection(db);
}

/**
 * At start-up: records without an election document are the remains of an interrupted import
 * or re-provisioning; they are removed. Returns how many records went (0 normally). Waits for
 * an import running in another window of the station to finish first.
 */
export function discardHalfImport(db: StationDatabase): Promise<number> {
  return withStationLock(db, async () => ((await readElection(db)) ? 0 : wipeElection(db)));
}

/** Re-provisioning: every record of the stored election goes (audit log and machine stay). */
export function clearStation(db: StationDatabase): Promise<number> {
  return withStationLock(db, () => wipeElection(db));
}
