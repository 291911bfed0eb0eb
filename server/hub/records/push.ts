/**
 * A desk's push at the hub: the district's own push (server/sync/documents.ts `pushRows`, the
 * semantics of docs/SYNC.md) inside one hub transaction that also records what the merge
 * reveals (anomalies.ts). Two rules of the hub come before the district's:
 *
 * - An issued check-in never replaces another desk's issued check-in of the same voter and round
 *   that the pushing desk did not know (its assumed state is not the stored one), nor any issued
 *   check-in once a duplicate of it was found: the push conflicts (the stored one is answered)
 *   and the losing record is kept in a `duplicateCheckin` anomaly. Only the 总监票人's
 *   resolution changes which one stands.
 * - A check-in issued after the stored one was undone (a later issuedAt than its undoneAt) is the
 *   voter's one ballot, also from a desk that never saw the undo; a desk's undo of its own
 *   check-in (claimed, so stored before the desk pushed it) is applied too: both on the stored state.
 */
import { canonicalJson } from '../../../shared/crypto/canonical';
import type { CheckinRecord } from '../../../shared/station/records';
import type { Db, Tx } from '../../db/types';
import type { CollectionName } from '../../sync/collections';
import { pushRows, splitDoc, type Doc, type PushRow, type WireDoc } from '../../sync/documents';
import { duplicateFound, recordFindings, type Finding } from './anomalies';
import { lockStationRecords } from './lock';
import { accountOf, issuedCheckins, lastIssued, pollsClosedAt, pollsOf, proxiesHeldBy, storedDocs, wireOf, type StoredDoc } from './state';
import { transactionAsDb } from './txDb';

export interface HubRules {
  readonly maxProxiesPerHolder: number;
}

const contentKey = (doc: Record<string, unknown>): string => {
  const { data, deleted } = splitDoc(doc);
  return canonicalJson({ data, deleted });
};

const storedKey = (stored: StoredDoc): string => canonicalJson({ data: stored.data, deleted: stored.deleted });

const isIssued = (doc: Record<string, unknown>): boolean => doc['_deleted'] !== true && doc['status'] === 'issued';

/** The same ballot handed over: voter, round, desk, clerk and time of issue. */
const sameIssuance = (a: Record<string, unknown>, b: Record<string, unknown>): boolean =>
  ['voterId', 'round', 'desk', 'clerk', 'issuedAt'].every((field) => a[field] === b[field]);

const later = (a: unknown, b: unknown): boolean => typeof a === 'string' && typeof b === 'string' && Date.parse(a) > Date.parse(b);

/** Push `rows` of `collection` for the station; the answer is the push's conflicts (docs/SYNC.md). */
export async function pushAtHub(db: Db, stationId: string, collection: CollectionName, rows: readonly PushRow[], rules: HubRules, now: Date): Promise<WireDoc[]> {
  if (rows.length === 0) return [];
  return db.transaction(async (tx) => {
    await lockStationRecords(tx, stationId);
    const before = collection === 'checkins' || collection === 'proxies' ? await storedDocs(tx, stationId, collection, rows.map((row) => row.newDocumentState.id)) : new Map<string, StoredDoc>();
    const findings: Finding[] = [];
    const refused: WireDoc[] = [];
    const passed: PushRow[] = [];
    for (const row of rows) {
      const stored = before.get(row.newDocumentState.id) ?? null;
      if (collection === 'checkins' && stored !== null) {
        const ruled = await checkinRule(tx, stationId, row, stored);
        if (ruled.kind === 'duplicate') {
          refused.push(wireOf(stored));
          findings.push({ kind: 'duplicateCheckin', round: Number(stored.data['round']), subject: String(stored.data['voterId']), records: [stored.data, row.newDocumentState] });
          continue;
        }
        passed.push(ruled.row);
        continue;
      }
      passed.push(row);
    }
    const outcome = await pushRows(transactionAsDb(db, tx), stationId, collection, passed);
    const written = passed.filter((row) => {
      const stored = before.get(row.newDocumentState.id);
      return stored === undefined || storedKey(stored) !== contentKey(row.newDocumentState);
    });
    findings.push(...(await findingsOfMerge(tx, stationId, collection, rows, written, outcome.conflicts, rules)));
    await recordFindings(tx, stationId, findings, now);
    return [...outcome.conflicts, ...refused];
  });
}

/** The hub's rule for a pushed check-in over a stored one: a duplicate, or the row to push (its assumed state set when a re-issue after an undo). */
async function checkinRule(tx: Tx, stationId: string, row: PushRow, stored: StoredDoc): Promise<{ kind: 'duplicate' } | { kind: 'push'; row: PushRow }> {
  const incoming = row.newDocumentState;
  if (stored.deleted) return { kind: 'push', row };
  if (!isIssued(incoming)) {
    // The desk's own check-in undone before its first push (claimed at the hub, so stored there): applied on it.
    const own = stored.data['status'] === 'issued' && incoming['_deleted'] !== true && incoming['status'] === 'undone' && sameIssuance(incoming, stored.data);
    return { kind: 'push', row: own ? { assumedMasterState: wireOf(stored), newDocumentState: incoming } : row };
  }
  const same = storedKey(stored) === contentKey(incoming);
  if (same) return { kind: 'push', row };
  if (stored.data['status'] === 'issued') {
    const knew = row.assumedMasterState !== null && contentKey(row.assumedMasterState) === storedKey(stored);
    if (!knew || (await duplicateFound(tx, stationId, incoming.id))) return { kind: 'duplicate' };
    return { kind: 'push', row };
  }
  if (stored.data['status'] === 'undone' && later(incoming['issuedAt'], stored.data['undoneAt'])) {
    return { kind: 'push', row: { assumedMasterState: wireOf(stored), newDocumentState: incoming } };
  }
  return { kind: 'push', row };
}

