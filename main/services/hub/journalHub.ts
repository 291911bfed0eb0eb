/**
 * The lead signs what its main holds (DECISIONS "Main signs only what main can recount"): its
 * sheet is recounted from its journal, but check-ins, ballots and count records made at desks
 * reach the lead through the hub, not through the lead's own windows' journal. Before it
 * recounts, the lead writes into its journal the records the hub holds that the journal lacks —
 * the hub's database is the lead main's own, durable store — so the recount, the boxes' check
 * (issued = check-ins) and the sheet's participation cover every desk.
 *
 * Records the journal holds already stay as the journal has them (ballots are append-only: an id
 * names one ballot for good), except a check-in's change made elsewhere: undone at the hub while
 * the journal has it issued, or issued again after the journal's undo.
 */
import type { Hub } from '../../../server/hub';
import { canonicalJson } from '../../../shared/crypto/canonical';
import type { JournalEntry } from '../../../shared/bridge/StationBridge';
import { documentsFromJournal, journalPath, readJournalFile, stationJournal } from '../journal';

const PAGE = 2000;

type Plain = Record<string, unknown> & { readonly id: string };

/** A stored document without its replication fields (`_deleted`, `_rev`, `_meta`, …): the record as the renderer journals it. */
function plain(doc: Readonly<Record<string, unknown>>): Plain {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_'))) as Plain;
}

/** Every record of `collection` at the hub, pulled as the lead's windows pull (the same protocol, in-process). */
async function storedRecords(hub: Hub, collection: 'checkins' | 'ballots' | 'countRecords'): Promise<Plain[]> {
  const records: Plain[] = [];
  let checkpoint: unknown = null;
  for (;;) {
    const reply = await hub.handleAsLead({ method: 'GET', path: `/hub/v1/${collection}/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=${PAGE}`, body: '' });
    if (reply.status !== 200) throw new Error(`the hub's ${collection} could not be read (${reply.status}): ${reply.body.slice(0, 200)}`);
    const page = JSON.parse(reply.body) as { documents: Array<Record<string, unknown>>; checkpoint: unknown };
    for (const doc of page.documents) if (doc['_deleted'] !== true) records.push(plain(doc));
    if (page.documents.length === 0) return records;
    checkpoint = page.checkpoint;
  }
}

/** Whether the hub's state of a check-in the journal holds is a later change made elsewhere. */
function laterCheckin(journaled: Readonly<Record<string, unknown>>, stored: Plain): boolean {
  if (journaled['status'] === 'issued' && stored['status'] === 'undone') return true;
  const undoneAt = journaled['undoneAt'];
  const issuedAt = stored['issuedAt'];
  return journaled['status'] === 'undone' && stored['status'] === 'issued' && typeof undoneAt === 'string' && typeof issuedAt === 'string' && Date.parse(issuedAt) > Date.parse(undoneAt);
}

/** The entries the lead's journal lacks of what the hub holds, in the hub's order (check-ins, ballots, count records). */
export async function missingFromJournal(dataDir: string, hub: Hub): Promise<JournalEntry[]> {
  const held = documentsFromJournal(readJournalFile(journalPath(dataDir)).lines);
  const checkins = new Map(held.checkins.map((record) => [record.id, record as unknown as Readonly<Record<string, unknown>>]));
  const ballots = new Set(held.ballots.map((record) => record.id));
  const counts = new Map(held.countRecords.map((record) => [record.id, canonicalJson(record)]));
  const entries: JournalEntry[] = [];
  for (const record of await storedRecords(hub, 'checkins')) {
    const journaled = checkins.get(record.id);
    if (!journaled || laterCheckin(journaled, record)) entries.push({ kind: 'checkin', record });
  }
  for (const record of await storedRecords(hub, 'ballots')) {
    if ((record['kind'] === 'ballot' || record['kind'] === 'withdrawal') && !ballots.has(record.id)) entries.push({ kind: record['kind'], record });
  }
  for (const record of await storedRecords(hub, 'countRecords')) {
    if ((record['kind'] === 'boxes' || record['kind'] === 'resolution') && !counts.has(record.id)) entries.push({ kind: 'count', record });
  }
  return entries;
}

/** Writes what the journal lacks (each entry checked as the renderer's are); the number written. */
export async function journalHubRecords(dataDir: string, hub: Hub): Promise<number> {
  const entries = await missingFromJournal(dataDir, hub);
  const journal = stationJournal(dataDir);
  for (const entry of entries) await journal.append(entry);
  return entries.length;
}
