/**
 * Import a community's whole roll from a CSV or XLSX file (before publication): every row is
 * checked first (rollFile.ts); one refused row refuses the file and nothing of it is stored. An
 * accepted file replaces the community's unpublished roll in one transaction, its rows sent with
 * one COPY (a 50,000-row roll is one statement, not 50,000). Persons registered in another
 * community too are counted for the answer and listed by `findDuplicates` (duplicates.ts).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/types';
import { copyTextField } from '../db/pgCopy';
import { readRollFile, type RollFile, type RollRow } from './rollFile';
import { audit, refuse, refuseAll, refuseIfPublished, requireCommunity } from './store';
import type { RollImportResult } from './types';

const ROWS_PER_CHUNK = 4000;

const COPY_TARGET = 'pre_roll (community_id, id_number, name, gender, birth_date, address, grp, household, category, evidence, source_row)';

function* copyChunks(communityId: string, rows: readonly RollRow[]): Generator<Uint8Array<ArrayBuffer>> {
  const community = copyTextField(communityId);
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
    let text = '';
    for (const row of rows.slice(start, start + ROWS_PER_CHUNK)) {
      text += `${community}\t${row.idNumber}\t${copyTextField(row.name)}\t${row.gender}\t${row.birthDate}\t${copyTextField(row.address)}\t${copyTextField(row.group)}\t${copyTextField(row.household)}\t${row.category}\t${copyTextField(row.evidence)}\t${row.sourceRow}\n`;
    }
    yield Buffer.from(text, 'utf8');
  }
}

export async function importRoll(db: Db, communityId: string, file: RollFile & { readonly by?: string }): Promise<RollImportResult> {
  const community = await requireCommunity(db, communityId);
  await refuseIfPublished(db, community);
  if (file.bytes.length === 0) refuse(422, 'preElection.rollEmpty');
  const read = readRollFile(file, community.electionDate);
  if (!read.ok) refuseAll(422, read.issues);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pre:${communityId}`]);
    await refuseIfPublished(tx, community);
    const [before] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM pre_roll WHERE community_id = $1', [communityId]);
    await tx.query('DELETE FROM pre_roll WHERE community_id = $1', [communityId]);
    const imported = await tx.copyFrom(COPY_TARGET, copyChunks(communityId, read.rows));
    const [duplicates] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pre_roll mine
       WHERE mine.community_id = $1 AND EXISTS (
         SELECT 1 FROM pre_roll other WHERE other.id_number = mine.id_number AND other.community_id <> $1 AND other.status = 'registered')`,
      [communityId],
    );
    const result: RollImportResult = { imported, duplicates: duplicates?.n ?? 0, replaced: before?.n ?? 0 };
    await audit(tx, { communityId, by: file.by, action: 'roll.import', subject: file.name ?? 'roll', detail: { ...result, sha256, bytes: file.bytes.length } });
    return result;
  });
}
