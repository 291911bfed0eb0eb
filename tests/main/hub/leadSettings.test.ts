/**
 * The lead's hub settings and the bridge's refusals (issue 16), with hosts in this process on
 * loopback addresses: LAN off by default (the hub answers 127.0.0.1 only, not the host's own
 * 127.0.0.2), on at the address the lead chose, kept in `<data>/hub/settings.json` across a
 * restart, an address that cannot be used refused with the settings and the hub left as they
 * were; who may do what (no lead before an import, a lead never pairs, a standalone machine
 * offers nothing); the anomalies a desk's offline check-in makes, listed and resolved through the
 * lead's bridge.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAllJournals } from '../../../main/services/journal';
import type { ElectionPackage } from '../../../shared/election/schemas';
import type { HubAnswer } from '../../../shared/hub/bridgeTypes';
import { anomalyRecordKey } from '../../../shared/hub/anomalies';
import { smallDemoSetup } from '../../helpers/setup';
import { dataFolder, freePort, hostHere, importThrough, tcpReachable, type Machine } from './support';

const LEAD_IP = '127.0.0.2';
const DESK_IP = '127.0.0.4';

const running: Machine[] = [];
afterAll(async () => {
  for (const machine of running.splice(0)) await machine.stop().catch(() => undefined);
  await closeAllJournals();
});

const codes = (outcome: { ok: boolean; issues?: readonly { code: string }[] }) => (outcome.ok ? [] : (outcome.issues ?? []).map((i) => i.code));

function status(answer: HubAnswer): number {
  if (answer.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(answer)}`);
  return answer.status;
}

const rows = (docs: readonly object[]) => JSON.stringify(docs.map((doc) => ({ assumedMasterState: null, newDocumentState: { _deleted: false, ...doc } })));

describe('the lead\'s hub settings', () => {
  it('LAN off by default (loopback 127.0.0.1 only), on where the lead says, kept across a restart; a busy address is refused and nothing changes, a kept one gone at start falls back to loopback', async () => {
    const dataDir = dataFolder('lead-settings');
    let lead = await hostHere({ dataDir, bind: LEAD_IP });
    running.push(lead);
    // Nothing imported: no hub yet, and nothing to offer.
    expect(await lead.bridge.hubStatus()).toEqual({ role: 'standalone' });
    expect(codes(await lead.bridge.hubEnableLead({ lan: false }))).toEqual(['hub.noPackage']);
    expect(codes(await lead.bridge.hubOffer())).toEqual(['hub.notLead']);
    expect(await lead.bridge.hubRequest('GET', '/hub/v1/hello')).toEqual({ kind: 'standalone' });
    expect(await lead.bridge.hubAnomalies()).toEqual([]);
    await importThrough(lead.bridge, await lead.bridge.demoPackage('small'));
    expect(await lead.bridge.hubStatus()).toEqual({ role: 'standalone' });

    const enabled = await lead.bridge.hubEnableLead({ lan: false });
    if (!enabled.ok || enabled.value.role !== 'lead') throw new Error(JSON.stringify(enabled));
    const loopbackPort = Number(new URL(enabled.value.url).port);
    expect(enabled.value.url).toBe(`https://127.0.0.1:${loopbackPort}`);
    expect(enabled.value.lan.enabled).toBe(false);
    expect(await tcpReachable('127.0.0.1', loopbackPort)).toBe(true);
    expect(await tcpReachable(LEAD_IP, loopbackPort)).toBe(false);
    const kept = JSON.parse(readFileSync(join(dataDir, 'hub', 'settings.json'), 'utf8')) as { lan: boolean };
    expect(kept.lan).toBe(false);
    // The lead's own windows are answered in-process whatever the address.
    expect(status(await lead.bridge.hubRequest('GET', '/hub/v1/hello'))).toBe(200);

    // LAN on, at the address the lead gives.
    const lanPort = await freePort(LEAD_IP);
    const lanOn = await lead.bridge.hubEnableLead({ lan: true, host: LEAD_IP, port: lanPort });
    expect(lanOn.ok && lanOn.value).toMatchObject({ role: 'lead', url: `https://${LEAD_IP}:${lanPort}`, lan: { enabled: true, host: LEAD_IP, port: lanPort } });
    expect(await tcpReachable(LEAD_IP, lanPort)).toBe(true);
    expect(await tcpReachable('127.0.0.1', loopbackPort)).toBe(false);

    // An address already taken: refused, naming it; the hub and the settings stay as they were.
    const squatter = createServer();
    const busyPort = await new Promise<number>((resolve) => squatter.listen(0, LEAD_IP, () => resolve((squatter.address() as { port: number }).port)));
    const busy = await lead.bridge.hubEnableLead({ lan: true, host: LEAD_IP, port: busyPort });
    expect(busy.ok ? null : busy.issues[0]).toMatchObject({ code: 'hub.lanUnavailable', params: { host: LEAD_IP, port: busyPort, detail: 'EADDRINUSE' } });
    squatter.close();
    expect(await lead.bridge.hubStatus()).toMatchObject({ url: `https://${LEAD_IP}:${lanPort}`, lan: { enabled: true, port: lanPort } });
    expect(await tcpReachable(LEAD_IP, lanPort)).toBe(true);

    // Kept across a restart of main: the hub listens there again at once.
    await lead.stop();
    running.splice(running.indexOf(lead), 1);
    expect(await tcpReachable(LEAD_IP, lanPort)).toBe(false);
    lead = await hostHere({ dataDir, bind: LEAD_IP });
    running.push(lead);
    expect(await tcpReachable(LEAD_IP, lanPort)).toBe(true);
    expect(await lead.bridge.hubStatus()).toMatchObject({ role: 'lead', url: `https://${LEAD_IP}:${lanPort}`, lan: { enabled: true, host: LEAD_IP, port: lanPort } });

    // The kept address is taken when main starts again (another program, or the laptop's address
    // changed): main still starts, its hub on loopback, the LAN shown off until the lead enables it.
    await lead.stop();
    running.splice(running.indexOf(lead), 1);
    const taker = createServer();
    await new Promise<void>((resolve) => taker.listen(lanPort, LEAD_IP, () => resolve()));
    lead = await hostHere({ dataDir, bind: LEAD_IP });
    running.push(lead);
    const fallen = await lead.bridge.hubStatus();
    expect(fallen).toMatchObject({ role: 'lead', lan: { enabled: false, host: LEAD_IP, port: lanPort } });
    expect(fallen.role === 'lead' && new URL(fallen.url).hostname).toBe('127.0.0.1');
    await new Promise<void>((resolve) => taker.close(() => resolve()));
    const again = await lead.bridge.hubEnableLead({ lan: true });
    expect(again.ok && again.value).toMatchObject({ url: `https://${LEAD_IP}:${lanPort}`, lan: { enabled: true, host: LEAD_IP, port: lanPort } });

    // LAN off again: back to loopback, the LAN address remembered for next time.
    const off = await lead.bridge.hubEnableLead({ lan: false });
    expect(off.ok && off.value).toMatchObject({ role: 'lead', lan: { enabled: false, host: LEAD_IP, port: lanPort } });
    expect(await tcpReachable(LEAD_IP, lanPort)).toBe(false);
    expect(off.ok && off.value.role === 'lead' && new URL(off.value.url).hostname).toBe('127.0.0.1');

    // A lead never pairs as a desk of another lead.
    expect(codes(await lead.bridge.hubPair({ offerText: 'PSHUB1:x', deskName: '发票台', role: 'checkin' }))).toEqual(['hub.isLead']);
  }, 180_000);
});

describe('a desk\'s pairing request and the lead\'s anomalies through the bridge', () => {
  it('refuses what is not an offer, pairs from the QR text or the typed code, and the 总监票人 resolves the duplicate a partitioned desk made', async () => {
    const hubPort = await freePort(LEAD_IP);
    const lead = await hostHere({ dataDir: dataFolder('lead-anomalies'), bind: LEAD_IP, hubLan: { host: LEAD_IP, port: hubPort } });
    running.push(lead);
    const text = await lead.bridge.demoPackage('small');
    await importThrough(lead.bridge, text);
    const desk = await hostHere({ dataDir: dataFolder('desk-anomalies'), bind: DESK_IP });
    running.push(desk);

    expect(codes(await desk.bridge.hubPair({ offerText: 'not a pairing offer', deskName: '发票台 1', role: 'checkin' }))).toEqual(['hub.offerInvalid']);
    expect(codes(await desk.bridge.hubPair({ deskName: '发票台 1', role: 'checkin' }))).toEqual(['hub.pairingMissing']);
    expect(codes(await desk.bridge.hubPair({ hub: `${LEAD_IP}:${hubPort}`, deskName: '发票台 1', role: 'checkin' }))).toEqual(['hub.pairingMissing']);
    // Arguments the bridge's door refuses before any service runs.
    await expect(desk.bridge.hubPair({ offerText: 'x', deskName: '', role: 'checkin' })).rejects.toThrow(/400/);
    await expect(desk.bridge.hubRequest('GET', '/api/bridge/stationKey')).rejects.toThrow(/400/);
    expect(await desk.bridge.hubStatus()).toEqual({ role: 'standalone' });

    const offer = await lead.bridge.hubOffer();
    if (!offer.ok) throw new Error(JSON.stringify(offer.issues));
    const paired = await desk.bridge.hubPair({ offerText: offer.value.offerText, deskName: '发票台 1', role: 'checkin' });
    if (!paired.ok) throw new Error(JSON.stringify(paired.issues));
    await importThrough(desk.bridge, paired.value.packageText);

    // Polls open at the lead; the lead issues a ballot to the voter, claimed at its hub.
    const voterId = (JSON.parse(text) as ElectionPackage).roll[0]!.id;
    const setup = { id: 'setup', ...smallDemoSetup, emptyBoxCheckedAt: '2026-11-29T07:30:00+08:00' };
    expect(status(await lead.bridge.hubRequest('POST', '/hub/v1/setup/push', rows([setup])))).toBe(200);
    const open = {
      id: 'polling-day',
      snapshot: { status: 'active', value: { polling: 'open' }, context: { round: 1, checkinsInProgress: {}, reconciliation: null, voidReason: null, roundSheet: null }, historyValue: {}, children: {} },
      version: 2,
      savedAt: '2026-11-29T08:00:00+08:00',
      audit: { type: 'polls.opened', at: '2026-11-29T08:00:00+08:00', data: {}, clerk: '周建国', desk: '主机' },
    };
    expect(status(await lead.bridge.hubRequest('POST', '/hub/v1/machine/push', rows([open])))).toBe(200);
    const atLead = { id: `1:${voterId}`, round: 1, voterId, kind: 'inPerson', status: 'issued', issuedAt: '2026-11-29T09:00:00+08:00', clerk: '冯静', desk: '主机' };
    expect(status(await lead.bridge.hubRequest('POST', '/hub/v1/checkin', JSON.stringify({ record: atLead })))).toBe(200);
    // The desk, cut off meanwhile, issued to the same voter and pushes it when it is back.
    const atDesk = { ...atLead, issuedAt: '2026-11-29T09:05:00+08:00', clerk: '钱敏', desk: '发票台 1' };
    expect(status(await desk.bridge.hubRequest('POST', '/hub/v1/checkins/push', rows([atDesk])))).toBe(200);

    const anomalies = await lead.bridge.hubAnomalies();
    expect(anomalies.map((a) => [a.kind, a.voterId, a.resolution])).toEqual([['duplicateCheckin', voterId, null]]);
    const anomaly = anomalies[0]!;
    // A desk has no anomalies to show, and cannot resolve one.
    expect(await desk.bridge.hubAnomalies()).toEqual([]);
    expect(codes(await desk.bridge.hubResolveAnomaly(anomaly.id, { standing: null, reason: 'x', clerk: '孙志强', desk: '发票台 1' }))).toEqual(['hub.notLead']);

    const standing = anomalyRecordKey(anomaly.records.find((r) => r['desk'] === '主机')!);
    expect(codes(await lead.bridge.hubResolveAnomaly(anomaly.id, { standing, reason: '   ', clerk: '孙志强', desk: '主机' }))).toEqual(['hub.resolutionReasonRequired']);
    const resolved = await lead.bridge.hubResolveAnomaly(anomaly.id, { standing, reason: '主机先发出，发票台 1 的选票已收回作废', clerk: '孙志强', desk: '主机' });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.issues));
    expect(resolved.value.resolution).toMatchObject({ standing, by: { clerk: '孙志强', desk: '主机' } });
    expect(codes(await lead.bridge.hubResolveAnomaly(anomaly.id, { standing, reason: '再次', clerk: '孙志强', desk: '主机' }))).toEqual(['hub.anomalyResolved']);
    expect((await lead.bridge.hubAnomalies())[0]!.resolution).toMatchObject({ standing });

    // A count desk pairs from the address and the code typed by hand (lower case, with a dash).
    const counter = await hostHere({ dataDir: dataFolder('desk-typed'), bind: '127.0.0.5' });
    running.push(counter);
    const second = await lead.bridge.hubOffer();
    if (!second.ok) throw new Error(JSON.stringify(second.issues));
    const typed = `${second.value.code.slice(0, 4)}-${second.value.code.slice(4)}`.toLowerCase();
    const byHand = await counter.bridge.hubPair({ hub: `${LEAD_IP}:${hubPort}`, code: typed, deskName: '录入台 1', role: 'count' });
    if (!byHand.ok) throw new Error(JSON.stringify(byHand.issues));
    expect(byHand.value.desk).toMatchObject({ deskName: '录入台 1', role: 'count' });
    expect(await counter.bridge.hubStatus()).toMatchObject({ role: 'desk', deskRole: 'count', hub: `https://${LEAD_IP}:${hubPort}` });
    // The code was used: a third machine typing it again is refused by the hub, in its words.
    const late = await hostHere({ dataDir: dataFolder('desk-late'), bind: '127.0.0.6' });
    running.push(late);
    expect(codes(await late.bridge.hubPair({ hub: `${LEAD_IP}:${hubPort}`, code: second.value.code, deskName: '发票台 9', role: 'checkin' }))).toEqual(['hub.codeUsed']);
    expect(await late.bridge.hubStatus()).toEqual({ role: 'standalone' });
  }, 180_000);
});