/**
 * Ballots refused because another paper is stored under their id (append-only: the first stays,
 * docs/SYNC.md): two desks numbered the same papers. Never silent — the losing paper is kept with
 * the stored one in a `ballotCollision` anomaly (and in the district's document history).
 */
function ballotCollisions(rows: readonly PushRow[], conflicts: readonly WireDoc[]): Finding[] {
  const stored = new Map(conflicts.map((doc) => [doc.id, doc]));
  const findings: Finding[] = [];
  for (const row of rows) {
    const incoming = row.newDocumentState;
    const kept = stored.get(incoming.id);
    if (!kept || contentKey(kept) === contentKey(incoming) || typeof kept['round'] !== 'number') continue;
    findings.push({ kind: 'ballotCollision', round: kept['round'], subject: incoming.id, records: [kept, incoming] });
  }
  return findings;
}

/**
 * After the push, in its transaction: check-ins issued after the round's close, holders over the
 * proxy limit, the stock overdrawn — for what this push brought (and, when the lead's day closes
 * the polls, every check-in issued after it).
 */
async function findingsOfMerge(
  tx: Tx,
  stationId: string,
  collection: CollectionName,
  rows: readonly PushRow[],
  written: readonly PushRow[],
  conflicts: readonly WireDoc[],
  rules: HubRules,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (collection === 'ballots') return ballotCollisions(rows, conflicts);
  if (collection === 'machine' && written.length > 0) {
    const polls = await pollsOf(tx, stationId);
    const closedAt = polls ? await pollsClosedAt(tx, stationId, polls.round) : null;
    if (polls && closedAt !== null) {
      for (const checkin of await issuedCheckins(tx, stationId, polls.round)) {
        if (later(checkin.issuedAt, closedAt)) findings.push({ kind: 'afterClose', round: polls.round, subject: checkin.voterId, records: [checkin as CheckinRecord & Doc] });
      }
    }
    return findings;
  }
  if (collection === 'checkins') {
    const closes = new Map<number, string | null>();
    for (const row of written) {
      const checkin = row.newDocumentState as unknown as CheckinRecord & WireDoc;
      if (!isIssued(checkin)) continue;
      if (!closes.has(checkin.round)) closes.set(checkin.round, await pollsClosedAt(tx, stationId, checkin.round));
      const closedAt = closes.get(checkin.round) ?? null;
      if (closedAt !== null && later(checkin.issuedAt, closedAt)) findings.push({ kind: 'afterClose', round: checkin.round, subject: checkin.voterId, records: [checkin] });
    }
  }
  // Holders whose proxies this push touched: the voters whose ballot each received, across desks.
  const holders = new Map<string, { round: number; holder: string }>();
  const losingForms: Doc[] = [];
  if (collection === 'checkins') {
    for (const row of rows) {
      const checkin = row.newDocumentState as unknown as Partial<CheckinRecord> & WireDoc;
      if (checkin.kind === 'proxy' && typeof checkin.holderVoterId === 'string' && typeof checkin.round === 'number') holders.set(`${checkin.round}\u0001${checkin.holderVoterId}`, { round: checkin.round, holder: checkin.holderVoterId });
    }
  }
  if (collection === 'proxies') {
    const conflicted = new Set(conflicts.map((doc) => doc.id));
    for (const row of rows) {
      const form = row.newDocumentState;
      const round = form['round'];
      const holder = form['holderVoterId'];
      if (form._deleted || typeof round !== 'number' || typeof holder !== 'string') continue;
      holders.set(`${round}\u0001${holder}`, { round, holder });
      // Two desks cut off from each other take the same slot of a holder: the form not stored still counts.
      if (conflicted.has(form.id)) losingForms.push(form);
    }
  }
  for (const { round, holder } of holders.values()) {
    const held = await proxiesHeldBy(tx, stationId, round, holder);
    const records = [...held.records];
    for (const form of losingForms) {
      if (form['round'] !== round || form['holderVoterId'] !== holder) continue;
      if (typeof form['entrustingVoterId'] === 'string') held.entrusting.add(form['entrustingVoterId']);
      records.push(form);
    }
    if (held.entrusting.size > rules.maxProxiesPerHolder) findings.push({ kind: 'proxyLimit', round, subject: holder, records });
  }
  // The stock of every round this push wrote records of.
  if ((collection === 'checkins' || collection === 'spoiled' || collection === 'trips') && written.length > 0) {
    const rounds = new Set(written.map((row) => row.newDocumentState['round']).filter((round): round is number => typeof round === 'number'));
    for (const round of rounds) {
      const account = await accountOf(tx, stationId, round);
      if (!account || account.left >= 0) continue;
      findings.push({ kind: 'stockOverdrawn', round, subject: null, records: await lastIssued(tx, stationId, round, -account.left) });
    }
  }
  return findings;
}
