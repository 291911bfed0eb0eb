/**
 * One station, two machines (issue 16): the lead as a real host process on 127.0.0.2 with its hub
 * on the LAN there (`--bind 127.0.0.2 --data … --hub-lan 127.0.0.2:PORT`), a desk host on
 * 127.0.0.3 — both talked to through their StationBridge over HTTP, as their renderers do. The
 * desk pairs from the lead's QR text, imports the hub's package, replicates through `hubRequest`
 * (signed, over the pinned TLS link), is `offline` within its bound when the lead hangs or is
 * gone and online again when it is back with its kept settings, and gets nothing but 401 once revoked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ElectionPackage } from '../../../shared/election/schemas';
import type { HubAnswer } from '../../../shared/hub/bridgeTypes';
import { decodePairingOffer } from '../../../shared/hub/protocol';
import { HUB_TIMING } from '../../../shared/hub/timing';
import { closeAllJournals } from '../../../main/services/journal';
import { dataFolder, freePort, hostHere, hostProcess, importThrough, tcpReachable, type Machine } from './support';

const LEAD_IP = '127.0.0.2';
const DESK_IP = '127.0.0.3';

const running: Machine[] = [];
afterAll(async () => {
  for (const machine of running.splice(0)) await machine.stop().catch(() => undefined);
  await closeAllJournals();
});

function bodyOf(answer: HubAnswer): { status: number; json: unknown } {
  if (answer.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(answer)}`);
  return { status: answer.status, json: JSON.parse(answer.body) as unknown };
}

async function pullAll(bridge: Machine['bridge'], collection: string): Promise<Array<Record<string, unknown>>> {
  const docs: Array<Record<string, unknown>> = [];
  let checkpoint: unknown = null;
  for (;;) {
    const { status, json } = bodyOf(await bridge.hubRequest('GET', `/hub/v1/${collection}/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=50`));
    expect(status).toBe(200);
    const page = json as { documents: Array<Record<string, unknown>>; checkpoint: unknown };
    if (page.documents.length === 0) return docs;
    docs.push(...page.documents);
    checkpoint = page.checkpoint;
  }
}

const machineDoc = (value: unknown, version: number, type: string) => ({
  id: 'polling-day',
  snapshot: { status: 'active', value, context: { round: 1, checkinsInProgress: {}, reconciliation: null, voidReason: null, roundSheet: null }, historyValue: {}, children: {} },
  version,
  savedAt: '2026-11-29T08:00:00+08:00',
  audit: { type, at: '2026-11-29T08:00:00+08:00', data: {}, clerk: '周建国', desk: '主机' },
});

const newRows = (docs: readonly object[]) => JSON.stringify(docs.map((doc) => ({ assumedMasterState: null, newDocumentState: { _deleted: false, ...doc } })));

describe('a lead and a desk on loopback addresses', () => {
  it('pair through the bridge, replicate through hubRequest, go offline and back, and a revoked desk gets 401', async () => {
    const hubPort = await freePort(LEAD_IP);
    const leadDir = dataFolder('lead');
    let lead = await hostProcess({ dataDir: leadDir, bind: LEAD_IP, hubLan: `${LEAD_IP}:${hubPort}` });
    running.push(lead);
    expect(lead.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    // The lead with nothing imported: its hub waits for the package.
    expect(await lead.bridge.hubStatus()).toEqual({ role: 'standalone' });
    const text = await lead.bridge.demoPackage('small');
    await importThrough(lead.bridge, text);

    const status = await lead.bridge.hubStatus();
    expect(status).toMatchObject({ role: 'lead', url: `https://${LEAD_IP}:${hubPort}`, lan: { enabled: true, host: LEAD_IP, port: hubPort } });
    const offer = await lead.bridge.hubOffer();
    if (!offer.ok) throw new Error(JSON.stringify(offer.issues));
    expect(offer.value.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(decodePairingOffer(offer.value.offerText)).toMatchObject({ hub: `https://${LEAD_IP}:${hubPort}`, code: offer.value.code, fingerprint: status.role === 'lead' ? status.fingerprint : '' });

    const deskDir = dataFolder('desk');
    const desk = await hostHere({ dataDir: deskDir, bind: DESK_IP });
    running.push(desk);
    expect(desk.url).toMatch(/^http:\/\/127\.0\.0\.3:\d+$/);
    expect(await desk.bridge.hubRequest('GET', '/hub/v1/hello')).toEqual({ kind: 'standalone' });
    const paired = await desk.bridge.hubPair({ offerText: offer.value.offerText, deskName: '发票台 2', role: 'checkin' });
    if (!paired.ok) throw new Error(JSON.stringify(paired.issues));
    expect(paired.value.desk).toMatchObject({ deskName: '发票台 2', role: 'checkin', stationId: 'hq-yanfeng-demo' });
    // The package the hub gives is the lead's, imported through the normal checked import.
    expect(JSON.parse(paired.value.packageText)).toEqual(JSON.parse(text));
    await importThrough(desk.bridge, paired.value.packageText);
    // Pairing again (the same offer, or any) is refused: this machine is a desk now.
    const again = await desk.bridge.hubPair({ offerText: offer.value.offerText, deskName: '发票台 3', role: 'checkin' });
    expect(again.ok ? [] : again.issues.map((i) => i.code)).toEqual(['hub.isDesk']);
    // A desk is never the lead.
    const asLead = await desk.bridge.hubEnableLead({ lan: false });
    expect(asLead.ok ? [] : asLead.issues.map((i) => i.code)).toEqual(['hub.isDesk']);

    // The lead opens the polls; the desk pulls the day's state and may not push it.
    const open = machineDoc({ polling: 'open' }, 2, 'polls.opened');
    expect(bodyOf(await lead.bridge.hubRequest('POST', '/hub/v1/machine/push', newRows([open]))).status).toBe(200);
    const pulledMachine = await pullAll(desk.bridge, 'machine');
    expect(pulledMachine.map((doc) => doc['snapshot'])).toEqual([open.snapshot]);
    const refusedPush = bodyOf(await desk.bridge.hubRequest('POST', '/hub/v1/machine/push', newRows([machineDoc({ polling: 'closed' }, 3, 'polls.closed')])));
    expect(refusedPush.status).toBe(403);
    expect(refusedPush.json).toMatchObject({ code: 'hub.leadOnly' });

    // The desk pushes a check-in (its replication); the lead pulls it, with the desk's name.
    const voterId = (JSON.parse(text) as ElectionPackage).roll[0]!.id;
    const checkin = { id: `1:${voterId}`, round: 1, voterId, kind: 'inPerson', status: 'issued', issuedAt: new Date().toISOString(), clerk: '冯静', desk: '发票台 2' };
    expect(bodyOf(await desk.bridge.hubRequest('POST', '/hub/v1/checkins/push', newRows([checkin])))).toEqual({ status: 200, json: [] });
    expect((await pullAll(lead.bridge, 'checkins')).map((doc) => [doc['id'], doc['desk']])).toEqual([[`1:${voterId}`, '发票台 2']]);
    const deskStatus = await desk.bridge.hubStatus();
    expect(deskStatus).toMatchObject({ role: 'desk', deskName: '发票台 2', deskRole: 'checkin', hub: `https://${LEAD_IP}:${hubPort}`, online: true });
    const leadStatus = await lead.bridge.hubStatus();
    expect(leadStatus.role === 'lead' && leadStatus.desks.find((d) => d.deskName === '发票台 2')?.lastContact).toBeTruthy();

    // The lead's machine hangs (stopped: connections are accepted, never answered). On the
    // connection the hub took before, the desk cannot tell it from a slow hub: it waits the
    // answer's bound (HUB_TIMING.answerMs) and answers `slow` — still online. The next request
    // needs a new connection, whose handshake never comes: offline within the connection's bound.
    // Online again once the lead runs.
    lead.child.kill('SIGSTOP');
    const hung = Date.now();
    const waited = await desk.bridge.hubRequest('GET', '/hub/v1/hello');
    const hungFor = Date.now() - hung;
    const secondAt = Date.now();
    const thenOffline = await desk.bridge.hubRequest('GET', '/hub/v1/hello');
    const offlineAfter = Date.now() - secondAt;
    const whileHung = await desk.bridge.hubStatus();
    lead.child.kill('SIGCONT');
    expect(waited).toMatchObject({ kind: 'offline', slow: true });
    expect(hungFor).toBeGreaterThanOrEqual(HUB_TIMING.answerMs - 100);
    expect(hungFor).toBeLessThan(HUB_TIMING.answerMs + 2500);
    expect(thenOffline).toEqual({ kind: 'offline', reason: 'timeout' });
    expect(offlineAfter).toBeGreaterThanOrEqual(1400);
    expect(offlineAfter).toBeLessThan(4000);
    expect(whileHung).toMatchObject({ role: 'desk', online: false });
    expect(bodyOf(await desk.bridge.hubRequest('GET', '/hub/v1/hello')).status).toBe(200);
    expect(await desk.bridge.hubStatus()).toMatchObject({ role: 'desk', online: true });

    // The lead's machine is gone (killed): the desk answers offline at once, never hangs.
    await lead.kill();
    running.splice(running.indexOf(lead), 1);
    const started = Date.now();
    const offline = await desk.bridge.hubRequest('GET', '/hub/v1/hello');
    expect(offline.kind).toBe('offline');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await desk.bridge.hubStatus()).toMatchObject({ role: 'desk', online: false });
    expect(await tcpReachable(LEAD_IP, hubPort)).toBe(false);

    // Started again without --hub-lan: its kept settings put the hub back on the same address.
    lead = await hostProcess({ dataDir: leadDir, bind: LEAD_IP });
    running.push(lead);
    expect(await lead.bridge.hubStatus()).toMatchObject({ role: 'lead', url: `https://${LEAD_IP}:${hubPort}`, lan: { enabled: true, host: LEAD_IP, port: hubPort } });
    expect(bodyOf(await desk.bridge.hubRequest('GET', '/hub/v1/hello')).json).toMatchObject({ desk: { deskName: '发票台 2' }, stationId: 'hq-yanfeng-demo' });
    expect(await desk.bridge.hubStatus()).toMatchObject({ online: true });
    // Nothing confirmed was lost with the lead's process.
    expect((await pullAll(desk.bridge, 'checkins')).map((doc) => doc['id'])).toEqual([`1:${voterId}`]);

    // Revoked: the desk's next request gets nothing but a refusal.
    const deskId = paired.value.desk.deskId;
    const revoked = await lead.bridge.hubRevoke(deskId);
    if (!revoked.ok) throw new Error(JSON.stringify(revoked.issues));
    expect(revoked.value.role === 'lead' && revoked.value.desks.find((d) => d.deskId === deskId)?.revokedAt).toBeTruthy();
    const refused = bodyOf(await desk.bridge.hubRequest('GET', '/hub/v1/checkins/pull?checkpoint=null&limit=50'));
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ code: 'hub.unauthorized' });
    expect(JSON.stringify(refused.json)).not.toContain(voterId);
  }, 240_000);
});
