/**
 * The lead signs what its main holds (issue 16): check-ins and ballots made at desks reach the
 * lead through its hub, not through its own windows' journal — so before it recounts for the
 * sheet, the lead writes into its journal what the hub holds that the journal lacks (desks'
 * check-ins, a second machine's double entry), and a check-in undone at a desk afterwards; its
 * own records are not written twice, and asking again writes nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { documentsFromJournal, journalPath, readJournalFile, closeAllJournals } from '../../../main/services/journal';
import { hubService } from '../../../main/services/hub/service';
import type { ElectionPackage } from '../../../shared/election/schemas';
import type { HubAnswer } from '../../../shared/hub/bridgeTypes';
import { dataFolder, freePort, hostHere, importThrough, type Machine } from './support';

const LEAD_IP = '127.0.0.2';

const running: Machine[] = [];
afterAll(async () => {
  for (const machine of running.splice(0)) await machine.stop().catch(() => undefined);
  await closeAllJournals();
});

function answered(answer: HubAnswer): { status: number; json: unknown } {
  if (answer.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(answer)}`);
  return { status: answer.status, json: JSON.parse(answer.body) as unknown };
}

const push = (docs: readonly object[], assumed: readonly (object | null)[] = []) =>
  JSON.stringify(docs.map((doc, i) => ({ assumedMasterState: assumed[i] ? { ...assumed[i], _deleted: false } : null, newDocumentState: { _deleted: false, ...doc } })));

async function pair(lead: Machine, deskDir: string, bind: string, deskName: string, role: 'checkin' | 'count'): Promise<Machine> {
  const desk = await hostHere({ dataDir: deskDir, bind });
  running.push(desk);
  const offer = await lead.bridge.hubOffer();
  if (!offer.ok) throw new Error(JSON.stringify(offer.issues));
  const paired = await desk.bridge.hubPair({ offerText: offer.value.offerText, deskName, role });
  if (!paired.ok) throw new Error(JSON.stringify(paired.issues));
  await importThrough(desk.bridge, paired.value.packageText);
  return desk;
}

describe('the lead\'s journal and its desks\' records', () => {
  it('takes in what the desks gave the hub before a recount, once', async () => {
    const leadDir = dataFolder('lead-journal');
    const lead = await hostHere({ dataDir: leadDir, bind: LEAD_IP, hubLan: { host: LEAD_IP, port: await freePort(LEAD_IP) } });
    running.push(lead);
    const text = await lead.bridge.demoPackage('small');
    await importThrough(lead.bridge, text);
    const roll = (JSON.parse(text) as ElectionPackage).roll.map((voter) => voter.id);
    const checkin = (voterId: string, desk: string, minute: number) => ({ id: `1:${voterId}`, round: 1, voterId, kind: 'inPerson', status: 'issued', issuedAt: `2026-11-29T09:${String(minute).padStart(2, '0')}:00+08:00`, clerk: '冯静', desk });

    // The lead's own check-in: journaled by its window, then replicated to its hub.
    const own = checkin(roll[0]!, '主机', 1);
    await lead.bridge.journal({ kind: 'checkin', record: own });
    expect(answered(await lead.bridge.hubRequest('POST', '/hub/v1/checkins/push', push([own]))).status).toBe(200);

    const deskDir = dataFolder('desk-journal');
    const desk = await pair(lead, deskDir, '127.0.0.3', '发票台 1', 'checkin');
    const second = checkin(roll[1]!, '发票台 1', 2);
    const third = checkin(roll[2]!, '发票台 1', 3);
    expect(answered(await desk.bridge.hubRequest('POST', '/hub/v1/checkins/push', push([second, third]))).status).toBe(200);
    // Double entry on a second machine: entry B's ballot is pushed by the count desk.
    const counter = await pair(lead, dataFolder('count-journal'), '127.0.0.4', '录入台 B', 'count');
    const ballotB = { id: '1:B:1', round: 1, entry: 'B', seq: 1, kind: 'ballot', marks: {}, writeIns: {}, blank: true, unreadable: false, at: '2026-11-29T17:10:00+08:00', clerk: '郑洁', desk: '录入台 B' };
    const pushed = answered(await counter.bridge.hubRequest('POST', '/hub/v1/ballots/push', push([ballotB])));
    expect(pushed.status).toBe(200);

    const journaled = () => documentsFromJournal(readJournalFile(journalPath(leadDir)).lines);
    expect(journaled().checkins.map((c) => c.id)).toEqual([own.id]);
    expect(await hubService(leadDir).journalDeskRecords()).toBe(3);
    const after = journaled();
    expect(after.checkins.map((c) => [c.id, c.desk, c.status])).toEqual(
      [
        [own.id, '主机', 'issued'],
        [second.id, '发票台 1', 'issued'],
        [third.id, '发票台 1', 'issued'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(after.ballots.map((b) => [b.id, b['entry'], b['desk']])).toEqual([['1:B:1', 'B', '录入台 B']]);
    // Nothing twice.
    expect(await hubService(leadDir).journalDeskRecords()).toBe(0);

    // The desk undoes one of its check-ins: the lead's journal follows.
    const pulled = answered(await desk.bridge.hubRequest('GET', '/hub/v1/checkins/pull?checkpoint=null&limit=50')).json as { documents: Array<Record<string, unknown>> };
    const stored = pulled.documents.find((doc) => doc['id'] === second.id)!;
    const undone = { ...second, status: 'undone', undoneAt: '2026-11-29T09:04:00+08:00', undoneBy: '冯静', undoReason: '登记错误' };
    expect(answered(await desk.bridge.hubRequest('POST', '/hub/v1/checkins/push', push([undone], [stored]))).json).toEqual([]);
    expect(await hubService(leadDir).journalDeskRecords()).toBe(1);
    expect(journaled().checkins.find((c) => c.id === second.id)?.status).toBe('undone');
    // A desk has no journal to fill from a hub.
    expect(await hubService(deskDir).journalDeskRecords()).toBe(0);
    expect(journaled().checkins).toHaveLength(3);
  }, 240_000);
});
