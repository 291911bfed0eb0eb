/**
 * `POST /hub/v1/checkin` (CheckinClaim): a desk commits a check-in at the hub before it hands the
 * ballot over. One transaction behind the station's lock: the polls open on the lead, no issued
 * check-in of the voter in the round (compare-and-set on `${round}:${voterId}`), the holder's
 * proxies, the stock — then the record is stored as the document the desk later pushes (the
 * same state: no conflict). The same claim again (an answer lost on the way) is answered ok.
 */
import { canonicalJson } from '../../../shared/crypto/canonical';
import { checkinId } from '../../../shared/station/recordIds';
import type { CheckinRecord } from '../../../shared/station/records';
import type { Db } from '../../db/types';
import { HttpError } from '../../http/io';
import { documentProblem, documentRevision, pushRows, splitDoc, type WireDoc } from '../../sync/documents';
import { lockStationRecords } from './lock';
import type { HubRules } from './push';
import { accountOf, pollsOf, proxiesHeldBy, storedDoc, wireOf } from './state';
import { transactionAsDb } from './txDb';

const KINDS = new Set(['inPerson', 'proxy', 'mobile']);

/** The claimed record, or why it is not an issued check-in. */
function readClaim(body: unknown): CheckinRecord & WireDoc {
  const record = typeof body === 'object' && body !== null ? (body as { record?: unknown }).record : undefined;
  const problem = documentProblem(record);
  const bad = (detail: string) => HttpError.of(400, 'sync.badRequest', { detail: `check-in claim: ${detail}` });
  if (problem !== null) throw bad(problem);
  const r = record as Record<string, unknown>;
  if (!Number.isSafeInteger(r['round']) || (r['round'] as number) < 1) throw bad('round must be a whole number ≥ 1');
  if (typeof r['voterId'] !== 'string' || r['voterId'] === '') throw bad('voterId is required');
  if (r['id'] !== checkinId(r['round'] as number, r['voterId'])) throw bad('id must be `${round}:${voterId}`');
  if (r['status'] !== 'issued') throw bad('status must be issued');
  if (typeof r['kind'] !== 'string' || !KINDS.has(r['kind'])) throw bad('kind must be inPerson, proxy or mobile');
  if (r['kind'] === 'proxy' && (typeof r['holderVoterId'] !== 'string' || r['holderVoterId'] === '')) throw bad('a proxy check-in names its holderVoterId');
  if (typeof r['issuedAt'] !== 'string' || !Number.isFinite(Date.parse(r['issuedAt']))) throw bad('issuedAt must be a time');
  if (typeof r['clerk'] !== 'string' || typeof r['desk'] !== 'string') throw bad('clerk and desk are required');
  if (r['_deleted'] === true) throw bad('a claim cannot be a deletion');
  return { ...(r as unknown as CheckinRecord), _deleted: false };
}

export async function claimCheckin(db: Db, stationId: string, body: unknown, rules: HubRules): Promise<void> {
  const record = readClaim(body);
  await db.transaction(async (tx) => {
    await lockStationRecords(tx, stationId);
    const polls = await pollsOf(tx, stationId);
    if (!polls?.open || polls.round !== record.round) throw HttpError.of(409, 'hub.pollsNotOpen');
    const stored = await storedDoc(tx, stationId, 'checkins', record.id);
    const current = stored && !stored.deleted ? (stored.data as unknown as CheckinRecord) : null;
    if (current?.status === 'issued') {
      if (canonicalJson(stored!.data) === canonicalJson(splitDoc(record).data)) return;
      throw HttpError.of(409, 'hub.alreadyIssued', { voterId: record.voterId, desk: current.desk, at: current.issuedAt, clerk: current.clerk });
    }
    if (record.kind === 'proxy' && record.holderVoterId !== undefined) {
      const held = await proxiesHeldBy(tx, stationId, record.round, record.holderVoterId);
      held.entrusting.delete(record.voterId);
      if (held.entrusting.size >= rules.maxProxiesPerHolder) {
        throw HttpError.of(409, 'hub.proxyLimit', { holder: record.holderVoterId, count: held.entrusting.size, max: rules.maxProxiesPerHolder });
      }
    }
    if (record.kind !== 'mobile') {
      const account = await accountOf(tx, stationId, record.round);
      if (account && account.left < 1) throw HttpError.of(409, 'hub.stockExhausted', { stock: account.stock });
    }
    // Over an undone check-in (a re-issue): on its state, and above its revision (else it would be refused as older).
    const given = documentRevision(record);
    const storedRev = stored?.rev ?? null;
    const next: WireDoc = storedRev !== null && (given === null || given <= storedRev) ? { ...record, _rev: `${storedRev + 1}-hub` } : record;
    const outcome = await pushRows(transactionAsDb(db, tx), stationId, 'checkins', [{ assumedMasterState: stored ? wireOf(stored) : null, newDocumentState: next }]);
    if (outcome.conflicts.length > 0) throw new Error(`check-in ${record.id}: the claim's write conflicted behind the station's lock`);
  });
}
