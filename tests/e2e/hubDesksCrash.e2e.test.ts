/**
 * kill -9 at the station (issue 16, "Tests"): the lead on 127.0.0.2 (its hub on 127.0.0.2:PORT,
 * PGlite in its data folder) and two check-in desks on 127.0.0.3/4, each a real host process,
 * driven through their bridges as their windows' claims and replication are.
 *
 *  - the hub's machine is killed -9 while both desks claim check-ins one after another: every claim
 *    the hub answered ok is there after the restart, once; a claim whose answer was lost is sent
 *    again and answered ok (the same record), never refused as issued elsewhere;
 *  - a desk is killed -9 in the middle of pushing 400 check-ins made offline: started again on its
 *    folder (its key and link kept), it pushes the same records again — each at the hub once, no
 *    anomaly of a desk with itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElectionPackage } from '../../shared/election/schemas';
import type { HubAnswer } from '../../shared/hub/bridgeTypes';
import { LEAD_IP, answerOf, checkinRecord, claimThrough, freePort, importThroughBridge, pairThroughBridge, pullAll, pushThrough, removeMachineData, restartMachine, startMachine, type Machine } from '../helpers/hubMachines';
import type { CheckinRecord } from '../../shared/station/records';
import { machineDoc, setupDoc } from '../server/hub/recordsFixture';

let lead: Machine;
let desks: Machine[];
let pkg: ElectionPackage;
const running: Machine[] = [];

beforeAll(async () => {
  const hubPort = await freePort(LEAD_IP);
  [lead, ...desks] = await Promise.all([
    startMachine({ name: '主机', bind: LEAD_IP, hubLan: { host: LEAD_IP, port: hubPort } }),
    startMachine({ name: '发票台 1', bind: '127.0.0.3' }),
    startMachine({ name: '发票台 2', bind: '127.0.0.4' }),
  ]);
  running.push(lead, ...desks);
  const text = await lead.bridge.demoPackage('full');
  pkg = JSON.parse(text) as ElectionPackage;
  await importThroughBridge(lead.bridge, text);
  await pairThroughBridge(lead, desks[0]!, '发票台 1');
  await pairThroughBridge(lead, desks[1]!, '发票台 2');
  // The lead's window would push these: the setup and the polls opened.
  for (const [collection, doc] of [['setup', setupDoc(3200)], ['machine', machineDoc({ polling: 'open' }, 2, { type: 'polls.opened', at: new Date().toISOString() })]] as const) {
    expect(answerOf(await pushThrough(lead.bridge, collection, [doc]))).toEqual({ status: 200, json: [] });
  }
}, 300_000);

afterAll(async () => {
  for (const machine of running) {
    await machine.stop().catch(() => undefined);
    removeMachineData(machine);
  }
}, 120_000);

function replace(before: Machine, after: Machine): void {
  running.splice(running.indexOf(before), 1, after);
}

describe('kill -9 at the station', () => {
  it('of the hub mid-stream and of a desk mid-push: nothing confirmed is lost or duplicated', async () => {
    const voters = pkg.roll.filter((v) => v.status === 'registered').map((v) => v.id);
    const names = ['发票台 1', '发票台 2'];
    const confirmed = new Map<string, string>();
    const unanswered: Array<{ desk: number; record: CheckinRecord }> = [];
    let killed = false;
    // Each desk claims its voters one after another; the hub's machine is killed -9 after 40 are confirmed.
    const stream = async (index: number) => {
      for (const voterId of voters.filter((_, n) => n % 2 === index).slice(0, 60)) {
        const record = checkinRecord(voterId, names[index]!);
        let answer: HubAnswer;
        try {
          answer = await claimThrough(desks[index]!.bridge, record);
        } catch {
          answer = { kind: 'offline', reason: 'bridge' };
        }
        if (answer.kind === 'answer' && answer.status === 200) confirmed.set(voterId, names[index]!);
        else if (answer.kind === 'offline') unanswered.push({ desk: index, record });
        else throw new Error(`${voterId}: ${answer.kind === 'answer' ? `${answer.status} ${answer.body}` : answer.kind}`);
        if (!killed && confirmed.size >= 40) {
          killed = true;
          void lead.kill9();
        }
      }
    };
    await Promise.all([stream(0), stream(1)]);
    expect(killed).toBe(true);
    expect(unanswered.length).toBeGreaterThan(0);

    const before = lead;
    lead = await restartMachine(before);
    replace(before, lead);
    // Every confirmed claim survived the kill, once.
    const afterKill = await pullAll(lead.bridge, 'checkins');
    expect(new Set(afterKill.map((doc) => doc.id)).size).toBe(afterKill.length);
    for (const [voterId, desk] of confirmed) expect(afterKill.find((doc) => doc['voterId'] === voterId)?.['desk'], voterId).toBe(desk);
    // Claims whose answer never came are sent again: each is answered ok, at most once at the hub.
    for (const { desk, record } of unanswered) {
      const { status, json } = answerOf(await claimThrough(desks[desk]!.bridge, record));
      expect(status, `${record.voterId}: ${JSON.stringify(json)}`).toBe(200);
      confirmed.set(record.voterId, names[desk]!);
    }
    const settled = await pullAll(lead.bridge, 'checkins');
    expect(settled).toHaveLength(confirmed.size);
    expect(settled).toHaveLength(120);
    for (const doc of settled) expect(doc['desk']).toBe(confirmed.get(String(doc['voterId'])));

    // Desk 1, cut off earlier, pushes 400 check-ins made offline; killed -9 in the middle of it.
    const offline = voters.slice(200, 600).map((voterId, n) => checkinRecord(voterId, names[0]!, '发票台 1 登记员', new Date(Date.now() - 30 * 60_000 + n * 4000).toISOString()));
    const pushing = pushThrough(desks[0]!.bridge, 'checkins', offline).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const desk1 = desks[0]!;
    await desk1.kill9();
    await pushing;
    const restarted = await restartMachine(desk1);
    replace(desk1, restarted);
    desks[0] = restarted;
    expect(await restarted.bridge.hubStatus()).toMatchObject({ role: 'desk', deskName: '发票台 1' });
    // Its replication pushes what the hub did not confirm: here, all 400 again.
    const again = answerOf<unknown[]>(await pushThrough(restarted.bridge, 'checkins', offline));
    expect(again.status).toBe(200);
    const final = await pullAll(lead.bridge, 'checkins');
    expect(final).toHaveLength(520);
    expect(new Set(final.map((doc) => doc.id)).size).toBe(520);
    for (const record of offline) expect(final.find((doc) => doc.id === record.id)?.['desk']).toBe('发票台 1');
    expect(await lead.bridge.hubAnomalies()).toEqual([]);
  }, 600_000);
});
